"""Short, readable summaries of audit details for the data-protection officer's page."""

from __future__ import annotations

from typing import Any

from django import template
from django.apps import apps
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from lotse.audit.labels import action_label, detail_text, record_name

register = template.Library()


def _field_names(object_type: str, names: list[str]) -> list[str]:
    """Field names of the record ("first_name", "team_id") as their labels ("Vorname", "Team")."""
    try:
        model = apps.get_model(object_type) if "." in object_type else None
    except (LookupError, ValueError):
        model = None
    if model is None:
        return [str(n) for n in names]
    by_name: dict[str, str] = {}
    for field in model._meta.get_fields():
        verbose = getattr(field, "verbose_name", None)
        if verbose is None:
            continue
        label = str(capfirst(str(verbose)))
        by_name[field.name] = label
        if attname := getattr(field, "attname", None):
            by_name[attname] = label
    return [by_name.get(str(n), str(n)) for n in names]


@register.filter
def audit_summary(data: dict[str, Any], object_type: str = "") -> str:
    if not data:
        return ""
    if "changed" in data:
        fields = _field_names(object_type, list(data["changed"]))
        return _("changed: %(fields)s") % {"fields": ", ".join(fields)}
    if "fields" in data:
        fields = _field_names(object_type, sorted(data["fields"]))
        return _("created with: %(fields)s") % {"fields": ", ".join(fields)}
    text = detail_text(data)
    return text if len(text) <= 120 else text[:119] + "…"


@register.filter
def audit_action(action: str) -> str:
    """ "Akte geöffnet" for ``client.viewed``: what happened, in words."""
    return action_label(action)


@register.filter
def audit_object(object_type: str) -> str:
    """ "Klient:in" for ``clients.client``: the kind of record, in words."""
    return record_name(object_type) or object_type
