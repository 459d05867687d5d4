from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from . import form_safety


class CommonConfig(AppConfig):
    name = "lotse.common"
    label = "common"
    verbose_name = _("Common")

    def ready(self) -> None:
        form_safety.install()
