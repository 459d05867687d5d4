"""The template a centre fills in: German headers the import recognises, one invented row."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font

HEADERS = [
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
]
# An invented person (the name of the sample in German forms), not a client.
EXAMPLE = [
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
]


def template_xlsx() -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook always has one sheet
    sheet.title = "Klienten"
    sheet.append(HEADERS)
    sheet.append(EXAMPLE)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column, header in zip("ABCDEFGHIJK", HEADERS, strict=True):
        sheet.column_dimensions[column].width = max(14, len(header) + 4)
    # Dates as text cells in the German form, so Excel does not turn them into US dates.
    for cell in sheet[2]:
        cell.number_format = "@"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
