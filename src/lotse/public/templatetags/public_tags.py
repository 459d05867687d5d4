"""Template helpers of the public pages."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import time

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from lotse.public.languages import RTL, display_name

register = template.Library()


def _separator(page_language: str) -> str:
    return "، " if page_language in RTL else ", "


@register.simple_tag
def word_list(words: Iterable[str], page_language: str) -> SafeString:
    """Words joined with the comma of the page's script, each isolated (<bdi>)."""
    return format_html_join(_separator(page_language), "<bdi>{}</bdi>", ((w,) for w in words))


@register.simple_tag
def language_list(codes: Iterable[str], page_language: str) -> SafeString:
    return word_list([display_name(code, page_language) for code in codes], page_language)


@register.filter
def bdi(value: str) -> SafeString:
    """A name of any script, isolated from the sentence around it."""
    return format_html("<bdi>{}</bdi>", value)


@register.simple_tag
def language_label(code: str, page_language: str) -> str:
    return display_name(code, page_language)


@register.filter
def hm(value: time | None) -> str:
    """09:00 — the 24-hour clock, with Western digits in every language."""
    return "" if value is None else f"{value:%H:%M}"
