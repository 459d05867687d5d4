from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lotse.cases.models import Case
from lotse.clients.models import Client
from lotse.common.forms import GermanDateField

from ..models import DocumentKind
from ..services.checks import ACCEPT


class UploadForm(forms.Form):
    """The details of the upload; the files themselves come from ``request.FILES``."""

    kind = forms.ChoiceField(label=_("Kind of document"), choices=DocumentKind.choices)
    document_date = GermanDateField(label=_("Date of the document"), required=False)
    title = forms.CharField(
        label=_("Short title"),
        max_length=200,
        required=False,
        help_text=_("Empty: the file name. Several files: each gets this title."),
    )
    case = forms.ModelChoiceField(
        label=_("Case"),
        queryset=Case.objects.none(),
        required=False,
        empty_label=_("— the client's file —"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args: Any, client: Client, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = Case.objects.filter(client=client)  # type: ignore[attr-defined]
        self.fields["case"].label_from_instance = (  # type: ignore[attr-defined]
            lambda case: f"{case.get_service_display()} · {case.opened_on:%d.%m.%Y}"
        )
        self.fields["kind"].initial = DocumentKind.DECISION


FILE_ACCEPT = ACCEPT
