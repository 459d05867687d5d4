"""Reading files as German Excel writes them, and refusing bad files with a clear reason."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from datetime import date, datetime

import pytest
from django.utils import translation

from lotse.imports.services.mapping import locate
from lotse.imports.services.reading import ImportFileError, read_table
from lotse.imports.services.values import parse_date, parse_gender, parse_nationalities

from .files import csv_bytes, xlsx

TODAY = date(2026, 12, 6)


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """The messages are matched in English (msgids); the German ones are checked on the page."""
    with translation.override("en"):
        yield


HEADER = "Nachname;Vorname;Geburtsdatum;Staatsangehörigkeit"
ROW = "Öztürk;Ayşe;01.02.85;türkisch"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig"])
def test_utf8_with_and_without_bom(encoding: str) -> None:
    rows = read_table("liste.csv", csv_bytes([HEADER, ROW], encoding=encoding))
    assert rows[0] == (1, ["Nachname", "Vorname", "Geburtsdatum", "Staatsangehörigkeit"])
    assert rows[1][1][:2] == ["Öztürk", "Ayşe"]


def test_windows_1252_with_umlauts() -> None:
    rows = read_table(
        "liste.csv", csv_bytes([HEADER, "Müller;Jürgen;3.4.1970;deutsch"], encoding="cp1252")
    )
    assert rows[0][1][3] == "Staatsangehörigkeit"
    assert rows[1][1][:2] == ["Müller", "Jürgen"]


@pytest.mark.parametrize("sep", [";", ",", "\t"])
def test_separator_is_sniffed(sep: str) -> None:
    rows = read_table("liste.csv", csv_bytes([HEADER, "Müller;Jürgen;3.4.1970;deutsch"], sep=sep))
    assert len(rows[1][1]) == 4


def test_mixed_encodings_are_refused() -> None:
    data = "Nachname;Vorname\nMüller;Jürgen\n".encode() + "Größe;Jörg\n".encode("cp1252")
    with pytest.raises(ImportFileError, match="encoding"):
        read_table("liste.csv", data)


def test_excel_rows_keep_their_numbers_and_dates() -> None:
    data = xlsx(
        [
            ["Klientenliste 2019"],
            [],
            ["Nachname", "Vorname", "Geb.-Datum"],
            ["Kaya", "Ali", datetime(1985, 2, 1)],
        ]
    )
    rows = read_table("liste.xlsx", data)
    assert [number for number, _cells in rows] == [1, 3, 4]
    sheet = locate(rows)
    assert sheet.header_row == 3
    assert sheet.mapping == {0: "last_name", 1: "first_name", 2: "birth_date"}
    assert sheet.rows == [(4, ["Kaya", "Ali", datetime(1985, 2, 1)])]


def test_formulas_are_read_as_text_never_calculated() -> None:
    data = xlsx([["Nachname", "Vorname"], ["=1+1", '=HYPERLINK("http://x","y")']])
    rows = read_table("liste.xlsx", data)
    assert rows[1][1] == ["=1+1", '=HYPERLINK("http://x","y")']


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("liste.xlsx", b"PK\x03\x04 this is no zip", "damaged"),
        ("liste.xlsx", b"just text", "Only Excel files"),
        ("liste.pdf", b"%PDF-1.7", "Only Excel files"),
        ("liste.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Old Excel"),
        ("liste.csv", b"Nachname\x00;Vorname", "not a text file"),
        ("liste.csv", b"   ", "empty"),
    ],
)
def test_bad_files_get_a_clear_message(name: str, data: bytes, message: str) -> None:
    with pytest.raises(ImportFileError, match=message):
        read_table(name, data)


def test_too_large_is_refused_before_reading(settings) -> None:
    settings.LOTSE_IMPORT_MAX_BYTES = 1000
    with pytest.raises(ImportFileError, match="larger than"):
        read_table("liste.csv", b"a;b\n" * 1000)


def test_too_many_columns(settings) -> None:
    settings.LOTSE_IMPORT_MAX_COLUMNS = 50
    wide = [[f"c{i}" for i in range(60)]]
    with pytest.raises(ImportFileError, match="more than 50 columns"):
        read_table("liste.xlsx", xlsx(wide))
    with pytest.raises(ImportFileError, match="more than 50 columns"):
        read_table("liste.csv", ";".join(f"c{i}" for i in range(60)).encode())


def test_too_many_rows(settings) -> None:
    settings.LOTSE_IMPORT_MAX_ROWS = 20
    with pytest.raises(ImportFileError, match="more than 20 rows"):
        read_table("liste.csv", b"Nachname;Vorname\n" + b"A;B\n" * 40)


def test_zip_bomb_is_refused() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * 200_000_000)
    with pytest.raises(ImportFileError, match="damaged"):
        read_table("liste.xlsx", out.getvalue())


def test_no_header_row() -> None:
    with pytest.raises(ImportFileError, match="No header row"):
        locate(read_table("liste.csv", b"a;b\nc;d\n"))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("25.11.2026", date(2026, 11, 25)),
        ("01.02.85", date(1985, 2, 1)),
        ("1.2.26", date(2026, 2, 1)),
        ("1.2.27", date(1927, 2, 1)),
        ("2026-11-25", date(2026, 11, 25)),
        (31079, date(1985, 2, 1)),
        (31079.0, date(1985, 2, 1)),
        ("31079", date(1985, 2, 1)),
        (datetime(1985, 2, 1, 0, 0), date(1985, 2, 1)),
        ("", None),
        (None, None),
    ],
)
def test_dates(value: object, expected: date | None) -> None:
    assert parse_date(value, today=TODAY) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize("value", ["31.02.2026", "morgen", "12/2026", "-5"])
def test_wrong_dates_are_errors(value: str) -> None:
    with pytest.raises(ValueError):
        parse_date(value, today=TODAY)


def test_gender_and_nationality() -> None:
    assert parse_gender("w") == "female"
    assert parse_gender("männlich") == "male"
    assert parse_gender("") == "not_stated"
    with pytest.raises(ValueError):
        parse_gender("vielleicht")
    assert parse_nationalities("syrisch / deutsch") == (["SY", "DE"], False)
    assert parse_nationalities("Syrien") == (["SY"], False)
    assert parse_nationalities("Atlantis") == ([], True)
