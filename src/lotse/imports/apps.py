from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "lotse.imports"
    label = "imports"
    verbose_name = _("Import")

    def ready(self) -> None:
        from . import shell  # noqa: F401
