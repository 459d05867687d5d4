"""Reports: the spreadsheet's totals are formulas, the PDFs render, downloads are audited."""

from __future__ import annotations

import subprocess
from io import BytesIO
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from lotse.audit.models import AuditEntry
from lotse.stats.published import statistics_for
from lotse.stats.reports.data import report_data
from lotse.stats.reports.pdf import grant_letter_context
from lotse.stats.reports.xlsx import annual_xlsx
from lotse.stats.scope import unit_for
from lotse.stats.selectors.base import Period
from lotse_testing import PASSWORD
from stats.data import populate
from stats.samples import funding_a

QUERY = "?year=2025"


@pytest.fixture
def busy(org):
    populate(org.team_a, org.users["counsellor"], clients=80, seed=11)
    populate(org.team_b, org.users["stranger"], clients=30, seed=12)
    return org


def reauthenticated(as_persona, persona: str = "statistics"):
    http = as_persona(persona)
    http.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    return http


def pdf_text(content: bytes, tmp_path: Path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    # pdftotext from poppler-utils (a prerequisite, see STACK.md) on our own file.
    command = ["pdftotext", str(path), "-"]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603


def test_reports_ask_for_the_password_first(busy, as_persona) -> None:
    http = as_persona("team_lead")
    response = http.get(reverse("stats_report_annual_xlsx") + QUERY)
    assert response.status_code == 302 and reverse("account_reauthenticate") in response["Location"]
    assert not AuditEntry.objects.filter(action="stats.exported").exists()


def test_annual_xlsx_totals_are_formulas(busy, as_persona) -> None:
    http = reauthenticated(as_persona)
    response = http.get(reverse("stats_report_annual_xlsx") + QUERY)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(BytesIO(response.content))
    sums = [
        (ws.title, cell.coordinate, cell.value)
        for ws in book.worksheets
        for row in ws.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and cell.value.startswith("=SUM(")
    ]
    assert len(sums) > 20
    labels = {book[title][f"A{book[title][coordinate].row}"].value for title, coordinate, _ in sums}
    assert labels & {"Total", "Gesamt"}
    entry = AuditEntry.objects.filter(action="stats.exported").latest()
    assert entry.data["kind"] == "annual_xlsx" and entry.data["from"] == "2025-01-01"


def test_xlsx_total_formula_adds_up_to_the_published_total(busy) -> None:
    unit = unit_for(busy.users["statistics"], None)
    data = report_data(unit, statistics_for(list(unit.team_ids), Period.year(2025)))
    views = {v.title: v for _key, _title, section in data.sections for v in section}
    book = load_workbook(BytesIO(annual_xlsx(data)))
    checked = 0
    for ws in book.worksheets:
        current = None
        for row in ws.iter_rows(min_col=1, max_col=2):
            label, value = row[0].value, row[1].value
            if label in views:
                current = views[label]
            if not (isinstance(value, str) and value.startswith("=SUM(B")) or current is None:
                continue
            first, last = value[5:-1].split(":")
            cells = [ws[f"B{r}"].value for r in range(int(first[1:]), int(last[1:]) + 1)]
            assert current.total is not None
            assert (
                sum(n for n in cells if isinstance(n, int | float)) == current.total.cells[0].value
            )
            checked += 1
    assert checked > 10


def test_a_table_with_suppressed_cells_still_sums_by_formula() -> None:
    from openpyxl import Workbook

    from lotse.stats.catalogue import TABLE_BY_KEY
    from lotse.stats.dimensions import Labeller
    from lotse.stats.presentation import table_view
    from lotse.stats.reports.xlsx import write_table
    from lotse.stats.tables import make_table, publish

    counts = {("in_person",): 40, ("phone",): 3, ("email",): 12, ("video",): 30}
    raw = make_table(TABLE_BY_KEY["contacts_by_form"], counts)
    (table,) = publish([raw], k=5)
    view = table_view(table, Labeller(), chart=False)
    assert view.remainder is not None and view.remainder.value == 15  # 3 + 12
    ws = Workbook().active
    write_table(ws, 1, view)
    column = [(ws.cell(r, 1).value, ws.cell(r, 2).value) for r in range(1, ws.max_row + 1)]
    total = next(v for label, v in column if isinstance(v, str) and v.startswith("=SUM("))
    first, last = total[5:-1].split(":")
    summed = [ws[f"B{r}"].value for r in range(int(first[1:]), int(last[1:]) + 1)]
    assert summed.count("•") == 2
    assert sum(v for v in summed if isinstance(v, int)) == 85


def test_annual_pdf_renders_with_heading_and_chart(busy, as_persona, tmp_path: Path) -> None:
    http = reauthenticated(as_persona, "team_lead")
    response = http.get(reverse("stats_report_annual_pdf") + QUERY)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    text = pdf_text(response.content, tmp_path)
    assert "Annual report" in text or "Jahresbericht" in text
    assert "Migrationsberatung" in text or "Adult migration counselling" in text
    assert AuditEntry.objects.filter(action="stats.exported", data__kind="annual_pdf").exists()


def test_municipal_report_renders(busy, as_persona, tmp_path: Path) -> None:
    http = reauthenticated(as_persona)
    response = http.get(reverse("stats_report_municipal") + QUERY)
    assert response.status_code == 200
    text = pdf_text(response.content, tmp_path)
    assert "municipality" in text or "Kommune" in text


def test_grant_letter_from_the_data(busy, as_persona, tmp_path: Path) -> None:
    period_id = funding_a(busy)
    http = reauthenticated(as_persona)
    response = http.get(reverse("stats_grant_letter", args=[period_id]))
    assert response.status_code == 200
    text = pdf_text(response.content, tmp_path)
    assert "10000.00" in text.replace(".", "").replace(",", ".") or "10.000" in text
    assert "Stadt Musterstadt" in text
    entry = AuditEntry.objects.filter(action="stats.exported").latest()
    assert entry.data["kind"] == "grant_letter"


def test_grant_letter_numbers(busy) -> None:
    from datetime import date

    from lotse.stats.models import FundingPeriod

    period = FundingPeriod.objects.get(pk=funding_a(busy))
    context = grant_letter_context(period, today=date(2026, 3, 23))
    summary = context["summary"]
    assert summary.year == 2026
    assert summary.eligible_costs == 99000 and summary.other_costs == 6000
    assert summary.federal_grant == 89100 and summary.federal_share == 90
    assert summary.gap == 105000 - 89100 - 5900
    assert context["requested_per_year"] == 10000
    assert (context["first_year"], context["last_year"]) == (2026, 2029)
    assert context["served_year"] == 2025 and context["clients"] != "0"


@pytest.mark.parametrize(
    "name", ['=HYPERLINK("https://evil.example")', "+1+cmd", "-2", "@SUM(A1)", "\t=1", "\r=1"]
)
def test_a_staff_name_that_starts_a_formula_is_written_as_text(busy, name) -> None:
    """Issue #15: a staff name "=…" became a formula in the annual report's workbook."""
    counsellor = busy.users["counsellor"]
    counsellor.full_name = name
    counsellor.save(update_fields=["full_name"])
    unit = unit_for(busy.users["statistics"], None)
    data = report_data(unit, statistics_for(list(unit.team_ids), Period.year(2025)))
    assert name in [member.name for member in data.staff.members]
    book = load_workbook(BytesIO(annual_xlsx(data)))
    cells = [cell for ws in book.worksheets for row in ws.iter_rows() for cell in row]
    written = [cell for cell in cells if isinstance(cell.value, str) and name in cell.value]
    assert written, "the name is in the workbook"
    for cell in written:
        assert cell.value == "'" + name and cell.data_type == "s"
    # The report's own totals stay formulas.
    assert any(cell.data_type == "f" for cell in cells)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+49 228 1234", "'+49 228 1234"),
        ("-x", "'-x"),
        ("@x", "'@x"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Anna", "Anna"),
        ("– Gedankenstrich", "– Gedankenstrich"),
        (-3, -3),
        (1.5, 1.5),
        (None, None),
    ],
)
def test_safe_cell(value, expected) -> None:
    from lotse.common.spreadsheet import Formula, safe_cell

    assert safe_cell(value) == expected
    assert safe_cell(Formula("=SUM(B1:B2)")) == "=SUM(B1:B2)"


