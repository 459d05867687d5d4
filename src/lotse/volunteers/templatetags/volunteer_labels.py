"""Labels for the codes the volunteers app stores (slots, interests, languages, documents)."""

from __future__ import annotations

from collections.abc import Iterable

from django import template

from lotse.clients.models import LanguageLevel

from ..choices import SLOT_LABELS, Activity, DocumentKind, Interest, language_name

register = template.Library()


def _join(codes: Iterable[str] | None, labels: dict[str, object]) -> str:
    return ", ".join(str(labels.get(code, code)) for code in codes or ())


_SLOT_ORDER = {code: index for index, code in enumerate(SLOT_LABELS)}


@register.filter
def slot_labels(codes: Iterable[str] | None) -> str:
    """The slots in the order of the week."""
    ordered = sorted(codes or (), key=lambda code: _SLOT_ORDER.get(code, len(_SLOT_ORDER)))
    return _join(ordered, dict(SLOT_LABELS))


@register.filter
def interest_labels(codes: Iterable[str] | None) -> str:
    return _join(codes, dict(Interest.choices))


@register.filter
def activity_labels(codes: Iterable[str] | None) -> str:
    return _join(codes, dict(Activity.choices))


@register.filter
def document_label(code: str) -> str:
    return str(dict(DocumentKind.choices).get(code, code))


@register.filter
def language_label(code: str) -> str:
    return language_name(code)


@register.filter
def level_label(code: str) -> str:
    return str(dict(LanguageLevel.choices).get(code, code))
