"""The annual report for the funder as a spreadsheet: every table, totals as real formulas.

Totals are ``=SUM(…)`` formulas over the rows above them whenever that gives the published
total: a 1-D table with suppressed cells gets a row "suppressed cells together" (the published
total minus the published cells — anyone can compute it, and it is never below k), so the
formula still adds up. A total that is itself suppressed is written as "•", never as a formula
over the visible cells (which would pretend to be the total). Multiple-answer tables have no
sum: their base is a number counted once.
"""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO

from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from lotse.common.languages import language_name
from lotse.common.spreadsheet import Formula, safe_cell

from ..models import FunderKind
from ..presentation import KEY_FIGURES, SUPPRESSED_MARK, CellView, TableView
from .data import ReportData

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)


def _put(ws: Worksheet, row: int, column: int, value: object = None) -> Cell:
    """The one place cells are written: names and labels can never start a formula."""
    if value is None:
        return ws.cell(row, column)
    return ws.cell(row, column, safe_cell(value))


def _value(cell: CellView) -> object:
    return SUPPRESSED_MARK if cell.value is None else cell.value


def _fractional(view: TableView) -> bool:
    """Hours and days are kept as fractions (minutes / 60); counts are whole numbers."""
    cells = [c for line in view.rows for c in line.cells]
    if view.total is not None:
        cells += view.total.cells
    return any(isinstance(c.value, float | Decimal) for c in cells)


def _one_decimal(ws: Worksheet, rows: range, columns: range) -> None:
    """Shown with one decimal, as the page and the PDF show them; the cell keeps the exact
    value, so a sum in Excel rounds once (60.75 h reads 60,8)."""
    for row in rows:
        for column in columns:
            ws.cell(row, column).number_format = "#,##0.0"


# Excel allows 31 characters in a sheet name and none of []:*?/\ . Sections whose German
# title is longer get a short title of their own; any other is cut at a word boundary.
SHEET_LIMIT = 31
SHORT_SECTION_TITLES = {
    "overview": pgettext_lazy("spreadsheet sheet name", "Clients and contacts"),
    "waiting": pgettext_lazy("spreadsheet sheet name", "Waiting list and family"),
}


def _sheet_title(text: str, taken: set[str] | None = None) -> str:
    """A sheet name from ``text``: forbidden characters dropped, never cut mid-word, unique
    (case-insensitively, as Excel compares) among ``taken``, which it joins."""
    cleaned = " ".join("".join(ch for ch in text if ch not in "[]:*?/\\'").split())
    taken = set() if taken is None else taken
    name = _cut(cleaned, SHEET_LIMIT) or "-"
    number = 2
    while name.casefold() in {t.casefold() for t in taken}:
        suffix = f" ({number})"
        name = _cut(cleaned, SHEET_LIMIT - len(suffix)) + suffix
        number += 1
    taken.add(name)
    return name


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    words = text[: limit + 1].split(" ")[:-1]
    cut = " ".join(words).rstrip(" ,;–-")
    # A single word longer than the limit has no boundary to cut at.
    return cut or text[:limit]


def write_table(ws: Worksheet, row: int, view: TableView) -> int:
    """Write ``view`` from ``row`` on; return the next free row."""
    _put(ws, row, 1, view.title).font = BOLD
    row += 1
    if view.note:
        _put(ws, row, 1, view.note).alignment = Alignment(wrap_text=False)
        row += 1
    if view.two_way:
        return _two_way(ws, row, view)
    _put(ws, row, 1, view.row_title).font = BOLD
    _put(ws, row, 2, view.unit).font = BOLD
    row += 1
    first = row
    for line in view.rows:
        _put(ws, row, 1, line.label)
        _put(ws, row, 2, _value(line.cells[0]))
        row += 1
    if view.remainder is not None:
        _put(ws, row, 1, _("Suppressed cells together"))
        _put(ws, row, 2, _value(view.remainder))
        row += 1
    last = row - 1
    if view.total is not None:
        _put(ws, row, 1, view.total.label).font = BOLD
        total = view.total.cells[0]
        if view.additive and total.value is not None and last >= first:
            _put(ws, row, 2, Formula(f"=SUM(B{first}:B{last})"))
        else:
            _put(ws, row, 2, _value(total))
        _put(ws, row, 2).font = BOLD
        row += 1
    if _fractional(view):
        _one_decimal(ws, range(first, row), range(2, 3))
    if view.multiple:
        _put(ws, row, 1, _("Multiple answers: the cells add up to more than the base."))
        row += 1
    return row + 1