def test_xlsx_hours_read_with_one_decimal_and_counts_as_whole_numbers() -> None:
    from openpyxl import Workbook

    from lotse.stats.catalogue import TABLE_BY_KEY
    from lotse.stats.dimensions import Labeller
    from lotse.stats.presentation import table_view
    from lotse.stats.reports.xlsx import write_table
    from lotse.stats.tables import make_table, publish

    minutes = {("mbe",): 3645, ("jmd",): 400}  # hours are kept in minutes: 60.75 h, 6.67 h
    counts = {("mbe",): 61, ("jmd",): 20}
    tables = publish(
        [
            make_table(TABLE_BY_KEY["hours_by_service"], minutes),
            make_table(TABLE_BY_KEY["contacts_by_service"], counts),
        ],
        k=5,
    )
    ws = Workbook().active
    end = write_table(ws, 1, table_view(tables[0], Labeller()))
    write_table(ws, end, table_view(tables[1], Labeller()))
    numbers = {
        (cell.value, cell.number_format)
        for row in ws.iter_rows(min_col=2, max_col=2)
        for cell in row
        if isinstance(cell.value, int | float)
        or (isinstance(cell.value, str) and cell.value.startswith("="))
    }
    assert (60.75, "#,##0.0") in numbers  # Excel shows 60,8 (German locale), keeps 60.75
    assert (6.6667, "#,##0.0") in numbers  # 6,7 — not 6.6667
    assert (61, "General") in numbers  # counts stay whole numbers
