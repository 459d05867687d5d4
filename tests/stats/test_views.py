"""Dashboard and funding pages: aggregates only, forms keep what was typed, conflicts."""

from __future__ import annotations

import xml.dom.minidom
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404, QueryDict
from django.urls import reverse

from lotse.stats.charts import bar_chart, grouped_chart
from lotse.stats.funding import CostLine, FundingLine, summarise
from lotse.stats.models import FundingPeriod
from stats.data import populate
from stats.samples import funding_a


@pytest.fixture
def busy(org):
    populate(org.team_a, org.users["counsellor"], clients=40, seed=21)
    return org


def test_statistics_officer_sees_aggregates_and_no_client(busy, as_persona) -> None:
    http = as_persona("statistics")
    body = http.get(reverse("stats_dashboard") + "?year=2025&section=all").content.decode()
    assert "data:image/svg+xml;base64," in body and "<table" in body
    for private in ("Amira", "Haddad", busy.client_a.file_number, "Clients by counsellor"):
        assert private not in body
    assert 'href="/statistics/"' in body  # the navigation entry
    assert http.get(reverse("client_detail", args=[busy.client_a.pk])).status_code == 404


def test_team_lead_sees_caseloads_of_the_counsellors(busy, as_persona) -> None:
    http = as_persona("team_lead")
    body = http.get(reverse("stats_dashboard") + "?year=2025&section=team").content.decode()
    assert "Clients by counsellor" in body or "Klient:innen nach Berater" in body
    assert busy.users["counsellor"].full_name in body


def test_counsellor_has_no_statistics(busy, as_persona) -> None:
    http = as_persona("counsellor")
    assert http.get(reverse("stats_dashboard")).status_code == 403
    assert 'href="/statistics/"' not in http.get(reverse("dashboard")).content.decode()


def test_period_that_ends_before_it_starts_is_refused(busy, as_persona) -> None:
    http = as_persona("statistics")
    response = http.get(reverse("stats_dashboard"), {"start": "31.12.2025", "end": "01.01.2025"})
    body = response.content.decode()
    assert response.status_code == 200
    assert 'value="31.12.2025"' in body and "is-invalid" in body


def test_dashboard_of_one_team(busy, as_persona) -> None:
    http = as_persona("statistics")
    response = http.get(reverse("stats_dashboard"), {"unit": f"t{busy.team_a.pk}", "year": 2025})
    assert response.status_code == 200
    assert response.context["unit"].key == f"t{busy.team_a.pk}"
    assert response.context["statistics"].table("clients_by_service").total == 40
    # Team B had no client: not published on its own, but as part of its centre (issue #16).
    response = http.get(reverse("stats_dashboard"), {"unit": f"t{busy.team_b.pk}", "year": 2025})
    assert response.context["unit"].key == f"c{busy.centre.pk}"
    assert response.context["notes"]


def test_dashboard_context_is_the_whole_page(busy) -> None:
    from lotse.stats.selectors.dashboard import dashboard_context

    officer = busy.users["statistics"]
    context = dashboard_context(officer, QueryDict("year=2025&section=bogus"))
    assert context["section"] == "overview" and context["query"] == "year=2025"
    assert context["unit"].level == "provider" and context["k_minus_one"] == 4
    assert [v.section for v in context["views"]] == ["overview"] * len(context["views"])
    every = dashboard_context(officer, QueryDict("year=2025&section=all"))["views"]
    assert "team" in {v.section for v in every}
    assert not {"clients_by_counsellor", "contacts_by_counsellor"} & {v.key for v in every}
    with pytest.raises(Http404):
        dashboard_context(officer, QueryDict(), bundle_id=0)
    with pytest.raises(PermissionDenied):  # a unit that is not theirs (issue #16)
        dashboard_context(officer, QueryDict("unit=zzz"))


def test_funding_period_create_keeps_input_on_error(org, as_persona) -> None:
    http = as_persona("team_lead")
    data = {
        "centre": org.centre.pk,
        "service": "mbe",
        "title": "MBE 2027–2030",
        "starts_on": "01.01.2030",
        "ends_on": "31.12.2027",
        "federal_share_percent": "90",
    }
    response = http.post(reverse("stats_funding_create"), data)
    assert response.status_code == 200 and 'value="MBE 2027–2030"' in response.content.decode()
    data["starts_on"] = "01.01.2027"
    response = http.post(reverse("stats_funding_create"), data)
    period = FundingPeriod.objects.get(title="MBE 2027–2030")
    assert response["Location"] == reverse("stats_funding_detail", args=[period.pk])
    assert period.years() == [2027]


