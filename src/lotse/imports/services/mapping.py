"""Which column holds what: the header row found among title rows, headers matched to fields.

A German list rarely starts in row 1: a title ("Klientenliste 2019", a merged cell across the
sheet), an empty line, then the header. The header row is the first of the top rows in which
at least two cells name a known field. Headers are compared folded (case, umlauts, spaces
and punctuation ignored), so "Geb.-Datum", "Geburtsdatum" and "geb datum" are one column.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from .reading import Cell, ImportFileError

# Field codes (stored in a run's mapping) and their label in the report.
FIELDS = {
    "last_name": _("Last name"),
    "first_name": _("First name"),
    "full_name": _("Name (first and last name in one column)"),
    "birth_date": _("Date of birth"),
    "gender": _("Gender"),
    "nationality": _("Nationality"),
    "language": _("Language"),
    "phone": _("Phone"),
    "email": _("E-mail"),
    "address": _("Address"),
    "entry_date": _("Date of entry"),
    "first_contact": _("First contact"),
    "service": _("Service"),
    "counsellor": _("Counsellor"),
    "file_number": _("File number"),
    "contact_date": _("Date of the contact"),
    "duration": _("Duration (minutes)"),
    "form": _("Form of contact"),
    "topics": _("Topics"),
    "follow_up": _("Follow-up on"),
    "notes": _("Notes"),
    "opened_on": _("Case opened on"),
    "phase": _("Phase"),
    "closed_on": _("Case closed on"),
    "closure_reason": _("Reason for closing"),
    "livelihood": _("Livelihood at closure"),
}
_IDENTITY = ("file_number", "last_name", "first_name", "full_name", "birth_date")
# The fields each kind of import reads (ImportKind values); the first kind is the default.
KIND_FIELDS: dict[str, tuple[str, ...]] = {
    "clients": (
        "last_name",
        "first_name",
        "full_name",
        "birth_date",
        "gender",
        "nationality",
        "language",
        "phone",
        "email",
        "address",
        "entry_date",
        "first_contact",
        "service",
        "counsellor",
    ),
    "contacts": (
        *_IDENTITY,
        "contact_date",
        "duration",
        "form",
        "topics",
        "language",
        "counsellor",
        "follow_up",
        "notes",
    ),
    "cases": (
        *_IDENTITY,
        "opened_on",
        "phase",
        "counsellor",
        "closed_on",
        "closure_reason",
        "livelihood",
    ),
}
# Without one of these columns no row can be matched (the clients need a name, the contacts
# and cases a file number or a name).
KIND_NEEDS: dict[str, frozenset[str]] = {
    "clients": frozenset({"last_name", "first_name", "full_name"}),
    "contacts": frozenset({"file_number", "last_name", "first_name", "full_name"}),
    "cases": frozenset({"file_number", "last_name", "first_name", "full_name"}),
}

SYNONYMS = {
    "last_name": ["nachname", "familienname", "name nachname", "lastname", "surname", "name1"],
    "first_name": ["vorname", "vornamen", "firstname", "first name", "given name", "rufname"],
    "full_name": ["name", "name vorname", "vor und nachname", "vollstandiger name", "klient"],
    "birth_date": [
        "geburtsdatum",
        "gebdatum",
        "geb datum",
        "geboren",
        "geboren am",
        "date of birth",
        "birth date",
        "dob",
        "geb",
    ],
    "gender": ["geschlecht", "gender", "sex", "m w d", "mwd"],
    "nationality": [
        "staatsangehorigkeit",
        "staatsangehorigkeiten",
        "nationalitat",
        "nationality",
        "stag",
        "herkunftsland",
    ],
    "language": ["sprache", "muttersprache", "language", "erstsprache", "beratungssprache"],
    "phone": ["telefon", "tel", "telefonnummer", "handy", "mobil", "phone", "telefon handy"],
    "email": ["email", "e mail", "mail", "e mail adresse"],
    "address": ["adresse", "anschrift", "wohnort", "address", "strasse"],
    "entry_date": ["einreise", "einreisedatum", "eingereist", "einreise am", "entry date"],
    "first_contact": [
        "erstkontakt",
        "erstgesprach",
        "datum erstkontakt",
        "aufnahme",
        "aufnahmedatum",
        "first contact",
    ],
    "file_number": [
        "aktenzeichen",
        "az",
        "akte",
        "aktennummer",
        "fallnummer",
        "fall nr",
        "klientennummer",
        "file number",
    ],
    "contact_date": [
        "datum",
        "kontaktdatum",
        "beratungsdatum",
        "termin",
        "datum der beratung",
        "datum des kontakts",
        "date",
    ],
    "duration": [
        "dauer",
        "dauer min",
        "dauer in minuten",
        "minuten",
        "zeit min",
        "zeitaufwand",
        "duration",
    ],
    "form": ["form", "kontaktform", "art", "kontaktart", "beratungsform", "art des kontakts"],
    "topics": ["themen", "thema", "beratungsthemen", "beratungsthema", "inhalt", "topics"],
    "follow_up": [
        "wiedervorlage",
        "wv",
        "nachfassen am",
        "folgetermin",
        "nachster termin",
        "follow up",
    ],
    "notes": ["notiz", "notizen", "vermerk", "gesprachsnotiz", "notes"],
    "opened_on": [
        "eroffnet",
        "eroffnet am",
        "fallbeginn",
        "beginn",
        "beginn case management",
        "aufnahme cm",
        "opened on",
    ],
    "phase": ["phase", "status", "stand", "fallphase"],
    "closed_on": [
        "abgeschlossen",
        "abgeschlossen am",
        "abschluss",
        "abschlussdatum",
        "fallende",
        "ende",
        "closed on",
    ],
    "closure_reason": [
        "abschlussgrund",
        "grund",
        "grund des abschlusses",
        "beendigungsgrund",
        "closure reason",
    ],
    "livelihood": [
        "lebensunterhalt",
        "lebensunterhalt bei abschluss",
        "lebensunterhalt abschluss",
        "livelihood",
    ],
    "service": ["leistung", "dienst", "fachdienst", "bereich", "angebot", "service"],
    "counsellor": [
        "berater",
        "beraterin",
        "berater in",
        "berater innen",
        "zustandig",
        "counsellor",
    ],
}
HEADER_SEARCH_ROWS = 10


def _lookup(kind: str) -> dict[str, str]:
    """Folded header → field, for the fields of this kind only ("Datum" is the contact's
    date in a list of contacts, nothing in a client list)."""
    wanted = KIND_FIELDS[kind]
    return {
        synonym.replace(" ", ""): code
        for code, words in SYNONYMS.items()
        if code in wanted
        for synonym in words
    }


_LOOKUPS = {kind: _lookup(kind) for kind in KIND_FIELDS}


def fold(text: str) -> str:
    """'Geb.-Datum ' → 'gebdatum'; 'Staatsangehörigkeit' → 'staatsangehorigkeit'."""
    text = text.replace("ß", "ss").lower()
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]", "", text)


def field_for_header(header: str, kind: str = "clients") -> str:
    return _LOOKUPS[kind].get(fold(header), "")


@dataclass
class Sheet:
    """The header found, which column maps to which field, and the data rows after it."""

    header_row: int
    headers: list[str]
    mapping: dict[int, str]
    rows: list[tuple[int, list[Cell]]] = field(default_factory=list)


def locate(
    rows: list[tuple[int, list[Cell]]],
    mapping: dict[int, str] | None = None,
    *,
    kind: str = "clients",
) -> Sheet:
    """Find the header among the first rows and map it; ``mapping`` overrides the guess.

    Without a name column the guess still stands (every row then says the name is missing)
    so the team lead can assign the columns on the report page.
    """
    best: tuple[int, int] | None = None  # (position, recognised count)
    for position, (_number, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        recognised = sum(1 for c in cells if isinstance(c, str) and field_for_header(c, kind))
        if recognised and (best is None or recognised > best[1]):
            best = (position, recognised)
        if best is not None and best[1] >= 2 and not recognised:
            break  # the header is found; data rows below may hold words like "Name"
    if best is None:
        raise ImportFileError(
            _(
                "No header row found: the first rows must contain column names such as "
                "'Nachname', 'Vorname' and 'Geburtsdatum'. Please use the template."
            )
        )
    position = best[0]
    number, cells = rows[position]
    headers = [str(c) if c is not None else "" for c in cells]
    guessed: dict[int, str] = {}
    for column, header in enumerate(headers):
        code = field_for_header(header, kind)
        if code and code not in guessed.values():
            guessed[column] = code
    if mapping is not None:
        guessed = {
            c: code for c, code in mapping.items() if code in KIND_FIELDS[kind] and c < len(headers)
        }
    if mapping is not None and not (KIND_NEEDS[kind] & set(guessed.values())):
        if kind == "clients":
            raise ImportFileError(
                _("No column with names found ('Nachname', 'Vorname' or 'Name').")
            )
        raise ImportFileError(
            _("No column with the file number or the names found ('Aktenzeichen', 'Nachname').")
        )
    return Sheet(header_row=number, headers=headers, mapping=guessed, rows=rows[position + 1 :])
