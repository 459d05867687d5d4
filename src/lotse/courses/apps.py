"""German for this app's pages lives in its own catalogue, ``locale/de/LC_MESSAGES/django.po``
(Django reads the locale directory of every installed app; the project catalogue in
``lotse/locale`` wins where both translate a string). Client-document strings (the referral
letter) are in the project catalogues of all eight document languages.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "lotse.courses"
    label = "courses"
    verbose_name = _("Integration courses")

    def ready(self) -> None:
        # Registers navigation, tab and dashboard panel; shell imports models, which load only
        # after the app registry (Django imports apps.py before any model).
        from . import shell  # noqa: F401
