"""Cell values as German lists hold them: dates, gender, nationality, language, service.

Each parser returns the value or raises ``ValueError`` whose message is the German-ready
reason for the report. No reason repeats the cell's content: the report is kept beside the
run and must not hold personal data (the page shows the row's content from the encrypted
rows instead).
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from django.utils import translation
from django.utils.translation import gettext as _
from django_countries import countries

from lotse.common.languages import COMMON_LANGUAGES, language_name

from .mapping import fold
from .reading import Cell

EXCEL_EPOCH = date(1899, 12, 30)  # Excel's day 0 (it counts 1900 as a leap year)
_DOTTED = re.compile(r"^(\d{1,2})\s*[./]\s*(\d{1,2})\s*[./]\s*(\d{2}|\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
_SERIAL = re.compile(r"^\d{4,5}(?:[.,]0+)?$")


def text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime | date):
        return cell.strftime("%d.%m.%Y")
    return str(cell).strip()


def parse_date(cell: Cell, *, today: date) -> date | None:
    """25.11.2026, 25.11.85, 1.2.85, 2026-11-25, an Excel date or an Excel day number.

    A two-digit year up to this year's two digits is 20xx, above them 19xx: "85" is 1985,
    "24" is 2024. A date is never guessed beyond that: 31.02. is an error, not 03.03.
    """
    if cell is None or cell == "":
        return None
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    if isinstance(cell, int | float):
        return _from_serial(float(cell))
    value = str(cell).strip()
    if _SERIAL.match(value):
        return _from_serial(float(value.replace(",", ".")))
    dotted = _DOTTED.match(value)
    iso = _ISO.match(value)
    if dotted:
        day, month, year = (int(part) for part in dotted.groups())
        if len(dotted.group(3)) == 2:
            year += 1900 if year > today.year % 100 else 2000
    elif iso:
        year, month, day = (int(part) for part in iso.groups())
    else:
        raise ValueError(_("is not a date (DD.MM.YYYY)"))
    try:
        return date(year, month, day)
    except ValueError as error:
        raise ValueError(_("is not a valid date (day or month out of range)")) from error


def _from_serial(serial: float) -> date:
    if not 1 <= serial <= 80000:
        raise ValueError(_("is not a date (DD.MM.YYYY)"))
    return EXCEL_EPOCH + timedelta(days=int(serial))


_GENDERS = {
    "w": "female",
    "weiblich": "female",
    "f": "female",
    "frau": "female",
    "female": "female",
    "m": "male",
    "mannlich": "male",
    "mann": "male",
    "male": "male",
    "d": "diverse",
    "divers": "diverse",
    "diverse": "diverse",
    "x": "diverse",
    "k a": "not_stated",
    "ka": "not_stated",
    "keine angabe": "not_stated",
}


def parse_gender(cell: Cell) -> str:
    raw = text(cell)
    if not raw:
        return "not_stated"
    value = fold(raw)
    gender = _GENDERS.get(value) or _GENDERS.get(value.replace(" ", ""))
    if gender is None:
        raise ValueError(_("is not a gender (w, m, d or empty)"))
    return gender


# Adjectives German lists use instead of the country ("syrisch").
_ADJECTIVES = {
    "deutsch": "DE",
    "syrisch": "SY",
    "afghanisch": "AF",
    "turkisch": "TR",
    "irakisch": "IQ",
    "iranisch": "IR",
    "ukrainisch": "UA",
    "russisch": "RU",
    "polnisch": "PL",
    "rumanisch": "RO",
    "bulgarisch": "BG",
    "eritreisch": "ER",
    "somalisch": "SO",
    "italienisch": "IT",
    "griechisch": "GR",
    "kosovarisch": "XK",
    "serbisch": "RS",
    "albanisch": "AL",
    "marokkanisch": "MA",
    "nigerianisch": "NG",
    "kasachisch": "KZ",
    "vietnamesisch": "VN",
}
_country_lookup: dict[str, str] = {}


def _countries() -> dict[str, str]:
    if not _country_lookup:
        for language in ("de", "en"):
            with translation.override(language):
                for code, name in countries:
                    _country_lookup[fold(str(name))] = code
        for code, _name in countries:
            _country_lookup[fold(code)] = code
            _country_lookup[fold(countries.alpha3(code) or "")] = code
        _country_lookup.update(_ADJECTIVES)
        _country_lookup.pop("", None)
    return _country_lookup


def parse_nationalities(cell: Cell) -> tuple[list[str], bool]:
    """Codes of the countries named ("syrisch / deutsch"); the flag says one was unknown."""
    codes: list[str] = []
    unknown = False
    for part in re.split(r"[,/;+]| und ", text(cell)):
        if not part.strip():
            continue
        code = _countries().get(fold(part))
        if code is None:
            unknown = True
        elif code not in codes:
            codes.append(code)
    return codes, unknown


_language_lookup: dict[str, str] = {}


def parse_language(cell: Cell) -> str | None:
    """The ISO code of a language named in German or English ("Arabisch", "arabic", "ar")."""
    if not _language_lookup:
        for code in COMMON_LANGUAGES:
            _language_lookup[fold(code)] = code
            for language in ("de", "en"):
                with translation.override(language):
                    _language_lookup[fold(str(language_name(code)))] = code
    first = re.split(r"[,/;+]", text(cell))[0]
    return _language_lookup.get(fold(first)) if first.strip() else None
