from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    name = "lotse.stats"
    label = "stats"
    verbose_name = _("Statistics")

    def ready(self) -> None:
        # Registers the navigation entry. Like every app's registrations it runs in ready(), once
        # all apps are loaded, not when Django imports apps.py while it builds the registry.
        from . import shell  # noqa: F401
        from .signals import connect

        connect()
