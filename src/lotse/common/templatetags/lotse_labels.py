"""Codes shown to people as words: a language code as the language's name."""

from __future__ import annotations

from django import template

from lotse.common.languages import language_name as _language_name

register = template.Library()


@register.filter
def language_name(code: str | None) -> str:
    """ "Ukrainisch" for "uk" in the current language; the code itself if unknown."""
    return _language_name(code) if code else ""
