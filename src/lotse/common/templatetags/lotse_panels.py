"""Template filters of the dashboard panels."""

from __future__ import annotations

from django import template
from django.utils.formats import number_format

from lotse.common.registry import PANEL_COUNT_CAP

register = template.Library()


@register.filter
def capped(value: int) -> str:
    """A panel's count as shown: "100+" above the cap (the count stops there)."""
    if value > PANEL_COUNT_CAP:
        return f"{number_format(PANEL_COUNT_CAP)}+"
    return number_format(value)
