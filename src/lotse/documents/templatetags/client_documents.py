"""Filters for client documents; they use the active language, which render_html sets.

In right-to-left documents, numbers, addresses and e-mail addresses need a bidi isolate:
otherwise "+49 30 1234" prints as "1234 30 49+". ``ltr`` wraps text in LRI…PDI,
``isolate`` (for names, which may be in any script) in FSI…PDI. Both keep line breaks as <br>.

``letterhead`` turns a centre into what ``documents/_letterhead.html`` shows.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from lotse.documents.letterhead import letterhead_context
from lotse.documents.rendering import RTL_LANGUAGES, format_document_date

register = template.Library()

LRI, FSI, PDI = "\u2066", "\u2068", "\u2069"


def _wrap(value: Any, opening: str) -> SafeString:
    text = conditional_escape("" if value is None else value)
    lines = [line.strip() for line in str(text).splitlines()]
    if get_language() in RTL_LANGUAGES:
        lines = [f"{opening}{line}{PDI}" if line else line for line in lines]
    return mark_safe("<br>".join(lines))  # noqa: S308  # nosec B308 B703 - every line was escaped above


@register.filter
def ltr(value: Any) -> SafeString:
    """Left-to-right text (phone, e-mail, address, file number) inside any document."""
    return _wrap(value, LRI)


@register.filter
def isolate(value: Any) -> SafeString:
    """Text whose direction follows its own first letter (names in any script)."""
    return _wrap(value, FSI)


@register.filter
def document_date(value: date | None) -> str:
    """The date in the numeric format of the active document language."""
    if value is None:
        return ""
    return format_document_date(value, get_language() or "de")


@register.filter
def letterhead(centre: Any) -> dict[str, str]:
    """What ``documents/_letterhead.html`` shows for a Centre or a document's centre mapping."""
    return letterhead_context(centre)
