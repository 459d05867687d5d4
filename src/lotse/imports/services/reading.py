"""Reading an uploaded spreadsheet into a plain table, or refusing it with a clear reason.

Nothing here touches the database. XLSX is read with openpyxl in read-only mode without
evaluating anything: a formula cell arrives as its text ("=SUMME(A1:A3)") and the row
validation refuses it, so a formula never runs and never lands in a client file. CSV is
decoded as German Excel writes it: UTF-8 (with or without BOM) first, then Windows-1252;
a file whose bytes mix both is refused rather than imported with broken umlauts.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import date, datetime

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import load_workbook

Cell = str | int | float | date | datetime | None

XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old .xls format
# A small XLSX unpacks to a multiple of its size; far beyond this it is a zip bomb.
MAX_UNPACKED_RATIO = 100
# "Ã¼" and friends: UTF-8 bytes read as Windows-1252, the mark of a file with mixed encodings.
_MOJIBAKE = re.compile("[ÃÂ][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u2013-\u2122]")


class ImportFileError(Exception):
    """The whole file is refused; the message is German-ready (gettext) and names no person."""


def limits() -> tuple[int, int, int]:
    return (
        int(getattr(settings, "LOTSE_IMPORT_MAX_BYTES", 10 * 1024 * 1024)),
        int(getattr(settings, "LOTSE_IMPORT_MAX_COLUMNS", 200)),
        int(getattr(settings, "LOTSE_IMPORT_MAX_ROWS", 50_000)),
    )


def read_table(name: str, data: bytes) -> list[tuple[int, list[Cell]]]:
    """All non-empty rows of the file with their number in the file (1 = first line), so
    a report can say "Zeile 17" and mean the line the team lead sees in Excel.

    Raises ``ImportFileError`` for a file that is too large, of the wrong type, broken,
    too wide or too long, or of mixed encodings.
    """
    max_bytes, max_columns, max_rows = limits()
    if len(data) > max_bytes:
        raise ImportFileError(
            _("The file is larger than %(limit)d MB. Please split it into several files.")
            % {"limit": max_bytes // (1024 * 1024)}
        )
    if not data.strip():
        raise ImportFileError(_("The file is empty."))
    lower = name.lower()
    if data.startswith(OLE_MAGIC) or lower.endswith(".xls"):
        raise ImportFileError(
            _(
                "Old Excel files (.xls) cannot be read. Please save the list in Excel as "
                "'Excel-Arbeitsmappe (.xlsx)' or as 'CSV (Trennzeichen-getrennt)'."
            )
        )
    if data.startswith(XLSX_MAGIC):
        if not lower.endswith((".xlsx", ".xlsm")):
            raise ImportFileError(_("Only Excel files (.xlsx) and CSV files can be imported."))
        return _read_xlsx(data, max_columns=max_columns, max_rows=max_rows)
    if lower.endswith((".csv", ".txt")):
        return _read_csv(data, max_columns=max_columns, max_rows=max_rows)
    raise ImportFileError(_("Only Excel files (.xlsx) and CSV files can be imported."))


def _broken() -> ImportFileError:
    return ImportFileError(
        _(
            "The Excel file is damaged or not a real Excel file. Please open it in Excel, "
            "save it again as .xlsx and upload it once more."
        )
    )


def _too_wide(max_columns: int) -> ImportFileError:
    return ImportFileError(
        _("The table has more than %(limit)d columns. Please remove the columns not needed.")
        % {"limit": max_columns}
    )


def _too_long(max_rows: int) -> ImportFileError:
    return ImportFileError(
        _("The table has more than %(limit)d rows. Please split it into several files.")
        % {"limit": max_rows}
    )


def _trim(row: list[Cell]) -> list[Cell]:
    cells = [cell.strip() if isinstance(cell, str) else cell for cell in row]
    while cells and cells[-1] in (None, ""):
        cells.pop()
    return cells


def _read_xlsx(data: bytes, *, max_columns: int, max_rows: int) -> list[tuple[int, list[Cell]]]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
            if unpacked > MAX_UNPACKED_RATIO * len(data) + 10 * 1024 * 1024:
                raise _broken()
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except ImportFileError:
        raise
    except Exception as error:  # openpyxl raises many kinds for a broken archive
        raise _broken() from error
    try:
        sheet = book.worksheets[0]
        rows: list[tuple[int, list[Cell]]] = []
        number = 0
        # One column more than allowed is read, so a too-wide sheet is noticed without
        # reading 16,384 empty cells per row.
        for values in sheet.iter_rows(max_col=max_columns + 1, values_only=True):
            number += 1
            row = _trim([_xlsx_cell(value) for value in values])
            if not row:
                continue
            if len(row) > max_columns:
                raise _too_wide(max_columns)
            rows.append((number, row))
            if len(rows) > max_rows + 10:  # + a title and the header rows
                raise _too_long(max_rows)
    except ImportFileError:
        raise
    except Exception as error:
        raise _broken() from error
    finally:
        book.close()
    return rows


def _xlsx_cell(value: object) -> Cell:
    if value is None or isinstance(value, str | int | float | date | datetime):
        if isinstance(value, bool):
            return "ja" if value else "nein"
        return value
    return str(value)


def decode(data: bytes) -> str:
    """UTF-8 (a BOM is dropped), else Windows-1252; mixed bytes are refused."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise ImportFileError(
            _(
                "The file's character encoding is unknown. Please save it in Excel as "
                "'CSV UTF-8 (durch Trennzeichen getrennt)'."
            )
        ) from error
    if _MOJIBAKE.search(text):
        raise ImportFileError(
            _(
                "The file mixes two character encodings (umlauts would be garbled). Please "
                "save it in Excel as 'CSV UTF-8 (durch Trennzeichen getrennt)'."
            )
        )
    return text


def _delimiter(text: str) -> str:
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=";,\t").delimiter
    except csv.Error:
        first = sample.split("\n", 1)[0]
        return max(";,\t", key=first.count)


def _read_csv(data: bytes, *, max_columns: int, max_rows: int) -> list[tuple[int, list[Cell]]]:
    if b"\x00" in data:
        raise ImportFileError(_("This is not a text file. Please upload an .xlsx or .csv file."))
    text = decode(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    rows: list[tuple[int, list[Cell]]] = []
    try:
        for values in reader:
            if len(values) > max_columns and any(v.strip() for v in values[max_columns:]):
                raise _too_wide(max_columns)
            row = _trim(list(values[:max_columns]))
            if not row:
                continue
            rows.append((reader.line_num, row))
            if len(rows) > max_rows + 10:
                raise _too_long(max_rows)
    except csv.Error as error:
        raise ImportFileError(
            _("The CSV file cannot be read (unbalanced quotation marks?).")
        ) from error
    return rows
