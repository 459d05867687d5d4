"""How a flag looks: its colour and the "set by … on …" line (file, list, search results)."""

from __future__ import annotations

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from .models import ClientFlag, FlagKind

# The two that call for action now stand out (Bootstrap's contrast-checked colour pairs).
FLAG_CSS = {
    FlagKind.CRISIS: "text-bg-danger",
    FlagKind.DANGER: "text-bg-danger",
    FlagKind.CHILD_WELFARE: "text-bg-warning",
    FlagKind.PRIORITY: "text-bg-primary",
    FlagKind.INTERPRETER: "text-bg-info",
}


def flag_css(flag: ClientFlag) -> str:
    return FLAG_CSS.get(FlagKind(flag.kind), "text-bg-secondary")


def _day(moment: object) -> str:
    return formats.date_format(timezone.localtime(moment), "d.m.Y")  # type: ignore[arg-type]


def set_by_text(flag: ClientFlag) -> str:
    """ "gesetzt von Berater:in am 25.11.2026" (the day in the centre's time zone)."""
    return _("set by %(name)s on %(date)s") % {"name": str(flag.set_by), "date": _day(flag.set_at)}


def cleared_by_text(flag: ClientFlag) -> str:
    return _("cleared by %(name)s on %(date)s") % {
        "name": str(flag.cleared_by),
        "date": _day(flag.cleared_at),
    }
