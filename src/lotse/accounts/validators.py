"""A second list of guessable passwords, shipped with Lotse (no network look-up)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

LIST = Path(__file__).with_name("data") / "common-passwords-de.txt"


@cache
def _known() -> frozenset[str]:
    lines = LIST.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().casefold() for line in lines if line and not line.startswith("#"))


class GermanCommonPasswordValidator:
    """Refuse passwords from the shipped list, also with digits or '!' appended."""

    def validate(self, password: str, user: object = None) -> None:
        folded = password.strip().casefold()
        stem = folded.rstrip("0123456789!?.#*+-_ ")
        if folded in _known() or (stem and stem in _known()):
            raise ValidationError(
                _("This password is too easy to guess. Please choose a different one."),
                code="password_too_common",
            )

    def get_help_text(self) -> str:
        return _("Your password must not be a commonly used word or pattern.")
