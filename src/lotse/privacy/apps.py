from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "lotse.privacy"
    label = "privacy"
    verbose_name = _("Data protection")

    def ready(self) -> None:
        # Registers the retention categories and the navigation entry; categories imports
        # models, which load only after the app registry (Django imports apps.py before any model).
        from . import categories, shell  # noqa: F401
