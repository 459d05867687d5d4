from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppointmentsConfig(AppConfig):
    name = "lotse.appointments"
    label = "appointments"
    verbose_name = _("Appointments")

    def ready(self) -> None:
        from . import shell  # noqa: F401 - registers navigation, tab and panels
