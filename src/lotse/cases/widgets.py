"""A list of check boxes that looks right inside ``includes/form_fields.html``.

That include gives every widget Bootstrap's ``form-control`` class, which turns check boxes
into bars; this widget swaps it for ``form-check-input`` and lays the options out in columns.
"""

from __future__ import annotations

from typing import Any

from django import forms


class CheckboxList(forms.CheckboxSelectMultiple):
    template_name = "cases/widgets/checkbox_list.html"
    option_template_name = "cases/widgets/checkbox_option.html"

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        attrs = dict(attrs or {})
        classes = [c for c in str(attrs.get("class", "")).split() if c != "form-control"]
        attrs["class"] = " ".join(["form-check-input", *classes])
        return super().get_context(name, value, attrs)
