from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LettersConfig(AppConfig):
    name = "lotse.letters"
    label = "letters"
    verbose_name = _("Letters")

    def ready(self) -> None:
        # Navigation, demo step and the hook that gives every new centre the shipped templates;
        # they import models, which load only after the app registry.
        from . import shell  # noqa: F401
