"""Figures in the layout of the funders' forms (issue #18 §4): the published tables, sorted
by the parts of the MBE and JMD forms, only for a unit of that one service."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from lotse.audit.models import AuditEntry
from lotse.clients.models import Client
from lotse.stats.presentation import SUPPRESSED_MARK
from lotse.stats.published import statistics_for
from lotse.stats.reports.data import report_data
from lotse.stats.reports.funder import JMD, MBE, funder_xlsx
from lotse.stats.scope import units_for
from lotse.stats.selectors.base import Period
from lotse_testing import PASSWORD
from stats.data import populate

URL = "stats_report_funder_xlsx"


@pytest.fixture
def busy(org):
    populate(org.team_a, org.users["counsellor"], clients=80, seed=21)
    populate(org.team_b, org.users["stranger"], clients=40, seed=22)
    return org


def reauthenticated(as_persona, persona: str = "statistics"):
    http = as_persona(persona)
    http.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    return http


def team_query(org, form: str) -> dict[str, object]:
    return {"unit": f"t{org.team_a.pk}", "year": 2025, "form": form}


def sections(sheet) -> dict[str, dict[str, object]]:
    """Heading -> {row label: first value} for every block of a part's sheet."""
    found: dict[str, dict[str, object]] = {}
    current: dict[str, object] | None = None
    for label, value in sheet.iter_rows(min_col=1, max_col=2, values_only=True):
        if label is None:
            current = None
            continue
        if current is None:
            current = found.setdefault(str(label), {})
            continue
        current[str(label)] = value
    return found


def test_the_mbe_form_holds_the_published_tables_under_the_funders_headings(busy) -> None:
    unit = next(u for u in units_for(busy.users["statistics"]) if u.key == f"t{busy.team_a.pk}")
    data = report_data(unit, statistics_for(list(unit.team_ids), Period.year(2025)))
    book = load_workbook(BytesIO(funder_xlsx(data, MBE)))
    assert len(book.worksheets) == 1 + len(MBE.parts)
    views = {v.key: v for _k, _t, vs in data.sections for v in vs}
    checked = 0
    for part, sheet in zip(MBE.parts, book.worksheets[1:], strict=True):
        blocks = sections(sheet)
        for entry in part.items:
            view = views[entry.table]
            block = blocks[str(entry.heading)]
            if view.two_way:
                continue  # rows of a two-way table are checked in test_reports
            for line in view.rows:
                expected = line.cells[0].value
                shown = block[line.label]
                assert shown == (SUPPRESSED_MARK if expected is None else expected), (
                    entry.table,
                    line.label,
                )
                checked += 1
    assert checked > 30


def test_the_form_names_no_client_and_no_counsellor(busy) -> None:
    unit = next(u for u in units_for(busy.users["statistics"]) if u.key == f"t{busy.team_a.pk}")
    data = report_data(unit, statistics_for(list(unit.team_ids), Period.year(2025)))
    book = load_workbook(BytesIO(funder_xlsx(data, MBE)))
    text = " ".join(
        str(cell.value) for sheet in book.worksheets for row in sheet.iter_rows() for cell in row
    )
    names = {c.last_name for c in Client.objects.filter(team=busy.team_a) if c.last_name}
    assert names and not {n for n in names if n in text}
    assert busy.users["counsellor"].full_name not in text


def test_download_is_reauthenticated_and_audited(busy, as_persona) -> None:
    response = as_persona("statistics").get(reverse(URL), team_query(busy, "mbe"))
    assert response.status_code == 302
    assert reverse("account_reauthenticate") in response["Location"]
    http = reauthenticated(as_persona)
    response = http.get(reverse(URL), team_query(busy, "mbe"))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    book = load_workbook(BytesIO(response.content))
    assert book.worksheets[0]["A1"].value in {"MBE-Controlling (BAMF)", "MBE controlling (BAMF)"}
    entry = AuditEntry.objects.filter(action="stats.exported").latest()
    assert entry.data["kind"] == "funder_mbe" and entry.data["from"] == "2025-01-01"


@pytest.mark.parametrize(
    ("unit", "form"),
    [("centre", "mbe"), ("team_a", "jmd")],
    ids=["mixed centre", "jmd form for an mbe team"],
)
def test_a_unit_of_another_service_is_refused_with_a_reason(busy, as_persona, unit, form) -> None:
    key = f"c{busy.centre.pk}" if unit == "centre" else f"t{busy.team_a.pk}"
    http = reauthenticated(as_persona)
    response = http.get(reverse(URL), {"unit": key, "year": 2025, "form": form})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("stats_reports"))
    assert not AuditEntry.objects.filter(action="stats.exported").exists()
    page = http.get(response["Location"])
    assert "nur" in page.content.decode() or "only" in page.content.decode()


def test_the_jmd_form_is_offered_for_the_jmd_team_only(busy, as_persona) -> None:
    http = as_persona("statistics")
    page = http.get(reverse("stats_reports"), {"unit": f"t{busy.team_b.pk}", "year": 2025})
    assert [layout.key for layout in page.context["funder_layouts"]] == [JMD.key]
    page = http.get(reverse("stats_reports"), {"unit": f"c{busy.centre.pk}", "year": 2025})
    assert page.context["funder_layouts"] == []
    response = reauthenticated(as_persona).get(
        reverse(URL), {"unit": f"t{busy.team_b.pk}", "year": 2025, "form": "jmd"}
    )
    assert response.status_code == 200


def test_an_unknown_form_is_not_found(busy, as_persona) -> None:
    http = reauthenticated(as_persona)
    assert http.get(reverse(URL), {"year": 2025, "form": "bamf2"}).status_code == 404


def test_a_single_day_is_refused_as_for_every_published_figure(busy, as_persona) -> None:
    http = reauthenticated(as_persona)
    day = {"unit": f"t{busy.team_a.pk}", "start": "14.03.2025", "end": "14.03.2025"}
    response = http.get(reverse(URL), {**day, "form": "mbe"})
    assert response.status_code == 302
    assert "attachment" not in response.get("Content-Disposition", "")
