from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    name = "lotse.messaging"
    label = "messaging"
    verbose_name = _("Messages to clients")

    def ready(self) -> None:
        # Registers the client-file section and the dashboard panel; they import models,
        # which load only after the app registry.
        from . import shell  # noqa: F401