def _two_way(ws: Worksheet, row: int, view: TableView) -> int:
    ncols = len(view.columns)
    _put(ws, row, 1, view.row_title).font = BOLD
    for j, name in enumerate(view.columns, start=2):
        _put(ws, row, j, name).font = BOLD
    total_col = ncols + 2
    _put(ws, row, total_col, _("Total")).font = BOLD
    row += 1
    first = row
    row_totals_published = True
    for line in view.rows:
        _put(ws, row, 1, line.label)
        for j, value in enumerate(line.cells, start=2):
            _put(ws, row, j, _value(value))
        complete = all(c.value is not None for c in line.cells)
        if line.total is not None and line.total.value is not None and complete and ncols:
            _put(ws, row, total_col, Formula(f"=SUM(B{row}:{get_column_letter(ncols + 1)}{row})"))
        elif line.total is not None:
            _put(ws, row, total_col, _value(line.total))
        row_totals_published &= line.total is not None and line.total.value is not None
        row += 1
    last = row - 1
    if view.total is not None:
        _put(ws, row, 1, view.total.label).font = BOLD
        for j, value in enumerate(view.total.cells, start=2):
            letter = get_column_letter(j)
            column = [line.cells[j - 2] for line in view.rows]
            if value.value is not None and all(c.value is not None for c in column) and column:
                _put(ws, row, j, Formula(f"=SUM({letter}{first}:{letter}{last})"))
            else:
                _put(ws, row, j, _value(value))
            _put(ws, row, j).font = BOLD
        grand = view.total.total
        letter = get_column_letter(total_col)
        if grand is not None and grand.value is not None and row_totals_published and view.rows:
            _put(ws, row, total_col, Formula(f"=SUM({letter}{first}:{letter}{last})"))
        elif grand is not None:
            _put(ws, row, total_col, _value(grand))
        _put(ws, row, total_col).font = BOLD
        row += 1
    if _fractional(view):
        _one_decimal(ws, range(first, row), range(2, total_col + 1))
    return row + 1


def cover_lines(data: ReportData, *, posts: bool = False) -> list[tuple[str, object]]:
    """What every cover sheet says first: unit, period, date, (posts,) k and the rule."""
    k = data.statistics.k
    lines: list[tuple[str, object]] = [
        (_("Unit"), data.unit.label),
        (_("Period"), f"{data.period.start:%d.%m.%Y} – {data.period.end:%d.%m.%Y}"),
        (_("Created on"), f"{data.created:%d.%m.%Y}"),
    ]
    if posts:
        lines.append((_("Posts (full-time equivalents)"), float(data.posts)))
    return [
        *lines,
        (_("Minimum count k"), k),
        (
            _("Suppression"),
            _("Counts from 1 to %(k)s are not shown (•), nor cells that would reveal them.")
            % {"k": k - 1},
        ),
    ]


def _cover(ws: Worksheet, data: ReportData, taken: set[str]) -> None:
    """Period, unit and the suppression rule with its k, then the key figures as numbers."""
    ws.title = _sheet_title(_("Overview"), taken)
    _put(ws, 1, 1, _("Annual report")).font = TITLE
    lines = [
        *cover_lines(data),
        (
            _("Suppressed cells together"),
            _("Published total minus the published cells of a table; never below k."),
        ),
    ]
    for i, (label, value) in enumerate(lines, start=3):
        _put(ws, i, 1, label).font = BOLD
        _put(ws, i, 2, value)
    row = len(lines) + 4
    _put(ws, row, 1, _("Key figures")).font = BOLD
    row += 1
    for key, figure_label in KEY_FIGURES:
        table = data.statistics.table(key)
        if table is None:
            continue
        _put(ws, row, 1, str(figure_label))
        figure = _put(ws, row, 2, SUPPRESSED_MARK if table.total is None else table.total)
        if table.measure != "count":
            figure.number_format = "#,##0.0"
        row += 1


