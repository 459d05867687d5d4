from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommonConfig(AppConfig):
    name = "lotse.common"
    label = "common"
    verbose_name = _("Common")

    def ready(self) -> None:
        from . import form_safety

        form_safety.install()