def test_funding_period_edit_detects_a_conflict(org, as_persona) -> None:
    period = FundingPeriod.objects.get(pk=funding_a(org))
    http = as_persona("statistics")
    form = {
        "centre": org.centre.pk,
        "service": "mbe",
        "title": "Renamed",
        "starts_on": "01.01.2026",
        "ends_on": "31.12.2029",
        "federal_share_percent": "90",
        "version": period.version,
    }
    assert http.post(reverse("stats_funding_edit", args=[period.pk]), form).status_code == 302
    form["title"] = "Stale"
    response = http.post(reverse("stats_funding_edit", args=[period.pk]), form)
    assert response.status_code == 200 and 'value="Stale"' in response.content.decode()
    period.refresh_from_db()
    assert period.title == "Renamed"


def test_funding_lines_and_the_gap(org, as_persona) -> None:
    period = FundingPeriod.objects.get(pk=funding_a(org))
    http = as_persona("team_lead")
    page = http.get(reverse("stats_funding_lines", args=[period.pk]))
    assert page.status_code == 200
    post = {
        "version": period.version,
        "costs-TOTAL_FORMS": "2",
        "costs-INITIAL_FORMS": "0",
        "costs-0-year": "2026",
        "costs-0-category": "personnel",
        "costs-0-amount": "90000",
        "costs-0-eligible": "on",
        "costs-1-year": "2026",
        "costs-1-category": "material",
        "costs-1-amount": "5000",
        "funding-TOTAL_FORMS": "1",
        "funding-INITIAL_FORMS": "0",
        "funding-0-year": "2026",
        "funding-0-funder_kind": "federal",
        "funding-0-amount": "81000",
        "funding-0-status": "granted",
    }
    assert http.post(reverse("stats_funding_lines", args=[period.pk]), post).status_code == 302
    detail = http.get(reverse("stats_funding_detail", args=[period.pk]))
    summary = detail.context["summaries"][0]
    assert (summary.total_costs, summary.gap, summary.federal_share) == (95000, 14000, 90)
    post["costs-0-year"] = "2035"
    post["version"] = period.version + 1
    response = http.post(reverse("stats_funding_lines", args=[period.pk]), post)
    assert response.status_code == 200 and "2035" in response.content.decode()


def test_foreign_funding_period_is_not_found(org, as_persona) -> None:
    from lotse.organisation.models import Provider
    from stats.data import second_centre

    other = second_centre(Provider.objects.create(name="Anderer Träger"), "x-1")
    period = FundingPeriod.objects.create(
        centre=other.service.centre,
        service="mbe",
        title="fremd",
        starts_on="2026-01-01",
        ends_on="2026-12-31",
    )
    http = as_persona("statistics")
    assert http.get(reverse("stats_funding_detail", args=[period.pk])).status_code == 404


def test_funding_summary_of_the_seed_letter() -> None:
    summary = summarise(
        2016,
        [
            CostLine("personnel", Decimal("90000")),
            CostLine("material", Decimal("9000")),
            CostLine("material", Decimal("4000"), eligible=False),
        ],
        [
            FundingLine("federal", Decimal("89100"), "granted"),
            FundingLine("own", Decimal("3900"), "planned"),
            FundingLine("municipality", Decimal("10000"), "applied"),
        ],
    )
    assert summary.eligible_costs == 99000 and summary.federal_share == 90
    assert summary.eligible_not_covered == 9900
    assert summary.gap == 103000 - 89100 - 3900 == 10000
    assert summary.requested == 10000 and summary.remaining_gap == 0


def test_charts_are_titled_svg_without_script() -> None:
    bar = bar_chart("Klient:innen <MBE>", ["a", "b"], [12, None])
    grouped = grouped_chart("T", ["r1", "r2"], ["female", "male"], [[5, None], [0, 7]])
    for svg in (bar, grouped):
        document = xml.dom.minidom.parseString(svg)  # noqa: S318 - our own SVG
        assert document.getElementsByTagName("title")[0].firstChild.data
        assert not document.getElementsByTagName("script")
    assert "•" in bar and "male: 7" in grouped and "url(#p-diagonal)" in grouped
