from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "lotse.cases"
    label = "cases"
    verbose_name = _("Case management")

    def ready(self) -> None:
        # Registers the client-file tab and panels; shell imports models, which load only after
        # the app registry (Django imports apps.py before any model).
        from . import shell  # noqa: F401
