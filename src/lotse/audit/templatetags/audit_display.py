"""Short, readable summaries of audit details for the data-protection officer's page."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def audit_summary(data: dict[str, Any]) -> str:
    if not data:
        return ""
    if "changed" in data:
        return _("changed: %(fields)s") % {"fields": ", ".join(data["changed"])}
    if "fields" in data:
        return _("created with: %(fields)s") % {"fields": ", ".join(sorted(data["fields"]))}
    parts = [f"{key}={value}" for key, value in sorted(data.items())]
    text = "; ".join(parts)
    return text if len(text) <= 120 else text[:119] + "…"
