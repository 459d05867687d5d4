from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "lotse.privacy"
    label = "privacy"
    verbose_name = _("Data protection")

    def ready(self) -> None:
        from . import categories, shell  # noqa: F401
