"""A working list as a download: CSV or XLSX of exactly the rows the caller chose.

Shared by the client and the case working lists (issue #17 §3). The caller re-authenticates,
scopes, caps and audits; this only writes the cells, each through ``safe_cell`` (a text
starting with ``=`` never becomes a formula), and answers ``no-store`` as an attachment.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence

from django.http import HttpResponse
from openpyxl import Workbook

from lotse.common.spreadsheet import safe_cell

FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def table_response(
    *,
    fmt: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    sheet_title: str,
    filename: str,
) -> HttpResponse:
    """``rows`` under ``headers`` as ``<filename>.<fmt>``; CSV with ``;`` and a BOM for Excel."""
    cells = [[safe_cell(value) for value in row] for row in rows]
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")
        writer.writerow(headers)
        writer.writerows(cells)
        response = HttpResponse(
            "\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8"
        )
    elif fmt == "xlsx":
        book = Workbook()
        sheet = book.active
        assert sheet is not None
        # "Klient:innen": a colon is not allowed in a sheet's title.
        sheet.title = re.sub(r"[\\/*?:\[\]]", "", sheet_title)[:31] or "Export"
        sheet.append(list(headers))
        for row in cells:
            sheet.append(row)
        out = io.BytesIO()
        book.save(out)
        response = HttpResponse(out.getvalue(), content_type=XLSX_TYPE)
    else:
        raise ValueError(fmt)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    response["Cache-Control"] = "no-store"
    return response
