"""Filters for client documents; they use the active language, which render_html sets.

In right-to-left documents, numbers, addresses and e-mail addresses need a bidi isolate:
otherwise "+49 30 1234" prints as "1234 30 49+". ``ltr`` wraps text in LRI…PDI,
``isolate`` (for names, which may be in any script) in FSI…PDI. Both keep line breaks as <br>.

``letterhead`` turns a centre into what ``documents/_letterhead.html`` shows.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Any

from django import template
from django.utils.html import conditional_escape, format_html
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


_LATIN = "A-Za-z\u00c0-\u024f"
# A run of Latin words, numbers and the punctuation between them ("§ 44a (1) no. 2 AufenthG",
# "0123 456789-0"), ending with a letter or digit so that a closing bracket or full stop of the
# surrounding right-to-left sentence stays outside.
LATIN_RUN = re.compile(rf"[{_LATIN}0-9§+](?:[{_LATIN}0-9§+.,:;/()\-–@& ]*[{_LATIN}0-9])?")


SHORT_RUN = 40


def _rtl_with_latin_runs(text: str) -> SafeString:
    """Right-to-left text, each Latin or numeric run isolated left-to-right inside it."""
    parts = []
    position = 0
    for match in LATIN_RUN.finditer(text):
        parts.append(str(conditional_escape(text[position : match.start()])))
        run = match.group()
        if len(run) <= SHORT_RUN:
            # A line break inside an isolate loses its direction in the PDF: keep it whole.
            run = run.replace(" ", "\u00a0")
        parts.append(f"{LRI}{conditional_escape(run)}{PDI}")
        position = match.end()
    parts.append(str(conditional_escape(text[position:])))
    return mark_safe(f"{FSI}{''.join(parts)}{PDI}")  # noqa: S308  # nosec B308 B703 - parts escaped


def _first_strong_direction(text: str) -> str:
    """ "ltr", "rtl" or "" (no letter): the direction of the first strong character."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return ""


@register.filter
def bidi_line(value: Any) -> SafeString:
    """One line of a value in a table cell, in its own direction.

    In a left-to-right document a line that starts in Arabic or Persian script becomes a
    right-to-left block set against the cell's left edge; Latin lines are unchanged.
    In a right-to-left document a German sentence that wraps onto a second line lost its
    direction at the break (the full stop printed at the left). Here a Latin line becomes a
    left-to-right block set against the cell's right edge; lines without letters (numbers,
    dates) are isolated like ``ltr``; right-to-left text is isolated like ``isolate``, with
    each Latin or numeric run inside it isolated left-to-right.
    """
    text = "" if value is None else str(value)
    direction = _first_strong_direction(text)
    if get_language() not in RTL_LANGUAGES:
        # In a left-to-right letter an Arabic address printed as "12345 <street> Musterstadt":
        # a line that starts in a right-to-left script is set right to left, at the cell's
        # left edge like the other values.
        if direction == "rtl":
            return format_html('<span class="rtl-block" dir="rtl">{}</span>', text)
        return isolate(text)
    if direction == "ltr":
        return format_html('<span class="ltr-block" dir="ltr">{}</span>', text)
    if direction == "rtl":
        return _rtl_with_latin_runs(text)
    return ltr(text)
