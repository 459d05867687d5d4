"""The fast widget renderer writes exactly what Django's widget templates write (issue #20)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.template import engines
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy, override

from lotse.common.form_renderer import WidgetRenderer


class Everything(forms.Form):
    name = forms.CharField(help_text="hint", max_length=20)
    quoted = forms.CharField(initial='a "quoted" <b>value</b> & more')
    safe = forms.CharField(initial=mark_safe("<i>already safe</i>"))
    hidden = forms.CharField(widget=forms.HiddenInput, initial=7)
    number = forms.IntegerField(initial=12345, min_value=0)
    decimal = forms.DecimalField(initial="1234.5")
    email = forms.EmailField(required=False)
    password = forms.CharField(widget=forms.PasswordInput)
    day = forms.DateField(initial=dt.date(2026, 11, 25), widget=forms.DateInput)
    typed_day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    moment = forms.DateTimeField(initial=dt.datetime(2026, 11, 25, 9, 30), required=False)
    url = forms.URLField(required=False)
    agreed = forms.BooleanField(required=False, initial=True)
    not_agreed = forms.BooleanField(required=False)
    note = forms.CharField(widget=forms.Textarea, initial="line one\n<line two>")
    empty_note = forms.CharField(widget=forms.Textarea, required=False)
    choice = forms.ChoiceField(
        choices=[("", "---"), ("a", "Ä & <b>"), (3, gettext_lazy("Date")), ("x", 12345)],
        initial="a",
    )
    grouped = forms.ChoiceField(
        choices=[
            ("Europe", [("de", "Deutsch"), ("fr", "Français")]),
            ("", [("none", "keine Gruppe")]),
            ("ar", "العربية"),
        ],
        initial="fr",
    )
    many = forms.MultipleChoiceField(
        choices=[(1, "eins"), (2, "zwei"), (3, "drei")], initial=[1, 3]
    )
    typed = forms.TypedChoiceField(choices=[(1, "one"), (2, "two")], coerce=int, initial=2)
    nullable = forms.NullBooleanField()
    required_attr = forms.CharField(
        widget=forms.TextInput(attrs={"disabled": True, "readonly": False, "data-x": 0})
    )


def _render_all(form: forms.Form, renderer: object) -> list[str]:
    form.renderer = renderer  # type: ignore[assignment]
    return [
        str(field.as_widget(attrs={"class": "form-control", "aria-describedby": "x_help"}))
        for field in form
    ]


@pytest.mark.parametrize("language", ["de", "en", "ar"])
@pytest.mark.parametrize("bound", [False, True])
def test_every_simple_widget_renders_as_djangos_templates_do(language: str, bound: bool) -> None:
    data = {
        "name": "Jürgen <script>",
        "quoted": '"x" & y',
        "number": "not a number",
        "day": "25.11.2026",
        "agreed": "on",
        "note": "a\r\nb & c",
        "choice": "3",
        "grouped": "ar",
        "many": ["2"],
        "nullable": "true",
    }
    with override(language):
        fast = _render_all(Everything(data if bound else None), WidgetRenderer())
        slow = _render_all(Everything(data if bound else None), DjangoTemplates())
    assert fast == slow
    # The comparison saw real widgets: selects with options, escaped text, a checked box.
    joined = "\n".join(fast)
    assert "<optgroup" in joined and "<option" in joined and "&lt;" in joined
    assert "checked" in joined and "<textarea" in joined


def test_the_fast_path_is_taken_for_the_simple_widgets(monkeypatch: pytest.MonkeyPatch) -> None:
    renderer = WidgetRenderer()
    used: list[str] = []
    original = DjangoTemplates.render

    def through_templates(self: object, template_name: str, *args: object, **kw: object) -> str:
        used.append(template_name)
        return original(self, template_name, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(DjangoTemplates, "render", through_templates)
    form = Everything()
    form.renderer = renderer
    str(form["name"])
    str(form["choice"])
    str(form["note"])
    assert used == []
    # A widget without a Python version (check boxes of a multiple choice) still renders.
    radio = forms.ChoiceField(choices=[("a", "A")], widget=forms.RadioSelect)
    html = radio.widget.render("r", "a", renderer=renderer)
    assert 'type="radio"' in html
    assert used and used[0].endswith("radio.html")


def test_an_overridden_widget_template_is_used(tmp_path: Path, settings: object) -> None:
    """An app that ships its own ``django/forms/widgets/input.html`` gets its own markup."""
    templates = tmp_path / "django" / "forms" / "widgets"
    templates.mkdir(parents=True)
    (templates / "input.html").write_text('<input data-own="yes" name="{{ widget.name }}">')
    renderer = WidgetRenderer()
    renderer.engine.engine.dirs = [str(tmp_path), *renderer.engine.engine.dirs]
    renderer.engine.engine.template_loaders[0].reset()
    html = forms.TextInput().render("n", "v", renderer=renderer)
    assert html == '<input data-own="yes" name="n">'
    assert engines  # the project's own engine is untouched by this renderer's override
