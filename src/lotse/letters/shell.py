"""Letters in the shell: the navigation entry and the shipped templates after migrate."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from lotse.accounts.roles import CLIENT_ROLES
from lotse.common.registry import nav_entry

from .services import install_defaults_everywhere

nav_entry(
    "letters",
    _("Letters"),
    "letters_template_list",
    order=46,
    visible=lambda user: user.has_role(*CLIENT_ROLES),
    active_for=(
        "letters_template_list",
        "letters_template_create",
        "letters_template_detail",
        "letters_mass",
        "letters_mass_run",
    ),
)


def _install_after_migrate(sender: Any, **kwargs: Any) -> None:
    # Existing centres get the shipped templates once the tables exist (first use after an
    # upgrade); centres created later get them with `lotse letters install-defaults`, the
    # demo, or the button on the template list.
    if getattr(sender, "name", "") == "lotse.letters" and kwargs.get("plan") is not None:
        install_defaults_everywhere()


post_migrate.connect(_install_after_migrate, dispatch_uid="letters_install_defaults")
