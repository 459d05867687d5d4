"""``{% client_file_sections client "header" %}``: the blocks other apps add to the file."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from ..file_sections import file_sections

register = template.Library()


@register.simple_tag(takes_context=True)
def client_file_sections(context: template.Context, client: Any, place: str) -> SafeString:
    request = context.get("request")
    if request is None or client is None:
        return mark_safe("")  # nosec B308 B703 - empty
    parts = []
    for section in file_sections(place):
        extra = section.context(request, client)
        if extra is None:
            continue
        parts.append(
            render_to_string(section.template, {"client": client, **extra}, request=request)
        )
    return mark_safe("".join(parts))  # noqa: S308  # nosec B308 B703 - autoescaped templates
