"""Everything Lotse holds about one client (GDPR Art. 15), as JSON and as a readable PDF."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy, pgettext
from django_countries.fields import CountryField

from lotse.clients.models import Client
from lotse.common.country_fields import EncryptedCountryField
from lotse.documents.rendering import format_document_date, render_pdf

from .anonymise import _related_models

# Internal bookkeeping that says nothing about the person.
_SKIP = {"version", "name_index", "phonetic_index", "search_tokens", "id"}
# Derived from fields the export shows (date of birth, country of origin).
_SKIP |= {"birth_month", "region_of_origin"}
# Names of encrypted blobs in storage (client documents): random, say nothing.
_SKIP |= {"blob_name", "preview_blob_name"}

# Fields declared without a verbose name carry their bare English field name ("created_by" →
# "created by"), untranslated even in German; the export names them in the reader's language.
_UNNAMED_FIELD_LABELS = {
    "added_by": gettext_lazy("added by"),
    "case": gettext_lazy("case"),
    "centre": gettext_lazy("centre"),
    "client": gettext_lazy("client"),
    "closed_by": gettext_lazy("closed by"),
    "confirmed_by": gettext_lazy("confirmed by"),
    "consent": gettext_lazy("consent"),
    "counsellor": gettext_lazy("counsellor"),
    "created_at": gettext_lazy("created at"),
    "created_by": gettext_lazy("created by"),
    "decided_by": gettext_lazy("decided by"),
    "evaluation": gettext_lazy("evaluation"),
    "handled_by": gettext_lazy("handled by"),
    "informed_by": gettext_lazy("informed by"),
    "offer": gettext_lazy("group offer"),
    "participation": gettext_lazy("course participation"),
    "partner": gettext_lazy("tandem partner"),
    "plan": gettext_lazy("support plan"),
    "recorded_by": gettext_lazy("recorded by"),
    "referred_by": gettext_lazy("referred by"),
    "signed_recorded_by": gettext_lazy("signature recorded by"),
    "updated_at": gettext_lazy("updated at"),
    "withdrawn_recorded_by": gettext_lazy("withdrawal recorded by"),
}


def field_label(field: models.Field[Any, Any]) -> Any:
    """The field's label as the export shows it: its verbose name, or ours for unnamed ones."""
    if isinstance(field.verbose_name, Promise):
        return field.verbose_name
    return _UNNAMED_FIELD_LABELS.get(field.name, field.verbose_name)


def _value(obj: models.Model, field: models.Field) -> Any:
    value = getattr(obj, field.name)
    if isinstance(field, CountryField | EncryptedCountryField):
        # A multiple field gives an iterable descriptor, not a list.
        countries = list(value) if field.multiple else [value]
        return [str(c.name) for c in countries if c]
    if field.choices and value not in (None, ""):
        return str(getattr(obj, f"get_{field.name}_display")())
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str | dict):
        return value
    return str(value)


def _exported_models() -> list[tuple[type[models.Model], str]]:
    """(model, lookup to the client) for every kind of record the export lists.

    Two steps from the file (contacts, cases and their plans, reviews, closures …): the
    export's labels exist in the six client languages for these; the records further down
    (goals of a plan, steps of a goal) still need translated labels before they are listed.
    """
    return [
        (related, lookup)
        for related, lookup in _related_models(Client, depth=2)
        if related._meta.label_lower not in {"clients.clientsearchtoken", "clients.client"}
    ]


def _exported_fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    concrete = [
        f
        for f in model._meta.concrete_fields
        if f.name not in _SKIP and not f.name.endswith("_index")
    ]
    return concrete + list(model._meta.many_to_many)


def export_labels() -> list[Any]:
    """Every heading, field label and choice label the export can show (lazy strings).

    The subject-access PDF speaks the client's document language, so each of these needs a
    translation in the client-document catalogues, not only in German and English. Country
    names come translated from django-countries and are not listed.
    """
    labels: list[Any] = []
    exported: list[type[models.Model]] = [Client, *(m for m, _ in _exported_models())]
    for model in exported:
        labels.append(model._meta.verbose_name_plural)
        for field in _exported_fields(model):
            labels.append(field_label(field))
            if field.choices and not isinstance(field, CountryField | EncryptedCountryField):
                labels.extend(label for _, label in field.flatchoices)
    return labels


def _record(obj: models.Model) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for field in _exported_fields(type(obj)):
        label = str(field_label(field))
        if field.many_to_many:
            data[label] = [str(o) for o in getattr(obj, field.name).all()]
        elif isinstance(field, models.ForeignKey):
            related = getattr(obj, field.name)
            data[label] = str(related) if related is not None else None
        else:
            data[label] = _value(obj, field)
    return data


def subject_access_data(client: Client) -> dict[str, Any]:
    sections: dict[str, list[dict[str, Any]]] = {}
    for related, lookup in _exported_models():
        rows = related._base_manager.filter(**{lookup: client})
        records = [_record(obj) for obj in rows]
        if records:
            sections[str(related._meta.verbose_name_plural)] = records
    return {
        "generated_at": timezone.now().isoformat(),
        "file_number": client.file_number,
        "person": _record(client),
        "records": sections,
    }


def _readable(value: Any, language: str) -> str | None:
    """One value as a person reads it in the document; None when there is nothing to show."""
    if value is None or value == "" or value == [] or value == {}:
        return None
    if isinstance(value, bool):
        return pgettext("client document", "yes") if value else pgettext("client document", "no")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, str) and len(value) >= 10 and value[4] == "-" and value[7] == "-":
        try:
            return format_document_date(date.fromisoformat(value[:10]), language)
        except ValueError:
            return value
    return str(value)


def readable_sections(data: dict[str, Any], language: str) -> dict[str, Any]:
    def clean(record: dict[str, Any]) -> dict[str, str]:
        shown = {key: _readable(value, language) for key, value in record.items()}
        return {key: value for key, value in shown.items() if value is not None}

    return {
        "person": clean(data["person"]),
        "records": {
            section: [clean(record) for record in records]
            for section, records in data["records"].items()
        },
    }


def subject_access_pdf(
    client: Client, *, language: str, centre: Any, counsellor_name: str
) -> bytes:
    with translation.override(language):
        data = subject_access_data(client)
        data.update(readable_sections(data, language))
    return render_pdf(
        template="privacy/subject_access.html",
        context={
            "data": data,
            "client": client,
            "centre": centre,
            "counsellor_name": counsellor_name,
            "date": timezone.localdate(),
        },
        language=language,
    )
