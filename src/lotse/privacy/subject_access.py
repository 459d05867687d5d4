"""Everything Lotse holds about one client (GDPR Art. 15), as JSON and as a readable PDF."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils import timezone, translation
from django.utils.translation import pgettext
from django_countries.fields import CountryField

from lotse.clients.models import Client

from .anonymise import _related_models

# Internal bookkeeping that says nothing about the person.
_SKIP = {"version", "name_index", "phonetic_index", "search_tokens", "id"}


def _value(obj: models.Model, field: models.Field) -> Any:
    value = getattr(obj, field.name)
    if isinstance(field, CountryField):
        countries = value if isinstance(value, list | tuple) else [value]
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


def _record(obj: models.Model) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.name in _SKIP or field.name.endswith("_index"):
            continue
        if isinstance(field, models.ForeignKey):
            related = getattr(obj, field.name)
            data[str(field.verbose_name)] = str(related) if related is not None else None
            continue
        data[str(field.verbose_name)] = _value(obj, field)
    for m2m in obj._meta.many_to_many:
        data[str(m2m.verbose_name)] = [str(o) for o in getattr(obj, m2m.name).all()]
    return data


def subject_access_data(client: Client) -> dict[str, Any]:
    sections: dict[str, list[dict[str, Any]]] = {}
    for related, lookup in _related_models(Client):
        if related._meta.label_lower in {"clients.clientsearchtoken", "clients.client"}:
            continue
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
    from lotse.documents.rendering import format_document_date

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
    from lotse.documents.rendering import render_pdf

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
