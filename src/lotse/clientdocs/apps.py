from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClientDocsConfig(AppConfig):
    name = "lotse.clientdocs"
    label = "clientdocs"
    verbose_name = _("Client documents")

    def ready(self) -> None:
        # Registers the client-file tab and the erasure hook; both import models, which load
        # only after the app registry.
        from . import shell  # noqa: F401
