"""Everything Lotse holds about one client (GDPR Art. 15), as JSON and as a readable PDF."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy, pgettext
from django_countries.fields import CountryField

from lotse.cases.models import Case
from lotse.clients.models import Client
from lotse.clients.models.intake import DECISION_LABELS
from lotse.common.country_fields import EncryptedCountryField
from lotse.common.languages import language_name
from lotse.documents.rendering import format_document_date, render_pdf
from lotse.volunteers.choices import SLOT_LABELS, Interest

from .anonymise import _related_models

# Internal bookkeeping that says nothing about the person.
_SKIP = {"version", "name_index", "phonetic_index", "search_tokens", "id"}
# Derived from fields the export shows (date of birth, country of origin).
_SKIP |= {"birth_month", "region_of_origin"}
# The newest contact's date, kept for the working list: the export lists the contacts themselves.
_SKIP |= {"last_contact_on"}
# Names of encrypted blobs in storage (client documents): random, say nothing.
_SKIP |= {"blob_name", "preview_blob_name"}
# The person key links this file with a file of another service (DOMAIN §D16): the export says
# only whether such a link exists (``LINKED_LABEL``), nothing of the other file.
_SKIP |= {"person_key", "person_linked_at"}
# Requests between team leads to link two files: they name the other file.
_NOT_EXPORTED = {"clients.clientsearchtoken", "clients.client", "clients.personlinkrequest"}
LINKED_LABEL = gettext_lazy("Linked with a file of another service")

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
        if related._meta.label_lower not in _NOT_EXPORTED
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
    labels: list[Any] = [LINKED_LABEL]
    exported: list[type[models.Model]] = [Client, *(m for m, _ in _exported_models())]
    for model in exported:
        labels.append(model._meta.verbose_name_plural)
        for field in _exported_fields(model):
            labels.append(field_label(field))
            if field.choices and not isinstance(field, CountryField | EncryptedCountryField):
                labels.extend(label for _, label in field.flatchoices)
    return labels


def section_title(related: type[models.Model], lookup: str) -> str:
    """The heading of a kind of record: its plural name, and for a record two steps from the
    file whose name another kind also has, the kind it hangs on. The client's own languages
    and the languages of the client as a tandem partner are both "Sprachen": under one key
    the second replaced the first, and the client's languages were missing from the answer.
    """
    title = str(related._meta.verbose_name_plural)
    link = lookup.split("__")[0]
    if link == "client":
        return title
    same = [
        m
        for m, _ in _exported_models()
        if m._meta.verbose_name_plural == related._meta.verbose_name_plural
    ]
    if len(same) < 2:
        return title
    parent = related._meta.get_field(link).related_model
    assert parent is not None and not isinstance(parent, str)  # nosec B101 - a resolved FK
    return f"{title} ({parent._meta.verbose_name_plural})"


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
            sections[section_title(related, lookup)] = records
    return {
        "generated_at": timezone.now().isoformat(),
        "file_number": client.file_number,
        "person": {**_record(client), str(LINKED_LABEL): client.person_key is not None},
        "records": sections,
    }


# What the letter leaves out: the file it is about (every record belongs to it) and the
# engine's internal rule name (the explanation beside it says the same in words). The JSON
# export keeps both.
_LETTER_SKIP = {"client", "rule"}
# Character fields holding a language code ("fa"), shown as the language's name.
_LANGUAGE_CODE_FIELDS = {"language", "page_language"}
# Lists of codes (a tandem partner's free times and interests: "wed_afternoon", "reading"),
# shown by their labels, one per line.
_CODE_LIST_LABELS: dict[str, Any] = {"slots": SLOT_LABELS, "interests": dict(Interest.choices)}
# Character fields holding a code of the eligibility engine ("not_eligible").
_DECISION_CODE_FIELDS = {"mbe", "jmd", "mbe_basis", "referral"}
# The facts an eligibility decision used, by key: the field that holds the same fact.
_FACT_FIELDS = {
    "on": ("clients.eligibilitydecision", "decided_on"),
    "birth_date": ("clients.client", "birth_date"),
    "entry_date": ("clients.client", "entry_date"),
    "permanent_status_date": ("clients.client", "permanent_status_date"),
    "residence": ("clients.client", "residence"),
    "course_obligation": ("clients.client", "course_obligation"),
}


def _yes_no(value: bool) -> str:
    return pgettext("client document", "yes") if value else pgettext("client document", "no")


def _readable(value: Any, language: str) -> str | None:
    """One value as a person reads it in the document; None when there is nothing to show."""
    if value is None or value == "" or value == [] or value == {}:
        return None
    if isinstance(value, bool):
        return _yes_no(value)
    if isinstance(value, datetime):
        return format_document_date(timezone.localtime(value).date(), language)
    if isinstance(value, date):
        return format_document_date(value, language)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, str) and len(value) >= 10 and value[4] == "-" and value[7] == "-":
        try:
            return format_document_date(date.fromisoformat(value[:10]), language)
        except ValueError:
            return value
    return str(value)


def _fact_lines(facts: dict[str, Any], language: str) -> list[str]:
    """The facts of a decision as "label: value" lines, each labelled like its own field."""
    from django.apps import apps

    lines = []
    for key, value in facts.items():
        if key not in _FACT_FIELDS or value in (None, ""):
            continue
        model_label, field_name = _FACT_FIELDS[key]
        field = apps.get_model(model_label)._meta.get_field(field_name)
        shown = dict(field.flatchoices).get(value, value) if field.choices else value
        text = _readable(shown, language)
        if text is not None:
            lines.append(f"{capfirst(str(field_label(field)))}: {text}")
    if facts.get("crisis"):
        lines.append(capfirst(str(DECISION_LABELS["crisis"])))
    return lines


def _related_text(related: models.Model, language: str) -> str:
    if isinstance(related, Case):
        opened = format_document_date(related.opened_on, language)
        return f"{related.get_service_display()} ({opened})"
    return str(related)


def _letter_value(obj: models.Model, field: models.Field[Any, Any], language: str) -> Any:
    """A field as the letter shows it: a text, a list of lines, or None for nothing."""
    if field.many_to_many:
        return _readable([str(o) for o in getattr(obj, field.name).all()], language)
    if isinstance(field, models.ForeignKey):
        related = getattr(obj, field.name)
        return _related_text(related, language) if related is not None else None
    value = getattr(obj, field.name)
    if isinstance(value, dict):
        return _fact_lines(value, language) or None
    if field.name in _LANGUAGE_CODE_FIELDS and isinstance(value, str) and value:
        return language_name(value, language)
    if field.name in _DECISION_CODE_FIELDS and isinstance(value, str) and value:
        return str(DECISION_LABELS.get(value, value))
    if field.name in _CODE_LIST_LABELS and isinstance(value, list):
        # One per line: joined by commas, "museums, theatre, cinema, nature, walks, gardening"
        # read as six interests, not two.
        labels = _CODE_LIST_LABELS[field.name]
        return [str(labels.get(code, code)) for code in value] or None
    if isinstance(field, CountryField | EncryptedCountryField) or field.choices:
        return _readable(_value(obj, field), language)
    if isinstance(value, list):
        return _readable([str(v) for v in value], language)
    return _readable(value, language)


def letter_record(
    obj: models.Model, language: str, *, link: str = ""
) -> list[tuple[str, list[str]]]:
    """(label, lines) rows of one record for the letter, empty values left out.

    ``link`` names the field through which a record two steps from the file hangs on the
    file; it is left out unless it is the case, which reads as service and opening date
    (a tandem partner or a course participation would read as "partner #15").
    """
    rows = []
    for field in _exported_fields(type(obj)):
        if field.name in _LETTER_SKIP:
            continue
        if field.name == link and getattr(field, "related_model", None) is not Case:
            continue
        value = _letter_value(obj, field, language)
        if value is not None:
            lines = value if isinstance(value, list) else [str(value)]
            rows.append((capfirst(str(field_label(field))), lines))
    return rows


def letter_sections(client: Client, language: str) -> dict[str, Any]:
    """Everything the export holds, as the letter to the client lists it: human labels,
    names instead of codes, dates in the document language's numeric form."""
    sections: dict[str, list[list[tuple[str, list[str]]]]] = {}
    for related, lookup in _exported_models():
        rows = related._base_manager.filter(**{lookup: client})
        link = lookup.split("__")[0]
        records = [r for obj in rows if (r := letter_record(obj, language, link=link))]
        if records:
            sections[capfirst(section_title(related, lookup))] = records
    person = letter_record(client, language)
    person.append((capfirst(str(LINKED_LABEL)), [_yes_no(client.person_key is not None)]))
    return {"person": person, "records": sections}


def subject_access_pdf(
    client: Client, *, language: str, centre: Any, counsellor_name: str
) -> bytes:
    with translation.override(language):
        data = letter_sections(client, language)
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
