"""Turns the reason codes of ``matching`` into sentences, translated at display time."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from .choices import SLOT_LABELS, Interest, language_name
from .matching import Component

_LEVELS = {
    "basic": "A1/A2",
    "good": "B1/B2",
    "fluent": "C1/C2",
}


def _level(name: str) -> str:
    return _("native language") if name == "native" else _LEVELS.get(name, name)


def _slots(codes: tuple[str, ...]) -> str:
    return ", ".join(str(SLOT_LABELS.get(code, code)) for code in codes)


def _interests(codes: tuple[str, ...]) -> str:
    labels = dict(Interest.choices)
    return ", ".join(str(labels.get(code, code)) for code in codes)


def explain(component: Component) -> str:
    """One plain sentence for a component of a match."""
    d = component.details
    match component.reason:
        case "language_shared":
            return _("Both speak %(language)s (%(level)s).") % {
                "language": language_name(d[0]),
                "level": _level(d[1]),
            }
        case "language_bilingual":
            return _(
                "Bilingual contact person, as asked: speaks %(language)s with the partner "
                "(%(level)s)."
            ) % {"language": language_name(d[0]), "level": _level(d[1])}
        case "language_none":
            return _("No common language.")
        case "district_reachable":
            return _("Can reach %(district)s.") % {"district": d[0]}
        case "district_unreachable":
            return _("Cannot reach %(district)s.") % {"district": d[0]}
        case "district_unknown":
            return _("The partner named no district.")
        case "slots_common":
            return _("Common times: %(slots)s.") % {"slots": _slots(d)}
        case "slots_none":
            return _("No common time in the week.")
        case "slots_unknown":
            return _("The partner named no times.")
        case "interests_common":
            return _("Common interests: %(interests)s.") % {"interests": _interests(d)}
        case "interests_none":
            return _("No common interests.")
        case "interests_unknown":
            return _("The partner named no interests.")
        case "preferences_met":
            return _("The wishes about the other person's gender are met.")
        case "preferences_none":
            return _("No wishes about the other person's gender.")
        case "preferences_unmet":
            if d == ("partner",):
                return _("The partner asked for someone of another gender.")
            if d == ("volunteer",):
                return _("The volunteer asked for a partner of another gender.")
            return _("Neither side's wish about gender is met.")
    return component.reason


def component_label(key: str) -> str:
    labels = {
        "language": _("Language"),
        "district": _("District"),
        "availability": _("Times"),
        "interests": _("Interests"),
        "preferences": _("Wishes"),
    }
    return labels.get(key, key)


def component_rows(components: Iterable[Any]) -> list[dict[str, object]]:
    """Components (objects or the dicts stored with a partnership) ready for a template."""
    rows = []
    for item in components:
        component = item if isinstance(item, Component) else _stored(item)
        rows.append(
            {
                "key": component.key,
                "label": component_label(component.key),
                "points": round(component.points),
                "max_points": component.max_points,
                "reason": explain(component),
                "conflict": component.conflict,
            }
        )
    return rows


def _stored(stored: dict[str, Any]) -> Component:
    """A component as ``partnership_propose`` stored it (``dataclasses.asdict``)."""
    return Component(
        key=str(stored.get("key", "")),
        points=float(stored.get("points", 0)),
        max_points=int(stored.get("max_points", 0)),
        reason=str(stored.get("reason", "")),
        details=tuple(str(d) for d in stored.get("details") or ()),
        conflict=bool(stored.get("conflict", False)),
    )
