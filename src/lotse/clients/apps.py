from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClientsConfig(AppConfig):
    name = "lotse.clients"
    label = "clients"
    verbose_name = _("Clients")

    def ready(self) -> None:
        # Registers navigation, tabs and panels; the shell modules import models, which load
        # only after the app registry (Django imports apps.py before any model).
        from . import shell, shell_contacts  # noqa: F401
        from .services.last_contact import connect

        connect()
