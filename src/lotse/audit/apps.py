from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "lotse.audit"
    label = "audit"
    verbose_name = _("Audit trail")

    def ready(self) -> None:
        # Registers the navigation entry and panel (shell) and connects the audit receivers
        # (signals); both import models, which load only after the app registry (Django imports
        # apps.py before any model).
        from . import (
            shell,  # noqa: F401
            signals,
        )

        signals.connect_audited_models()
