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
_LOOKUP = {synonym.replace(" ", ""): code for code, words in SYNONYMS.items() for synonym in words}
HEADER_SEARCH_ROWS = 10


def fold(text: str) -> str:
    """'Geb.-Datum ' → 'gebdatum'; 'Staatsangehörigkeit' → 'staatsangehorigkeit'."""
    text = text.replace("ß", "ss").lower()
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]", "", text)


def field_for_header(header: str) -> str:
    return _LOOKUP.get(fold(header), "")


@dataclass
class Sheet:
    """The header found, which column maps to which field, and the data rows after it."""

    header_row: int
    headers: list[str]
    mapping: dict[int, str]
    rows: list[tuple[int, list[Cell]]] = field(default_factory=list)


def locate(rows: list[tuple[int, list[Cell]]], mapping: dict[int, str] | None = None) -> Sheet:
    """Find the header among the first rows and map it; ``mapping`` overrides the guess.

    Without a name column the guess still stands (every row then says the name is missing)
    so the team lead can assign the columns on the report page.
    """
    best: tuple[int, int] | None = None  # (position, recognised count)
    for position, (_number, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        recognised = sum(1 for c in cells if isinstance(c, str) and field_for_header(c))
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
        code = field_for_header(header)
        if code and code not in guessed.values():
            guessed[column] = code
    if mapping is not None:
        guessed = {c: code for c, code in mapping.items() if code in FIELDS and c < len(headers)}
    if mapping is not None and not (
        {"last_name", "first_name", "full_name"} & set(guessed.values())
    ):
        raise ImportFileError(_("No column with names found ('Nachname', 'Vorname' or 'Name')."))
    return Sheet(header_row=number, headers=headers, mapping=guessed, rows=rows[position + 1 :])
