"""Issue #16: the statistics speak German (no code names, no English headings), the workbook
holds numbers and formulas under readable sheet names, the PDF's charts survive grayscale."""

from __future__ import annotations

import re
import subprocess
from io import BytesIO
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from lotse.stats.charts import bar_chart, grouped_chart
from lotse.stats.published import statistics_for
from lotse.stats.reports.data import report_data
from lotse.stats.reports.pdf import annual_pdf
from lotse.stats.reports.xlsx import _sheet_title, annual_xlsx
from lotse.stats.scope import unit_for
from lotse.stats.selectors.base import Period
from stats.data import populate
from stats.samples import funding_a
from stats.wording import forbidden, offending


@pytest.fixture
def german_report(org):
    populate(org.team_a, org.users["counsellor"], clients=80, seed=11)
    populate(org.team_b, org.users["stranger"], clients=30, seed=12)
    funding_a(org)
    with translation.override("de"):
        unit = unit_for(org.users["statistics"], None)
        yield org, report_data(unit, statistics_for(list(unit.team_ids), Period.year(2025)))


def _without_names(text: str, data) -> str:
    # Staff names of the test organisation ("Counsellor") are people, not labels.
    for member in data.staff.members:
        text = text.replace(member.name, "")
    return text


def test_the_word_list_is_derived_from_the_catalogue() -> None:
    words = forbidden()
    assert {"clients_by_service", "_total", "unknown", "in_person"} <= set(words)
    assert "Clients by service" in words and "Who comes" in words
    # Text that a German reader may see passes; a code or an English heading does not.
    assert offending("Migrationsberatung (MBE) 12 Gesamt", words) == []
    assert offending("Clients by service", words)
    assert offending("Kontakte: in_person", words)


def test_dashboard_is_german(german_report, as_persona) -> None:
    _org, data = german_report
    http = as_persona("statistics")
    response = http.get(reverse("stats_dashboard") + "?year=2025&section=all")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Klient:innen nach Dienst" in html
    text = re.sub(r"<[^>]+>", " ", re.sub(r"<(script|style).*?</\1>", " ", html, flags=re.S))
    text = text.replace("Statistics", "")  # the persona's own name in the menu
    assert offending(_without_names(text, data)) == []


def test_dashboard_is_english_for_english_readers(german_report, as_persona) -> None:
    http = as_persona("statistics")
    http.cookies["django_language"] = "en"
    response = http.get(reverse("stats_dashboard") + "?year=2025", HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    if 'lang="en"' not in html:
        pytest.skip("the persona's language preference decides, not the request")
    assert "Clients (each counted once)" in html and "Klient:innen nach Dienst" not in html


def test_workbook_is_german(german_report) -> None:
    _org, data = german_report
    with translation.override("de"):
        book = load_workbook(BytesIO(annual_xlsx(data)))
    values = [ws.title for ws in book.worksheets]
    values += [str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row]
    text = _without_names("\n".join(v for v in values if v != "None"), data)
    assert offending(text) == []


def test_pdf_is_german(german_report, tmp_path: Path) -> None:
    _org, data = german_report
    with translation.override("de"):
        content = annual_pdf(data)
    path = tmp_path / "annual.pdf"
    path.write_bytes(content)
    command = ["pdftotext", str(path), "-"]
    text = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    assert "Jahresbericht" in text and "Klient:innen nach Dienst" in text
    assert offending(_without_names(text, data)) == []


def test_workbook_numbers_formulas_and_cover(german_report) -> None:
    _org, data = german_report
    with translation.override("de"):
        book = load_workbook(BytesIO(annual_xlsx(data)))
    cover = book.worksheets[0]
    labels = {row[0].value: row[1] for row in cover.iter_rows(max_col=2) if row[0].value}
    assert labels["Zeitraum"].value == "01.01.2025 – 31.12.2025"
    assert labels["Einheit"].value == data.unit.label
    assert labels["Mindestfallzahl k"].value == data.statistics.k
    assert labels["Mindestfallzahl k"].data_type == "n"
    assert "Anzahlen von 1 bis 4" in labels["Unterdrückung kleiner Fallzahlen"].value
    clients = labels["Klient:innen (jede Person einmal gezählt)"]
    assert clients.data_type == "n" and clients.value == 110
    assert labels["Beratungsstunden"].data_type == "n"
    # No number anywhere is stored as text; totals are formulas.
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row]
    as_text = [
        c.coordinate
        for c in cells
        if c.data_type == "s" and re.fullmatch(r"-?\d{1,3}(\.\d{3})*(,\d+)?", str(c.value))
    ]
    assert as_text == []
    formulas = [c for c in cells if c.data_type == "f"]
    assert len(formulas) > 20 and all(str(c.value).startswith("=") for c in formulas)
    sheet = book["Ratsuchende und Kontakte"]
    gesamt = [row[1] for row in sheet.iter_rows(max_col=2) if row[0].value == "Gesamt"]
    assert gesamt and all(str(c.value).startswith("=SUM(") for c in gesamt)
    assert any(c.data_type == "n" for row in sheet.iter_rows() for c in row)