def _staff(wb: Workbook, data: ReportData, taken: set[str]) -> None:
    ws = wb.create_sheet(_sheet_title(_("Staff and posts"), taken))
    _put(ws, 1, 1, _("Staff and posts")).font = TITLE
    for j, head in enumerate([_("Name"), _("Post share"), _("Languages")], start=1):
        _put(ws, 3, j, head).font = BOLD
    row = 4

    for member in data.staff.members:
        _put(ws, row, 1, member.name)
        _put(ws, row, 2, float(member.fte))
        _put(ws, row, 3, ", ".join(language_name(c) for c in member.languages))
        row += 1
    _put(ws, row, 1, _("Posts (full-time equivalents)")).font = BOLD
    _put(ws, row, 2, Formula(f"=SUM(B4:B{row - 1})") if row > 4 else 0).font = BOLD
    row += 2
    _put(ws, row, 1, _("Language")).font = BOLD
    _put(ws, row, 2, _("Staff speaking it")).font = BOLD
    for name, count in data.staff_languages:
        row += 1
        _put(ws, row, 1, name)
        _put(ws, row, 2, count)


def _funding(wb: Workbook, data: ReportData, taken: set[str]) -> None:
    if not data.funding:
        return
    ws = wb.create_sheet(_sheet_title(_("Funding"), taken))
    _put(ws, 1, 1, _("Costs and funding")).font = TITLE
    row = 3
    funders = dict(FunderKind.choices)
    for period, summary in data.funding:
        _put(ws, row, 1, f"{period.title} – {summary.year}").font = BOLD
        row += 1
        _put(ws, row, 1, _("Eligible costs"))
        _put(ws, row, 2, float(summary.eligible_costs))
        _put(ws, row + 1, 1, _("Other costs"))
        _put(ws, row + 1, 2, float(summary.other_costs))
        _put(ws, row + 2, 1, _("Total costs")).font = BOLD
        _put(ws, row + 2, 2, Formula(f"=SUM(B{row}:B{row + 1})")).font = BOLD
        costs_row = row + 2
        row += 3
        first = row
        for kind, amount in summary.grants_by_funder.items():
            _put(ws, row, 1, str(funders.get(kind, kind)))
            _put(ws, row, 2, float(amount))
            row += 1
        _put(ws, row, 1, str(funders["own"]))
        _put(ws, row, 2, float(summary.own_funds))
        row += 1
        _put(ws, row, 1, _("Funding (all lines)")).font = BOLD
        _put(ws, row, 2, Formula(f"=SUM(B{first}:B{row - 1})")).font = BOLD
        row += 1
        _put(ws, row, 1, _("Secured (granted and own funds)"))
        _put(ws, row, 2, float(summary.secured))
        _put(ws, row + 1, 1, _("Gap")).font = BOLD
        _put(ws, row + 1, 2, Formula(f"=MAX(B{costs_row}-B{row},0)")).font = BOLD
        _put(ws, row + 2, 1, _("Applied for"))
        _put(ws, row + 2, 2, float(summary.requested))
        _put(ws, row + 3, 1, _("Gap if every application is granted"))
        _put(ws, row + 3, 2, Formula(f"=MAX(B{row + 1}-B{row + 2},0)"))
        row += 5


def annual_xlsx(data: ReportData) -> bytes:
    wb = Workbook()
    taken: set[str] = set()
    _cover(wb.active, data, taken)
    _staff(wb, data, taken)
    for key, title, views in data.sections:
        short = SHORT_SECTION_TITLES.get(key)
        ws = wb.create_sheet(_sheet_title(str(short) if short else title, taken))
        _put(ws, 1, 1, title).font = TITLE
        row = 3
        for view in views:
            row = write_table(ws, row, view)
        ws.column_dimensions["A"].width = 48
    _funding(wb, data, taken)
    for ws in wb.worksheets:
        ws.column_dimensions["A"].width = max(ws.column_dimensions["A"].width or 0, 40)
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
