from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppointmentsConfig(AppConfig):
    name = "lotse.appointments"
    label = "appointments"
    verbose_name = _("Appointments")

    def ready(self) -> None:
        # Registers navigation, tab and panels; shell imports models, which load only after the
        # app registry (Django imports apps.py before any model).
        from . import shell  # noqa: F401
