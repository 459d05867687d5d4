"""The case working list (issue #17 §3): roles, filters, sorts, pages, audit and export."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from lotse.accounts.models import Membership
from lotse.accounts.roles import Role
from lotse.audit.models import AuditEntry
from lotse.audit.selectors.reads import LIST_ACTION
from lotse.cases.models import Case, Review
from lotse.cases.phases import Phase
from lotse.cases.selectors.worklist import MAX_PAGES, PAGE_SIZE
from lotse.clients.services import ClientData, client_create
from lotse.organisation.models import Service, ServiceKind, Team
from lotse_testing import PASSWORD

TODAY = timezone.localdate()
HTMX = {"HTTP_HX_REQUEST": "true"}


def _case(org, name: str, *, team=None, service=ServiceKind.MBE, phase=Phase.ASSESSMENT,
          opened_days: int = 10, counsellor: str = "counsellor", limit_days: int | None = None,
          review_days: int | None = None, number: str | None = None) -> Case:  # fmt: skip
    client = client_create(
        team=team or org.team_a, data=ClientData(first_name=name, last_name="Fall")
    )
    if number is not None:
        type(client).objects.filter(pk=client.pk).update(file_number=number)
    opened = TODAY - timedelta(days=opened_days)
    case = Case.objects.create(
        client=client,
        service=service,
        phase=phase,
        phase_since=opened,
        opened_on=opened,
        limit_date=None if limit_days is None else TODAY + timedelta(days=limit_days),
        counsellor=org.users[counsellor],
    )
    if review_days is not None:
        Review.objects.create(case=case, scheduled_on=TODAY + timedelta(days=review_days))
    return case


@pytest.fixture
def data(org):
    """Cases of team A (MBE), of a team C (JMD) the counsellor also works in, and of team B
    (JMD, the stranger's team: never in the counsellor's list)."""
    jmd = Service.objects.get(centre=org.centre, kind=ServiceKind.JMD)
    team_c = Team.objects.create(service=jmd, name="Team C")
    Membership.objects.create(user=org.users["counsellor"], team=team_c, role=Role.COUNSELLOR)
    cases = {
        "new": _case(org, "Ada", opened_days=5, review_days=-2, limit_days=1090, number="A-3"),
        "plan": _case(
            org,
            "Ben",
            phase=Phase.IMPLEMENTATION,
            opened_days=950,
            counsellor="team_lead",
            limit_days=145,
            review_days=5,
            number="A-1",
        ),
        "closed": _case(
            org, "Cem", phase=Phase.CLOSED, opened_days=400, review_days=-30, number="A-2"
        ),
        "old_limit": _case(
            org, "Dua", phase=Phase.SUPPORT_PLAN, opened_days=1000, limit_days=90, number="A-4"
        ),
        "jmd": _case(
            org,
            "Eli",
            team=team_c,
            service=ServiceKind.JMD,
            phase=Phase.REVIEW,
            opened_days=60,
            review_days=30,
            number="C-1",
        ),
        "stranger": _case(
            org,
            "Fay",
            team=org.team_b,
            service=ServiceKind.JMD,
            opened_days=20,
            counsellor="stranger",
            review_days=-1,
            limit_days=10,
            number="B-1",
        ),
    }
    cases["team_c"] = team_c  # type: ignore[assignment]
    return cases


def _shown(http, **params) -> list[int]:
    response = http.get(reverse("case_list"), params)
    assert response.status_code == 200
    return [case.pk for case in response.context["page"]]


def _ids(data, *names: str) -> set[int]:
    return {data[name].pk for name in names}


MINE = ("new", "plan", "closed", "old_limit", "jmd")


@pytest.mark.parametrize(
    ("persona", "status", "expected"),
    [
        ("counsellor", 200, MINE),
        ("team_lead", 200, ("new", "plan", "closed", "old_limit")),
        ("reader", 200, ("new", "plan", "closed", "old_limit")),
        ("stranger", 200, ("stranger",)),
        ("admin", 403, None),
        ("statistics", 403, None),
        ("dpo", 403, None),
        ("coordinator", 403, None),
        ("anonymous", 302, None),
    ],
)
def test_each_role_sees_only_its_teams_cases(data, as_persona, persona, status, expected) -> None:
    response = as_persona(persona).get(reverse("case_list"))
    assert response.status_code == status
    if expected is not None:
        assert {case.pk for case in response.context["page"]} == _ids(data, *expected)
        page = response.content.decode()
        assert "Fälle" in page
        assert "B-1" not in page or persona == "stranger"


def _params(data, key: str) -> dict[str, str]:
    return {
        "counsellor": {"counsellor": str(data["plan"].counsellor_id)},
        "team": {"team": str(data["team_c"].pk)},
        "service": {"service": "jmd"},
        "phase": {"phase": "support_plan"},
        "open": {"status": "open"},
        "closed": {"status": "closed"},
        "opened_from": {"opened_from": (TODAY - timedelta(days=100)).strftime("%d.%m.%Y")},
        "opened_to": {"opened_to": (TODAY - timedelta(days=100)).strftime("%d.%m.%Y")},
        "opened_between": {
            "opened_from": (TODAY - timedelta(days=500)).strftime("%d.%m.%Y"),
            "opened_to": (TODAY - timedelta(days=50)).isoformat(),  # a date picker's value
        },
        "review_due": {"review": "due"},
        "review_overdue": {"review": "overdue"},
        "near_limit": {"near_limit": "on"},
        "combined": {"status": "open", "service": "mbe", "opened_to": TODAY.strftime("%d.%m.%Y")},
    }[key]


FILTERS = [
    ("counsellor", ("plan",)),
    ("team", ("jmd",)),
    ("service", ("jmd",)),  # team B's JMD case is the stranger's
    ("phase", ("old_limit",)),
    ("open", ("new", "plan", "old_limit", "jmd")),
    ("closed", ("closed",)),
    ("opened_from", ("new", "jmd")),
    ("opened_to", ("plan", "closed", "old_limit")),
    ("opened_between", ("closed", "jmd")),
    ("review_due", ("plan",)),
    # The closed case's forgotten review is no longer due; team B's overdue one is not ours.
    ("review_overdue", ("new",)),
    # Limit within six months (36 − 30 months), open: not the fresh case, not team B's.
    ("near_limit", ("plan", "old_limit")),
    ("combined", ("new", "plan", "old_limit")),
]


@pytest.mark.parametrize(("key", "expected"), FILTERS, ids=[f[0] for f in FILTERS])
def test_each_filter_shows_exactly_the_matching_cases(data, as_persona, key, expected) -> None:
    http = as_persona("counsellor")
    response = http.get(reverse("case_list"), _params(data, key))
    assert not response.context["form"].errors
    assert {case.pk for case in response.context["page"]} == _ids(data, *expected)
    assert response.context["page"].count == len(expected)


def test_a_stranger_cannot_reach_team_a_by_filter(data, as_persona) -> None:
    """Team A's counsellor and team C are not the stranger's choices: refused, never applied."""
    http = as_persona("stranger")
    response = http.get(
        reverse("case_list"),
        {"counsellor": str(data["new"].counsellor_id), "team": str(data["team_c"].pk)},
    )
    assert set(response.context["form"].errors) == {"counsellor", "team"}
    assert {case.pk for case in response.context["page"]} == _ids(data, "stranger")


SORTS = [
    ("opened", ("old_limit", "plan", "closed", "jmd", "new")),
    ("-opened", ("new", "jmd", "closed", "plan", "old_limit")),
    ("file_number", ("plan", "closed", "new", "old_limit", "jmd")),
    ("-file_number", ("jmd", "old_limit", "new", "closed", "plan")),
    # Process order: assessment, support plan, …, implementation, review, …, closed.
    ("phase", ("new", "old_limit", "plan", "jmd", "closed")),
    ("-phase", ("closed", "jmd", "plan", "old_limit", "new")),
    # Earliest open review first; cases without one last.
    ("next_review", ("closed", "new", "plan", "jmd", "old_limit")),
    ("-next_review", ("jmd", "plan", "new", "closed", "old_limit")),
]


@pytest.mark.parametrize(("sort", "expected"), SORTS, ids=[s[0] for s in SORTS])
def test_each_sort_orders_the_rows(data, as_persona, sort, expected) -> None:
    assert _shown(as_persona("counsellor"), sort=sort) == [data[n].pk for n in expected]


def test_default_order_is_newest_opened_first_and_sort_links_keep_filters(data, as_persona):
    http = as_persona("counsellor")
    assert _shown(http) == [data[n].pk for n in SORTS[1][1]]
    page = http.get(reverse("case_list"), {"status": "open", "sort": "phase"}).content.decode()
    # Sorted ascending by phase now: its header link sorts descending and keeps the filter.
    assert "?sort=-phase&amp;status=open" in page
    assert 'aria-sort="ascending"' in page


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"opened_from": "32.13.2026"}, "opened_from", "Bitte ein gültiges Datum eingeben."),
        ({"phase": "<script>"}, "phase", "Bitte wählen Sie einen der angebotenen Werte."),
        ({"sort": "client__last_name"}, "sort", "Bitte wählen Sie einen der angebotenen Werte."),
        ({"counsellor": "1e9"}, "counsellor", "Bitte wählen Sie einen der angebotenen Werte."),
        ({"page": "abc"}, "page", "Die Seite muss eine ganze Zahl ab 1 sein."),
        ({"page": "0"}, "page", "Die Seite muss eine ganze Zahl ab 1 sein."),
        ({"page": "9999"}, "page", "Nur die ersten 40 Seiten werden gezeigt."),
        (
            {"opened_from": "01.02.2026", "opened_to": "01.01.2026"},
            "opened_to",
            "Das Ende des Zeitraums liegt vor seinem Anfang.",
        ),
    ],
)
def test_bad_filter_input_gives_a_german_error_not_500(
    data, as_persona, params, field, message
) -> None:
    http = as_persona("counsellor")
    response = http.get(reverse("case_list"), params)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    page = response.content.decode()
    assert message in page
    assert "Einige Filter konnten nicht verwendet werden" in page
    # The other filters and the default order still apply.
    assert {c.pk for c in response.context["page"]} <= _ids(data, *MINE)
    assert http.get(reverse("case_list"), params, **HTMX).status_code == 200


def test_htmx_answers_with_the_rows_only(data, as_persona) -> None:
    response = as_persona("counsellor").get(reverse("case_list"), {"service": "jmd"}, **HTMX)
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body
    assert 'data-testid="case-table"' in body and "C-1" in body and "A-1" not in body


def test_rows_show_what_a_counsellor_needs(data, as_persona) -> None:
    page = as_persona("counsellor").get(reverse("case_list"), {"sort": "file_number"})
    body = page.content.decode()
    plan = data["plan"]
    assert reverse("case_overview", args=[plan.client_id]) in body
    assert "Ben" in body and "A-1" in body
    assert "Umsetzung" in body  # the phase's German label
    assert plan.opened_on.strftime("%d.%m.%Y") in body
    assert (TODAY + timedelta(days=5)).strftime("%d.%m.%Y") in body  # next review
    assert "Team_Lead" in body  # the counsellor's name
    assert "3 Fälle" not in body and "5 Fälle" in body


def test_the_page_view_is_audited_with_the_shown_clients(data, as_persona) -> None:
    before = AuditEntry.objects.filter(action=LIST_ACTION).count()
    as_persona("counsellor").get(reverse("case_list"), {"service": "jmd"})
    assert AuditEntry.objects.filter(action=LIST_ACTION).count() == before + 1
    entry = AuditEntry.objects.filter(action=LIST_ACTION).latest("pk")
    assert entry.data["client_ids"] == [data["jmd"].client_id]
    assert entry.data["page"] == "case_list"


def test_pages_are_bounded_and_keep_the_filter(org, as_persona) -> None:
    for i in range(PAGE_SIZE + 5):
        _case(org, f"P{i}", opened_days=i + 1, phase=Phase.IMPLEMENTATION)
    _case(org, "Zu", phase=Phase.CLOSED)
    http = as_persona("counsellor")
    first = http.get(reverse("case_list"), {"status": "open"})
    page = first.context["page"]
    assert len(page) == PAGE_SIZE and page.has_next and page.count == PAGE_SIZE + 5
    assert "?status=open&amp;page=2" in first.content.decode()
    second = http.get(reverse("case_list"), {"status": "open", "page": "2"}).context["page"]
    assert len(second) == 5 and not second.has_next and second.has_previous
    shown = [c.pk for c in page] + [c.pk for c in second]
    assert len(set(shown)) == PAGE_SIZE + 5
    assert MAX_PAGES * PAGE_SIZE == 1000


def test_the_count_is_capped(org, as_persona, monkeypatch) -> None:
    from lotse.cases.selectors import worklist

    monkeypatch.setattr(worklist, "COUNT_CAP", 3)
    for i in range(4):
        _case(org, f"C{i}")
    body = as_persona("counsellor").get(reverse("case_list")).content.decode()
    assert "mehr als 3 Fälle" in body


def test_empty_states_say_what_to_do(org, as_persona) -> None:
    http = as_persona("counsellor")
    assert "Ein Fall wird in der Akte" in http.get(reverse("case_list")).content.decode()
    body = http.get(reverse("case_list"), {"status": "closed"}).content.decode()
    assert "Kein Fall passt zu diesen Filtern" in body


def test_side_navigation_links_to_the_case_list(as_persona) -> None:
    body = as_persona("counsellor").get(reverse("dashboard")).content.decode()
    assert f'href="{reverse("case_list")}"' in body
    admin = as_persona("admin").get(reverse("dashboard")).content.decode()
    assert f'href="{reverse("case_list")}"' not in admin


# --- export ---------------------------------------------------------------------------------


def _reauthenticated(as_persona, persona: str = "counsellor"):
    http = as_persona(persona)
    http.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    return http


def test_export_needs_reauthentication(data, as_persona) -> None:
    response = as_persona("counsellor").get(reverse("case_export", kwargs={"fmt": "csv"}))
    assert response.status_code == 302
    assert reverse("account_reauthenticate") in response["Location"]
    assert not AuditEntry.objects.filter(action="cases.exported_list").exists()


def test_csv_export_is_exactly_the_filtered_list_audited_and_formula_safe(data, org, as_persona):
    evil = _case(org, "=HYPERLINK(1)", phase=Phase.REVIEW, number="A-9")
    http = _reauthenticated(as_persona)
    response = http.get(
        reverse("case_export", kwargs={"fmt": "csv"}), {"status": "open", "sort": "file_number"}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="faelle.csv"'
    assert response["Cache-Control"] == "no-store"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == [
        "Aktenzeichen",
        "Name",
        "Dienst",
        "Phase",
        "Eröffnet",
        "Berater:in",
        "Nächste Überprüfung",
    ]
    # The open cases of the counsellor's teams, in the list's order; nothing of team B.
    assert [r[0] for r in rows[1:]] == ["A-1", "A-3", "A-4", "A-9", "C-1"]
    evil_row = rows[4]
    assert evil_row[1].startswith("'") and "=HYPERLINK(1)" in evil_row[1]
    assert rows[1][3] == "Umsetzung"
    assert rows[1][4] == data["plan"].opened_on.strftime("%d.%m.%Y")
    entry = AuditEntry.objects.get(action="cases.exported_list")
    expected = [data["plan"], data["new"], data["old_limit"], evil, data["jmd"]]
    assert entry.data["ids"] == [c.pk for c in expected]
    assert entry.data["clients"] == [c.client_id for c in expected]
    assert entry.data["filters"] == "status=open" and entry.data["format"] == "csv"


def test_xlsx_export_and_the_stranger_gets_only_team_b(data, as_persona) -> None:
    http = _reauthenticated(as_persona, "stranger")
    response = http.get(reverse("case_export", kwargs={"fmt": "xlsx"}))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert sheet.title == "Fälle"
    assert [row[0] for row in values[1:]] == ["B-1"]
    assert values[1][4] == (TODAY - timedelta(days=20)).strftime("%d.%m.%Y")


def test_export_with_a_bad_filter_exports_nothing(data, as_persona) -> None:
    http = _reauthenticated(as_persona)
    response = http.get(reverse("case_export", kwargs={"fmt": "csv"}), {"opened_from": "gestern"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("case_list"))
    assert not AuditEntry.objects.filter(action="cases.exported_list").exists()
    assert http.get(reverse("case_export", kwargs={"fmt": "pdf"})).status_code == 404


def test_export_link_carries_the_filters(data, as_persona) -> None:
    body = as_persona("counsellor").get(reverse("case_list"), {"service": "jmd"}).content.decode()
    assert f"{reverse('case_export', kwargs={'fmt': 'xlsx'})}?service=jmd" in body


def test_limit_date_boundary_of_the_near_limit_filter(org, as_persona) -> None:
    """Six months ahead (36 − 30 months) is in; a day later is out."""
    from lotse.cases.selectors.worklist import limit_cutoff

    cutoff = limit_cutoff(TODAY)
    inside = _case(org, "In", limit_days=(cutoff - TODAY).days)
    _case(org, "Out", limit_days=(cutoff - TODAY).days + 1)
    assert _shown(as_persona("counsellor"), near_limit="on") == [inside.pk]
    assert isinstance(cutoff, date)


def test_the_sort_select_offers_every_whitelisted_order(as_persona) -> None:
    """On a phone the table becomes cards without headers: the form's select sorts there."""
    from lotse.cases.forms.worklist import SORT_CHOICES
    from lotse.cases.selectors.worklist import SORT_KEYS

    assert sorted(key for key, _label in SORT_CHOICES) == sorted(SORT_KEYS)
    body = as_persona("counsellor").get(reverse("case_list"), {"sort": "opened"}).content
    assert '<option value="opened" selected>Eröffnet, älteste zuerst</option>' in body.decode()


def test_rows_decrypt_only_the_names(data, as_persona, monkeypatch) -> None:
    """A row shows name and file number: the file's other encrypted columns stay closed."""
    from lotse.common import crypto

    calls = [0]
    real = crypto.decrypt

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls[0] += 1
        return real(*args, **kwargs)

    http = as_persona("counsellor")
    http.get(reverse("case_list"))
    monkeypatch.setattr(crypto, "decrypt", counting)
    response = http.get(reverse("case_list"))
    rows = len(response.context["page"])
    assert rows == 5
    # First name, last name, pseudonym per row; a few more for the page's shell at most.
    assert 0 < calls[0] <= 3 * rows + 5
