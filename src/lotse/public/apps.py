from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    name = "lotse.public"
    label = "public"
    verbose_name = _("Public pages")

    def ready(self) -> None:
        # Registers the administrator's navigation entry, once all apps are loaded.
        from . import shell  # noqa: F401
