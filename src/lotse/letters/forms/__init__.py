"""Forms of the letter pages; German labels through gettext."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lotse.common.languages import language_name

from ..models import LetterKind, LetterTemplate
from ..services import FORMATS, MAX_MASS_LETTERS, TEMPLATE_LANGUAGES
from ..services.templates import MAX_TEMPLATE_BYTES

OUTPUT_CHOICES = [("pdf", _("PDF (to print)")), ("docx", _("Word (to edit)"))]
assert [code for code, _label in OUTPUT_CHOICES] == list(FORMATS)


def language_choices() -> list[tuple[str, str]]:
    return [(code, str(language_name(code))) for code in TEMPLATE_LANGUAGES]


class _WordFile(forms.FileField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            label=_("Word file (.docx)"),
            help_text=_("At most 2 MB. Only the placeholders listed below."),
            widget=forms.ClearableFileInput(
                attrs={
                    "accept": ".docx,application/vnd.openxmlformats-officedocument."
                    "wordprocessingml.document"
                }
            ),
            **kwargs,
        )

    def clean(self, data: Any, initial: Any = None) -> Any:
        file = super().clean(data, initial)
        if file is not None and file.size > MAX_TEMPLATE_BYTES:
            raise forms.ValidationError(_("The template is larger than 2 MB."))
        return file


class VersionUploadForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=language_choices)
    file = _WordFile()


class TemplateCreateForm(VersionUploadForm):
    name = forms.CharField(label=_("Name"), max_length=120)
    kind = forms.ChoiceField(label=_("Kind of letter"), choices=LetterKind.choices)
    field_order = ["name", "kind", "language", "file"]


class LetterForm(forms.Form):
    template = forms.ModelChoiceField(
        label=_("Template"),
        queryset=LetterTemplate.objects.none(),
        empty_label=_("— choose a template —"),
    )
    language = forms.ChoiceField(
        label=_("Language of the letter"),
        choices=language_choices,
        help_text=_("Preset: the client's language for documents. Without it: German."),
    )
    output = forms.ChoiceField(
        label=_("Format"), choices=OUTPUT_CHOICES, widget=forms.RadioSelect, initial="pdf"
    )
    partner = forms.ModelChoiceField(
        label=_("Partner (letter to an authority)"),
        queryset=LetterTemplate.objects.none(),
        required=False,
        empty_label=_("— no partner —"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(
        self, *args: Any, templates: QuerySet[Any], partners: QuerySet[Any], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = templates  # type: ignore[attr-defined]
        self.fields["partner"].queryset = partners  # type: ignore[attr-defined]


class MassLetterForm(forms.Form):
    template = forms.ModelChoiceField(
        label=_("Template"),
        queryset=LetterTemplate.objects.none(),
        empty_label=_("— choose a template —"),
    )
    language = forms.ChoiceField(
        label=_("Language of the letters"),
        choices=lambda: [("", _("each client's language for documents")), *language_choices()],
        required=False,
    )
    output = forms.ChoiceField(
        label=_("Result"),
        choices=[("pdf", _("One PDF with one letter each")), ("docx", _("ZIP of Word files"))],
        widget=forms.RadioSelect,
        initial="pdf",
    )
    partner = forms.ModelChoiceField(
        label=_("Partner (letter to an authority)"),
        queryset=LetterTemplate.objects.none(),
        required=False,
        empty_label=_("— no partner —"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    clients = forms.TypedMultipleChoiceField(
        label=_("Clients"), coerce=int, choices=(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(
        self,
        *args: Any,
        templates: QuerySet[Any],
        partners: QuerySet[Any],
        client_ids: list[int],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = templates  # type: ignore[attr-defined]
        self.fields["partner"].queryset = partners  # type: ignore[attr-defined]
        self.fields["clients"].choices = [(pk, str(pk)) for pk in client_ids]  # type: ignore[attr-defined]

    def clean_clients(self) -> list[int]:
        chosen: list[int] = self.cleaned_data["clients"]
        if len(chosen) > MAX_MASS_LETTERS:
            raise forms.ValidationError(
                _("At most %(count)s letters at once, please.") % {"count": MAX_MASS_LETTERS}
            )
        return chosen