def test_sheet_names_fit_excel_and_are_whole_words() -> None:
    taken: set[str] = set()
    long = "Warteliste und Familienangehörige nach Dienst"
    first = _sheet_title(long, taken)
    assert first == "Warteliste und"[: len(first)] or len(first) <= 31
    assert first == "Warteliste und"
    second = _sheet_title(long, taken)
    assert second == "Warteliste und (2)" and len(second) <= 31
    assert _sheet_title("Klient:innen / Dienste [alt]", set()) == "Klientinnen Dienste alt"
    assert len(_sheet_title("Ä" * 40, set())) == 31


def test_workbook_sheet_names_are_unique_and_uncut(german_report) -> None:
    _org, data = german_report
    with translation.override("de"):
        book = load_workbook(BytesIO(annual_xlsx(data)))
    titles = [ws.title for ws in book.worksheets]
    assert len({t.casefold() for t in titles}) == len(titles)
    headings = {ws.title: ws["A1"].value for ws in book.worksheets}
    for title, heading in headings.items():
        assert len(title) <= 31
        # Either the whole heading or its own short title, never a heading cut mid-word.
        assert title == heading.replace(":", "") or not heading.startswith(title), title


DOC = {"document_language": "de", "document_dir": "ltr", "document_page_counter": "''"}


def _font_sizes(svg: str) -> list[float]:
    return [float(size) for size in re.findall(r'font-size="([\d.]+)"', svg)]


def test_charts_carry_patterns_labels_and_print_size() -> None:
    grouped = grouped_chart(
        "T", ["unter 12", "12–17"], ["weiblich", "männlich", "divers"], [[3, 4, None], [5, 6, 7]]
    )
    assert "<pattern" in grouped and "url(#p-diagonal)" in grouped
    assert "männlich: 4" in grouped and "divers: •" in grouped
    bars = bar_chart("T", ["MBE", "JMD"], [209, 81])
    assert ">209<" in bars and ">MBE<" in bars
    # Shown at its natural size in the PDF one unit is 0.75 pt: never below 9 pt.
    for svg in (grouped, bars):
        assert min(_font_sizes(svg)) * 0.75 >= 9


def test_pdf_charts_at_natural_size_each_followed_by_its_table(german_report) -> None:
    from django.template.loader import render_to_string

    _org, data = german_report
    with translation.override("de"):
        html = render_to_string("stats/reports/annual.html", {"data": data, "k_minus_one": 4} | DOC)
    style = render_to_string("stats/reports/_style.html", DOC)
    assert re.search(r"\.chart \{ width: 480pt;", style)
    blocks = html.split('<div class="block">')[1:]
    charts = [b for b in blocks if '<img class="chart"' in b]
    assert len(charts) > 10
    for block in charts:
        assert block.index('<img class="chart"') < block.index('<table class="data">')
