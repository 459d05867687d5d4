from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "lotse.jobs"
    label = "jobs"
    verbose_name = _("Background jobs")

    def ready(self) -> None:
        # A failed task is run again with back-off (lotse.jobs.services.retry).
        from . import shell  # noqa: F401
        from .signals import connect

        connect()
