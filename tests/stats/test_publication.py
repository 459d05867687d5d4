"""What may be published (DOMAIN §D16): calendar periods, small units folded, a team lead's
scope — on every path that lets figures leave a team (issue #16)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from lotse.stats.forms import PeriodForm, part_period
from lotse.stats.periods import PeriodNotPublishable, overlaps_partly, published_period
from lotse.stats.scope import units_for
from lotse.stats.selectors.base import Period
from lotse.stats.services import centre_bundle
from lotse_testing import PASSWORD
from stats.data import populate, second_centre

YEAR = Period.year(2025)


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (date(2025, 2, 1), date(2025, 2, 28)),
        (date(2024, 2, 1), date(2024, 2, 29)),
        (date(2025, 4, 1), date(2025, 6, 30)),
        (date(2025, 7, 1), date(2025, 12, 31)),
        (date(2025, 1, 1), date(2025, 12, 31)),
    ],
)
def test_calendar_periods_are_published(start, end) -> None:
    assert published_period(start, end) == Period(start, end)


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (date(2025, 3, 14), date(2025, 3, 14)),  # one day
        (date(2025, 3, 1), date(2025, 3, 30)),  # a month less one day
        (date(2025, 2, 1), date(2025, 4, 30)),  # three months, not a quarter
        (date(2025, 4, 1), date(2025, 9, 30)),  # six months, not a half year
        (date(2025, 7, 1), date(2026, 6, 30)),  # a year, not a calendar year
        (date(2025, 1, 1), date(2026, 12, 31)),  # two years
    ],
)
def test_other_periods_are_not(start, end) -> None:
    with pytest.raises(PeriodNotPublishable, match="calendar month, quarter"):
        published_period(start, end)


def test_nested_or_shifted_periods_overlap_partly() -> None:
    q1 = part_period(2025, "q1")
    assert q1 == Period(date(2025, 1, 1), date(2025, 3, 31))
    assert overlaps_partly(q1, YEAR) and overlaps_partly(YEAR, q1)
    assert not overlaps_partly(YEAR, Period.year(2025))
    assert not overlaps_partly(q1, part_period(2025, "q2"))


def test_the_form_explains_the_rule_in_german() -> None:
    with translation.override("de"):
        form = PeriodForm({"start": "14.03.2025", "end": "14.03.2025"}, units=[], published=True)
        assert not form.is_valid()
        message = " ".join(form.errors["start"])
        assert "Kalendermonat" in message and "14.03.2025" in message
        assert "Kalendermonat" in str(form.fields["start"].help_text)


@pytest.fixture
def busy(org):
    populate(org.team_a, org.users["counsellor"], clients=30, seed=31)
    populate(org.team_b, org.users["stranger"], clients=12, seed=32)
    return org


def reauthenticated(as_persona, persona: str):
    http = as_persona(persona)
    http.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    return http


def test_the_export_command_refuses_a_single_day(busy, tmp_path: Path) -> None:
    out = tmp_path / "day.json"
    with pytest.raises(CommandError, match="cannot be published"):
        call_command(
            "stats", "export", "--from", "2025-03-14", "--to", "2025-03-14", "--out", str(out),
        )  # fmt: skip
    assert not out.exists()


def test_web_export_and_reports_refuse_a_single_day(busy, as_persona) -> None:
    http = reauthenticated(as_persona, "statistics")
    day = {"unit": f"c{busy.centre.pk}", "start": "14.03.2025", "end": "14.03.2025"}
    for name in ("stats_bundle_export", "stats_report_annual_xlsx", "stats_report_municipal"):
        response = http.get(reverse(name), day)
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("stats_reports")), name
        assert "attachment" not in response.get("Content-Disposition", "")
    quarter = {"unit": f"c{busy.centre.pk}", "year": 2025, "part": "q2"}
    response = http.get(reverse("stats_bundle_export"), quarter)
    assert response.status_code == 200
    bundle = json.loads(response.content)
    assert bundle["period"] == {"from": "2025-04-01", "to": "2025-06-30"}


def test_a_team_leads_own_working_view_takes_any_day_but_the_officers_does_not(
    busy, as_persona
) -> None:
    day = {"unit": f"t{busy.team_a.pk}", "start": "14.03.2025", "end": "20.03.2025"}
    response = as_persona("team_lead").get(reverse("stats_dashboard"), day)
    assert response.status_code == 200
    assert not response.context["form"].errors
    assert response.context["statistics"].period == Period(date(2025, 3, 14), date(2025, 3, 20))
    response = as_persona("statistics").get(reverse("stats_dashboard"), day)
    assert response.context["form"].errors["start"]
    assert response.context["statistics"].period.start.day == 1


# --- a team lead's scope ------------------------------------------------------------------


def test_a_team_lead_sees_only_the_teams_they_lead(busy, as_persona) -> None:
    lead = units_for(busy.users["team_lead"])
    assert [u.key for u in lead] == [f"t{busy.team_a.pk}"]  # not team B, not the whole centre
    officer = {u.key for u in units_for(busy.users["statistics"])}
    assert {f"c{busy.centre.pk}", f"t{busy.team_a.pk}", f"t{busy.team_b.pk}"} <= officer
    http = as_persona("team_lead")
    assert http.get(reverse("stats_dashboard"), {"unit": f"t{busy.team_b.pk}"}).status_code == 403
    assert http.get(reverse("stats_reports"), {"unit": f"c{busy.centre.pk}"}).status_code == 403
    assert http.get(reverse("stats_dashboard"), {"unit": f"t{busy.team_a.pk}"}).status_code == 200
    body = http.get(reverse("stats_dashboard")).content.decode()
    assert "Team B" not in body
    for persona in ("counsellor", "stranger", "dpo", "admin"):
        assert as_persona(persona).get(reverse("stats_dashboard")).status_code == 403, persona


def test_a_team_lead_of_every_team_of_a_centre_gets_the_centre(busy) -> None:
    from lotse.accounts.models import Membership
    from lotse.accounts.roles import Role

    lead = busy.users["team_lead"]
    Membership.objects.create(user=lead, team=busy.team_b, role=Role.TEAM_LEAD)
    keys = [u.key for u in units_for(lead)]
    assert keys == [f"c{busy.centre.pk}", f"t{busy.team_a.pk}", f"t{busy.team_b.pk}"]


# --- small units fold into the next level ---------------------------------------------------


@pytest.fixture
def small_centre(org):
    populate(org.team_a, org.users["counsellor"], clients=40, seed=41)
    team_c = second_centre(org.provider)
    populate(team_c, org.users["counsellor"], clients=3, seed=42)
    return org, team_c


def test_a_centre_with_three_clients_is_not_exported_on_its_own(small_centre) -> None:
    org, team_c = small_centre
    for centre in (team_c.service.centre, org.centre):  # the small one, and the one beside it
        bundle = centre_bundle(centre=centre, period=YEAR)
        assert bundle["unit"]["level"] == "provider"
        assert bundle["sources"] == ["t-1", "t-2"]
        clients = next(t for t in bundle["tables"] if t["key"] == "clients_by_service")
        assert {"keys": ["_total"], "value": 43} in clients["cells"]


def test_the_export_command_says_it_folded(small_centre, tmp_path: Path, capsys) -> None:
    out = tmp_path / "t-2.json"
    call_command(
        "stats", "export", "--from", "2025-01-01", "--to", "2025-12-31", "--out", str(out),
        "--centre", "t-2",
    )  # fmt: skip
    assert "folded into provider" in capsys.readouterr().out
    assert json.loads(out.read_text())["unit"]["level"] == "provider"


def test_a_provider_too_small_altogether_publishes_nothing(org) -> None:
    from lotse.stats.bundle import BundleError

    populate(org.team_a, org.users["counsellor"], clients=3, seed=43)
    with pytest.raises(BundleError, match="fewer than 5 clients"):
        centre_bundle(centre=org.centre, period=YEAR)


def test_the_officer_sees_a_small_team_only_inside_its_centre(org, as_persona) -> None:
    populate(org.team_a, org.users["counsellor"], clients=30, seed=44)
    populate(org.team_b, org.users["stranger"], clients=3, seed=45)
    http = as_persona("statistics")
    response = http.get(reverse("stats_dashboard"), {"unit": f"t{org.team_b.pk}", "year": 2025})
    assert response.context["unit"].key == f"c{org.centre.pk}"
    assert response.context["statistics"].table("clients_by_service").total == 33
    assert "nur als Teil von Beratungsstelle Test" in " ".join(response.context["notes"])
    # Team A beside it folds as well: centre minus team A would give team B back.
    response = http.get(reverse("stats_dashboard"), {"unit": f"t{org.team_a.pk}", "year": 2025})
    assert response.context["unit"].key == f"c{org.centre.pk}"
    # The team lead's own team stays their working view.
    response = as_persona("team_lead").get(
        reverse("stats_dashboard"), {"unit": f"t{org.team_a.pk}", "year": 2025}
    )
    assert response.context["unit"].key == f"t{org.team_a.pk}"
