from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    name = "lotse.stats"
    label = "stats"
    verbose_name = _("Statistics")

    def ready(self) -> None:
        from . import shell  # noqa: F401 - registers the navigation entry
