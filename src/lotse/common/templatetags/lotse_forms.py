"""Render form widgets with Bootstrap classes and the ARIA links to their hints and errors."""

from __future__ import annotations

from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString

register = template.Library()

_CHECK_TYPES = {"checkbox", "radio"}
# Groups of check boxes or radio buttons: each box gets Bootstrap's check class, never the
# text-field class "form-control", which hides the tick of a checked box.
_CHOICE_GROUP_TYPES = {"checkboxselectmultiple", "radioselect"}
_SELECT_TYPES = {"select", "selectmultiple"}


@register.filter
def bootstrap_widget(field: BoundField) -> SafeString:
    widget_type = field.widget_type
    if widget_type in _CHECK_TYPES or widget_type in _CHOICE_GROUP_TYPES:
        css = "form-check-input"
    elif widget_type in _SELECT_TYPES:
        css = "form-select"
    else:
        css = "form-control"
    attrs: dict[str, str | bool] = {"class": css + (" is-invalid" if field.errors else "")}
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}_help")
    if field.errors:
        described.append(f"{field.auto_id}_error")
        attrs["aria-invalid"] = "true"
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return field.as_widget(attrs=attrs)


@register.filter
def is_choice_group(field: BoundField) -> bool:
    """Several check boxes or radio buttons: shown as a fieldset, one labelled box each."""
    return field.widget_type in _CHOICE_GROUP_TYPES
