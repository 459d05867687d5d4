from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfficeConfig(AppConfig):
    name = "lotse.office"
    label = "office"
    verbose_name = _("Tasks and flags")

    def ready(self) -> None:
        # Registers the nav entry, dashboard panel, client-file sections and demo step; they
        # import models, which load only after the app registry.
        from . import shell  # noqa: F401
