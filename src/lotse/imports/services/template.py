"""The templates a centre fills in, one per kind: German headers the import recognises, one
invented row."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

# Per kind: the sheet's title, the headers and an invented row (the name of the sample in
# German forms, not a client; the file number is one Lotse would show).
TEMPLATES: dict[str, tuple[str, list[str], list[str]]] = {
    "clients": (
        "Klienten",
        [
            "Nachname",
            "Vorname",
            "Geburtsdatum",
            "Geschlecht",
            "Staatsangehörigkeit",
            "Sprache",
            "Telefon",
            "E-Mail",
            "Adresse",
            "Einreise",
            "Erstkontakt",
        ],
        [
            "Mustermann",
            "Erika",
            "25.11.1985",
            "w",
            "syrisch",
            "Arabisch",
            "+49 30 1234567",
            "erika.mustermann@example.org",
            "Musterstraße 1, 12345 Musterstadt",
            "01.02.2019",
            "15.03.2024",
        ],
    ),
    "contacts": (
        "Beratungskontakte",
        [
            "Aktenzeichen",
            "Nachname",
            "Vorname",
            "Geburtsdatum",
            "Datum",
            "Dauer (Min.)",
            "Form",
            "Themen",
            "Berater/in",
            "Wiedervorlage",
            "Notiz",
        ],
        [
            "MBE-2024-00001",
            "Mustermann",
            "Erika",
            "25.11.1985",
            "15.03.2024",
            "45",
            "persönlich",
            "Wohnungssuche; Umgang mit Behörden",
            "",
            "29.03.2024",
            "",
        ],
    ),
    "cases": (
        "Fälle",
        [
            "Aktenzeichen",
            "Nachname",
            "Vorname",
            "Geburtsdatum",
            "Eröffnet am",
            "Phase",
            "Berater/in",
            "Abgeschlossen am",
            "Abschlussgrund",
            "Lebensunterhalt bei Abschluss",
        ],
        [
            "MBE-2024-00001",
            "Mustermann",
            "Erika",
            "25.11.1985",
            "01.04.2024",
            "offen",
            "",
            "",
            "",
            "",
        ],
    ),
}


def template_xlsx(kind: str = "clients") -> bytes:
    title, headers, example = TEMPLATES[kind]
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook always has one sheet
    sheet.title = title
    sheet.append(headers)
    sheet.append(example)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for position, header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(position)].width = max(14, len(header) + 4)
    # Dates as text cells in the German form, so Excel does not turn them into US dates.
    for cell in sheet[2]:
        cell.number_format = "@"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
