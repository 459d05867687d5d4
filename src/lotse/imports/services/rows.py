"""One row of the sheet → the client it would create, or the reasons it cannot.

The outcome of every row is one of: ``create`` (possibly with notes: a value not taken
over), ``duplicate`` (the intake's duplicate rule finds an existing file or an earlier row of
the same sheet) or ``error`` (the reasons, in the active language, never the cell's content).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from lotse.clients.models.client import birth_date_digest
from lotse.clients.phonetics import prepare_name
from lotse.clients.selectors.duplicates import DuplicateIndex, Known, phonetic_digest
from lotse.clients.services.clients import EARLIEST_BIRTH_YEAR, ClientData

from .mapping import FIELDS, Sheet
from .reading import Cell
from .values import parse_date, parse_gender, parse_language, parse_nationalities, text

CREATE, DUPLICATE, ERROR = "create", "duplicate", "error"
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_INJECTION = ("=", "+", "-", "@")
_MAX_LENGTH = {"last_name": 100, "first_name": 100, "phone": 50, "email": 254, "address": 500}


@dataclass
class RowResult:
    row: int
    outcome: str = CREATE
    reasons: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    refs: list[str] = field(default_factory=list)
    data: ClientData | None = None
    record: Any = None  # what a contact or case row would create (see records.py)

    def report(self) -> dict[str, object]:
        return {
            "row": self.row,
            "outcome": self.outcome,
            "reasons": self.reasons,
            "notes": self.notes,
            "refs": self.refs,
        }


def label(code: str) -> str:
    return str(FIELDS[code])


def split_full_name(value: str) -> tuple[str, str]:
    """'Yilmaz, Ayşe' → (Ayşe, Yilmaz); 'Ayşe Yilmaz' → (Ayşe, Yilmaz)."""
    if "," in value:
        last, _sep, first = value.partition(",")
        return first.strip(), last.strip()
    parts = value.split()
    if len(parts) == 1:
        return "", parts[0]
    return " ".join(parts[:-1]), parts[-1]


def cell_values(cells: list[Cell], sheet: Sheet, result: RowResult) -> dict[str, Cell]:
    """The row's cells by field; a formula is a reason on ``result``, never a value."""
    values: dict[str, Cell] = {}
    for column, code in sheet.mapping.items():
        cell = cells[column] if column < len(cells) else None
        if isinstance(cell, str) and cell.startswith("="):
            result.reasons.append(
                _(
                    "%(column)s contains a formula; formulas are not calculated, please paste "
                    "the values instead."
                )
                % {"column": label(code)}
            )
            continue
        values[code] = cell
    return values


def row_date(
    values: dict[str, Cell], code: str, result: RowResult, *, today: date, past: bool = True
) -> date | None:
    """The date of this column (None if empty); a wrong one is a reason on ``result``."""
    try:
        day = parse_date(values.get(code), today=today)
    except ValueError as error:
        result.reasons.append(f"{label(code)}: {error}")
        return None
    if day is not None and past and day > today:
        result.reasons.append(_("%(column)s lies in the future.") % {"column": label(code)})
    if day is not None and day.year < EARLIEST_BIRTH_YEAR:
        result.reasons.append(
            _("%(column)s lies before 1900. Please check the year.") % {"column": label(code)}
        )
    return day


def check_row(number: int, cells: list[Cell], sheet: Sheet, *, today: date) -> RowResult:
    """Validate one row; ``data`` is set when the row could be created."""
    result = RowResult(row=number)
    values = cell_values(cells, sheet, result)
    first, last = text(values.get("first_name")), text(values.get("last_name"))
    if not (first or last) and values.get("full_name") is not None:
        first, last = split_full_name(text(values.get("full_name")))
    if not (first or last):
        result.reasons.append(_("The name is missing."))
    for code, value in (("first_name", first), ("last_name", last)):
        if value.startswith(_INJECTION):
            result.reasons.append(
                _("%(column)s begins with a sign a name cannot begin with.")
                % {"column": label(code)}
            )
    strings = {
        "first_name": first,
        "last_name": last,
        "phone": text(values.get("phone")),
        "email": text(values.get("email")),
        "address": text(values.get("address")),
    }
    for code, value in strings.items():
        if len(value) > _MAX_LENGTH[code]:
            result.reasons.append(
                _("%(column)s is longer than %(limit)d characters.")
                % {"column": label(code), "limit": _MAX_LENGTH[code]}
            )
    if strings["email"] and not _EMAIL.match(strings["email"]):
        result.reasons.append(_("The e-mail address is not valid."))
    dates = {
        code: row_date(values, code, result, today=today)
        for code in ("birth_date", "entry_date", "first_contact")
    }
    birth, entry = dates["birth_date"], dates["entry_date"]
    if birth and entry and entry < birth:
        result.reasons.append(_("The date of entry lies before the date of birth."))
    if birth and dates["first_contact"] and dates["first_contact"] < birth:
        result.reasons.append(_("The first contact lies before the date of birth."))
    try:
        gender = parse_gender(values.get("gender"))
    except ValueError as error:
        result.reasons.append(f"{label('gender')}: {error}")
        gender = "not_stated"
    nationalities, unknown = parse_nationalities(values.get("nationality"))
    if unknown:
        result.notes.append(_("A nationality was not recognised and is not taken over."))
    language = ""
    if text(values.get("language")):
        spoken = parse_language(values.get("language"))
        if spoken in dict(settings.DOCUMENT_LANGUAGES):
            language = spoken or ""
        else:
            result.notes.append(
                _("The language is not a language for documents and is not taken over.")
            )
    if result.reasons:
        result.outcome = ERROR
        return result
    result.data = ClientData(
        first_name=first,
        last_name=last,
        birth_date=birth,
        gender=gender,
        nationalities=nationalities,
        document_language=language or "de",
        entry_date=entry,
        phone=strings["phone"],
        email=strings["email"],
        address=strings["address"],
    )
    return result


def check_sheet(sheet: Sheet, existing: DuplicateIndex, *, today: date) -> list[RowResult]:
    """Every row's outcome; a duplicate of an existing file or of an earlier row is not
    created (the earlier row is)."""
    within = DuplicateIndex()
    results = [check_row(number, cells, sheet, today=today) for number, cells in sheet.rows]
    phonetics = {
        result.row: phonetic_digest(result.data.first_name, result.data.last_name)
        for result in results
        if result.data is not None
    }
    existing.preload(
        (result.data.birth_date, phonetics[result.row])
        for result in results
        if result.data is not None
    )
    for result in results:
        data = result.data
        if data is None:
            continue
        phonetic = phonetics[result.row]
        refs = [
            ref
            for ref, _reason in existing.matches(
                data.first_name, data.last_name, data.birth_date, phonetic
            )
        ]
        refs += [
            _("row %(row)s") % {"row": ref}
            for ref, _reason in within.matches(
                data.first_name, data.last_name, data.birth_date, phonetic
            )
        ]
        if refs:
            result.outcome, result.refs = DUPLICATE, refs[:5]
        else:
            within.add(_known_row(result.row, data, phonetic))
    return results


def _known_row(number: int, data: ClientData, phonetic: str) -> Known:
    name = prepare_name(data.first_name, data.last_name)
    digest = birth_date_digest(data.birth_date) if data.birth_date else ""
    return Known(str(number), digest, phonetic, lambda: name)
