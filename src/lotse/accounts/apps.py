from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "lotse.accounts"
    label = "accounts"
    verbose_name = _("Users and roles")

    def ready(self) -> None:
        # Registers the navigation and dashboard panels (shell) and the login receivers
        # (signals); both import models, which load only after the app registry (Django
        # imports apps.py before any model).
        from . import shell, signals  # noqa: F401
