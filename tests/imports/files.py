"""Spreadsheets for the import tests, made in memory."""

from __future__ import annotations

import io
from collections.abc import Iterable

from openpyxl import Workbook


def xlsx(rows: Iterable[Iterable[object]], *, merge: str = "") -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(list(row))
    if merge:
        sheet.merge_cells(merge)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_bytes(lines: list[str], *, encoding: str = "utf-8", sep: str = ";") -> bytes:
    text = "\r\n".join(line.replace(";", sep) for line in lines) + "\r\n"
    return text.encode(encoding)
