"""Realistic German lists of counselling contacts and of cases for files already in Lotse.

A merged title row, an empty row, dates as 01.02.24, as Excel dates and as day numbers,
durations as 45, "1:30" and "1,5 Std.", and the rows a centre's old lists hold that cannot
be imported: unknown or foreign file numbers, a contact in the future, no topic, a
counsellor nobody knows, repeated rows. Used by tests/imports/test_records.py and
bench/bench_import.py.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from openpyxl import Workbook

CONTACT_HEADER = [
    "Lfd. Nr.",
    "Az.",
    "Nachname",
    "Vorname",
    "Geb.-Datum",
    "Datum",
    "Dauer",
    "Kontaktart",
    "Themen",
    "Berater/in",
    "Wiedervorlage",
]
FORMS = ["persönlich", "Telefon", "telefonisch", "E-Mail", "Video", "Hausbesuch", "Begleitung"]
TOPICS = [
    "Wohnungssuche",
    "Gesundheit",
    "Umgang mit Behörden",
    "Familiennachzug; Kinderbetreuung",
    "Aufenthalts- und Asylrecht, BVFG",
    "Sozialleistungsrecht / Berufsausbildung",
]


@dataclass
class Sheet:
    data: bytes
    errors: set[int] = field(default_factory=set)
    duplicates: set[int] = field(default_factory=set)
    created: set[int] = field(default_factory=set)


def serial(day: date) -> int:
    return (day - date(1899, 12, 30)).days


def workbook(title: str, header: list[str], rows: list[list[object]]) -> bytes:
    """A sheet with a merged title row, an empty row, then the header and the rows."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append([title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    sheet.append([])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def contact_list(file_numbers: list[str], rows: int, *, seed: int = 18) -> Sheet:
    """``rows`` contacts spread over the files, every 50th row a problem; from row 4 on."""
    rng = random.Random(seed)
    result = Sheet(data=b"")
    lines: list[list[object]] = []
    seen: set[tuple[str, date, int, str]] = set()
    number = 3
    for index in range(rows):
        number += 1
        file_number = rng.choice(file_numbers)
        day = date(2024, 1, 1) + timedelta(days=rng.randrange(600))
        minutes = rng.choice([15, 30, 45, 60, 90])
        form = rng.choice(FORMS)
        day_cell: object = rng.choice(
            [day.strftime("%d.%m.%y"), datetime(day.year, day.month, day.day), serial(day)]
        )
        hours = f"{minutes // 60}:{minutes % 60:02d}"
        duration: object = rng.choice([minutes, f"{minutes} Min.", hours])
        row: list[object] = [index + 1, file_number, "", "", "", day_cell, duration, form]
        row += [rng.choice(TOPICS), "", ""]
        if index % 50 == 49:
            row[1] = f"MBE-2019-{90000 + index}"  # a file nobody has
            result.errors.add(number)
        else:
            key = (file_number, day, minutes, {"telefonisch": "Telefon"}.get(form, form))
            if key in seen:
                result.duplicates.add(number)
            else:
                seen.add(key)
                result.created.add(number)
        lines.append(row)
    result.data = workbook("Beratungskontakte (Export)", CONTACT_HEADER, lines)
    return result
