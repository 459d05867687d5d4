"""Django's form renderer, with its simplest widget templates rendered in Python (issue #20).

Each form field on a page went through Django's template engine: ``input.html`` including
``attrs.html``, and a ``<select>`` one included template per option — the client page's 24
empty fields (a language list of 33 options among them) cost 13.5 ms of its 39. Here the
templates Django ships for ``<input>``, ``<select>``/``<option>`` and ``<textarea>`` are
written out as the same string operations, byte for byte (``tests/common/test_form_renderer.py``
compares every one with the template's output, including escaping, safe strings, lazy
labels, numbers, option groups and boolean attributes). Anything else — another template,
a project or app template overriding one of these names, an option with its own template —
goes through the templates as before.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import django
from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, SafeString
from django.utils.timezone import template_localtime  # type: ignore[attr-defined]

_WIDGETS = "django/forms/widgets/"
_OWN_TEMPLATES = Path(django.__file__).parent / "forms" / "templates"


def _text(value: Any) -> str:
    """``{{ value }}`` with autoescaping (``render_value_in_context``)."""
    if isinstance(value, str):  # most values: no local time, no number format
        return conditional_escape(value)
    value = localize(template_localtime(value))
    if not issubclass(type(value), str):
        value = str(value)
    return conditional_escape(value)


def _formatted(value: Any) -> str:
    """``{{ value|stringformat:'s' }}``: the filter is marked ``is_safe``, so a safe value
    stays unescaped."""
    try:
        result = "%s" % (str(value) if isinstance(value, tuple) else value,)  # noqa: UP031
    except (TypeError, ValueError):
        result = ""
    if isinstance(value, SafeData):
        result = SafeString(result)  # nosec B703 - the value was safe already (is_safe filter)
    return _text(result)


def _attrs(attrs: Mapping[str, Any]) -> str:
    """``django/forms/widgets/attrs.html``."""
    parts = []
    for name, value in attrs.items():
        if value is not False:
            parts.append(" " + _text(name))
            if value is not True:
                parts.append('="' + _formatted(value) + '"')
    return "".join(parts)


def _input(widget: Mapping[str, Any]) -> str:
    """``django/forms/widgets/input.html``, which ``text.html``, ``date.html`` … include."""
    value = widget.get("value")
    shown = ' value="' + _formatted(value) + '"' if value != None else ""  # noqa: E711 - as the template
    return (
        f'<input type="{_text(widget.get("type", ""))}" name="{_text(widget.get("name", ""))}"'
        f"{shown}{_attrs(widget.get('attrs', {}))}>"
    )


def _option(option: Mapping[str, Any]) -> str:
    """``django/forms/widgets/select_option.html`` (its own line break included)."""
    return (
        f'<option value="{_formatted(option.get("value", ""))}"{_attrs(option.get("attrs", {}))}>'
        f"{_text(option.get('label', ''))}</option>\n"
    )


def _select(widget: Mapping[str, Any]) -> str | None:
    """``django/forms/widgets/select.html``; None when an option has a template of its own."""
    parts = [f'<select name="{_text(widget.get("name", ""))}"{_attrs(widget.get("attrs", {}))}>']
    for group_name, group_choices, _index in widget.get("optgroups", ()):
        if group_name:
            parts.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in group_choices:
            if option.get("template_name") != _WIDGETS + "select_option.html":
                return None
            parts.append("\n  " + _option(option))
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _textarea(widget: Mapping[str, Any]) -> str:
    """``django/forms/widgets/textarea.html``."""
    value = widget.get("value")
    return (
        f'<textarea name="{_text(widget.get("name", ""))}"{_attrs(widget.get("attrs", {}))}>\n'
        f"{_text(value) if value else ''}</textarea>"
    )


_INPUTS = (
    "checkbox color date datetime email file hidden input number password search tel text time url"
)
_FAST: dict[str, Callable[[Mapping[str, Any]], str | None]] = {
    **{f"{_WIDGETS}{name}.html": _input for name in _INPUTS.split()},
    _WIDGETS + "select.html": _select,
    _WIDGETS + "textarea.html": _textarea,
}


class WidgetRenderer(DjangoTemplates):
    """``FORM_RENDERER``: Django's template renderer, the simple widgets written in Python."""

    def __init__(self) -> None:
        super().__init__()
        self._fast: dict[str, Callable[[Mapping[str, Any]], str | None]] | None = None

    def _fast_templates(self) -> dict[str, Callable[[Mapping[str, Any]], str | None]]:
        # Only where the engine finds Django's own file: an app may override a widget template,
        # and then its template is what the page must show. ``option`` and ``attrs`` are
        # included by the others, so an override of those turns them all off.
        if self._fast is None:
            included = [_WIDGETS + "attrs.html", _WIDGETS + "select_option.html"]
            own = all(self._is_djangos(name) for name in [*included, _WIDGETS + "input.html"])
            self._fast = (
                {name: fast for name, fast in _FAST.items() if self._is_djangos(name)}
                if own
                else {}
            )
        return self._fast

    def _is_djangos(self, template_name: str) -> bool:
        origin = self.get_template(template_name).origin.name  # type: ignore[attr-defined]
        return Path(origin).is_relative_to(_OWN_TEMPLATES)

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        fast = self._fast_templates().get(template_name)
        widget = context.get("widget")
        if fast is not None and request is None and isinstance(widget, Mapping):
            html = fast(widget)
            if html is not None:
                return html
        return super().render(template_name, context, request=request)
