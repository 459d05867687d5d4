"""A realistic German client list with the usual mess, and what the import must say about it.

A merged title over the sheet, merged group headings above the real header, empty rows,
dates typed as 01.02.85, as Excel dates, as day numbers and as ISO text, repeated people
(the same row again, or with a swapped day and month), and rows that cannot be imported:
no name, 31.02., a birth date in the future or before 1900, an unknown gender, a formula.
Used by tests/imports/test_messy.py and bench/bench_import.py.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from faker import Faker
from openpyxl import Workbook

HEADER = [
    "Lfd. Nr.",
    "Nachname",
    "Vorname",
    "Geb.-Datum",
    "Geschlecht",
    "Staatsangehörigkeit",
    "Telefon",
    "Erstkontakt",
    "Bemerkung",
]
NATIONALITIES = ["syrisch", "afghanisch", "Türkei", "Ukraine", "irakisch", "deutsch", "Eritrea", ""]


@dataclass
class Messy:
    data: bytes
    errors: set[int] = field(default_factory=set)  # sheet row numbers
    duplicates: set[int] = field(default_factory=set)
    people: int = 0  # rows that should be created


def _birth_cell(rng: random.Random, born: date) -> object:
    kind = rng.random()
    if kind < 0.4:
        return born.strftime("%d.%m.%y")  # 01.02.85
    if kind < 0.7:
        return datetime(born.year, born.month, born.day)  # an Excel date cell
    if kind < 0.85:
        return (born - date(1899, 12, 30)).days  # a day number (a cell formatted as number)
    return born.strftime("%d.%m.%Y")


def messy_list(
    rows: int = 2000, *, seed: int = 18, existing: tuple[str, str, date] | None = None
) -> Messy:
    fake = Faker("de_DE")
    fake.seed_instance(seed)
    rng = random.Random(seed)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Klientenliste Migrationsberatung 2015–2024 (Stand: Export aus Excel)"])
    sheet.merge_cells("A1:I1")
    sheet.append(["", "Persönliche Daten", None, None, None, None, "Kontakt", None, None])
    sheet.merge_cells("B2:F2")
    sheet.merge_cells("G2:I2")
    sheet.append(HEADER)
    messy = Messy(data=b"")
    written: list[list[object]] = []
    used_names: set[tuple[str, str]] = set()
    number = 3
    for index in range(rows):
        number += 1
        if index and index % 97 == 0:
            sheet.append([])  # an empty row in the middle
            number += 1
        roll = rng.random()
        if written and roll < 0.04:
            # A person entered twice: the same, or with day and month of birth swapped.
            row = list(rng.choice(written))
            row[0] = index + 1
            messy.duplicates.add(number)
            sheet.append(row)
            continue
        while True:
            first, last = fake.first_name(), fake.last_name()
            if (first, last) not in used_names:
                used_names.add((first, last))
                break
        born = fake.date_of_birth(minimum_age=18, maximum_age=80)
        contact = fake.date_between(start_date=date(2015, 1, 1), end_date=date(2024, 12, 31))
        row = [
            index + 1,
            last,
            first,
            _birth_cell(rng, born),
            rng.choice(["w", "m", "weiblich", "männlich", "d", ""]),
            rng.choice(NATIONALITIES),
            fake.phone_number(),
            contact.strftime("%d.%m.%Y"),
            rng.choice(["", "", "Termin verschoben", "spricht wenig Deutsch"]),
        ]
        if roll < 0.10:
            problem = rng.randrange(6)
            if problem == 0:
                row[1] = row[2] = ""  # no name
            elif problem == 1:
                row[3] = f"31.02.{born.year}"
            elif problem == 2:
                row[3] = (date.today() + timedelta(days=400)).strftime("%d.%m.%Y")
            elif problem == 3:
                row[3] = "01.01.1889"
            elif problem == 4:
                row[4] = "?"
            else:
                row[1] = f'=VERKETTEN("{last}";"")'
            messy.errors.add(number)
        else:
            messy.people += 1
            written.append(row)
        sheet.append(row)
    if existing is not None:
        number += 1
        last, first, born = existing
        sheet.append([rows + 1, last, first, born.strftime("%d.%m.%y"), "w", "", "", "", ""])
        messy.duplicates.add(number)
    out = io.BytesIO()
    book.save(out)
    messy.data = out.getvalue()
    return messy
