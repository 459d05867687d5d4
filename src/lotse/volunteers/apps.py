from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteersConfig(AppConfig):
    name = "lotse.volunteers"
    label = "volunteers"
    verbose_name = _("Volunteers")

    def ready(self) -> None:
        # Registers navigation, tab and panels; shell imports models, which load only after the
        # app registry (Django imports apps.py before any model).
        from . import shell  # noqa: F401
