"""Bulk close from the working list (issue #17 §3): each file's open case is closed through
``case_close``; files without an open case are listed; refusals and conflicts stay in their
row. Messages are English here (tests/cases/conftest.py)."""

from __future__ import annotations

from django.db.models import F
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from lotse.audit.models import AuditEntry
from lotse.cases import services
from lotse.cases.models import Case, Closure, PhaseChange
from lotse.cases.phases import Phase
from lotse.cases.services.bulk_close import CloseRow, bulk_close
from lotse.clients.models import Client
from lotse.clients.services import ClientData, client_create
from lotse_testing import Org, make_user, sign_in

from .conftest import OPENED

TODAY = timezone.localdate()


def _with_case(org: Org, name: str, *, team=None) -> tuple[Client, Case]:  # type: ignore[no-untyped-def]
    client = client_create(team=team or org.team_a, data=ClientData(first_name=name, last_name="K"))
    case = services.case_open(client=client, counsellor=org.users["counsellor"], opened_on=OPENED)
    return Client.objects.get(pk=client.pk), case


def _row(client: Client, case: Case | None) -> CloseRow:
    if case is None:
        return CloseRow(client.pk, client.version)
    return CloseRow(client.pk, client.version, case.pk, case.version)


def test_close_row_round_trip_and_garbage() -> None:
    for row in (CloseRow(1, 2), CloseRow(1, 2, 3, 4)):
        assert CloseRow.decode(row.encode()) == row
    for garbage in ("", "1", "1:x:", "1:2:3", "1:2:3:4:5", "9" * 20 + ":1:", "-1:2:"):
        assert CloseRow.decode(garbage) is None


def test_each_row_closed_listed_or_refused(org: Org) -> None:
    counsellor = org.users["counsellor"]
    ok_client, ok_case = _with_case(org, "Ok")
    changed_client, changed_case = _with_case(org, "Changed")
    no_case = client_create(team=org.team_a, data=ClientData(first_name="Ohne", last_name="K"))
    stranger_client, stranger_case = _with_case(org, "Fremd", team=org.team_b)
    rows = [
        _row(ok_client, ok_case),
        _row(changed_client, changed_case),
        _row(no_case, None),
        _row(stranger_client, stranger_case),
    ]
    # Somebody works on one case after the confirmation page was shown.
    Case.objects.filter(pk=changed_case.pk).update(version=F("version") + 1)
    outcomes = bulk_close(
        user=counsellor, rows=rows, reason="moved_away", livelihood="unknown", note="", on=TODAY
    )
    assert [(o.done, o.skipped) for o in outcomes] == [
        (True, False),
        (False, False),
        (False, True),
        (False, False),
    ]
    assert "changed" in str(outcomes[1].message)
    assert str(outcomes[2].message) == "no open case"
    assert outcomes[3].file_number == ""  # another team's file: not even its number
    # Closed through case_close: phase, closure, history and audit entry as by hand.
    ok_case.refresh_from_db()
    assert ok_case.phase == Phase.CLOSED
    closure = Closure.objects.get(case=ok_case)
    assert (closure.reason, closure.livelihood, closure.closed_by) == (
        "moved_away",
        "unknown",
        counsellor,
    )
    assert PhaseChange.objects.filter(case=ok_case, to_phase=Phase.CLOSED).exists()
    assert AuditEntry.objects.filter(action="case.closed", object_id=str(ok_case.pk)).exists()
    for case in (changed_case, stranger_case):
        case.refresh_from_db()
        assert case.phase != Phase.CLOSED
    assert Closure.objects.count() == 1


def test_a_reason_that_does_not_fit_is_refused_for_its_row(org: Org) -> None:
    client, case = _with_case(org, "Jung")
    outcomes = bulk_close(
        user=org.users["counsellor"],
        rows=[_row(client, case)],
        reason="goals_reached",  # needs the sustainability check first
        livelihood="employment",
        note="",
        on=TODAY,
    )
    assert not outcomes[0].done and "sustainability" in str(outcomes[0].message)
    case.refresh_from_db()
    assert case.phase == Phase.ASSESSMENT


def test_file_edited_or_case_opened_after_confirmation_is_a_conflict(org: Org) -> None:
    edited, edited_case = _with_case(org, "Edited")
    shown = _row(edited, edited_case)
    Client.objects.filter(pk=edited.pk).update(version=F("version") + 1)
    later = client_create(team=org.team_a, data=ClientData(first_name="Later", last_name="K"))
    shown_without = _row(Client.objects.get(pk=later.pk), None)
    services.case_open(client=later, counsellor=org.users["counsellor"], opened_on=OPENED)
    outcomes = bulk_close(
        user=org.users["counsellor"],
        rows=[shown, shown_without],
        reason="no_contact",
        livelihood="unknown",
        note="",
        on=TODAY,
    )
    assert [o.done for o in outcomes] == [False, False]
    assert all("changed" in str(o.message) for o in outcomes)
    assert not Closure.objects.exists()


def test_reader_cannot_close(org: Org) -> None:
    client, case = _with_case(org, "Lesen")
    outcomes = bulk_close(
        user=org.users["reader"],
        rows=[_row(client, case)],
        reason="no_contact",
        livelihood="unknown",
        note="",
        on=TODAY,
    )
    assert not outcomes[0].done and outcomes[0].file_number == ""


def _http(user) -> HttpClient:  # type: ignore[no-untyped-def]
    return sign_in(HttpClient(), user)


def test_views_confirm_then_run(org: Org, as_persona) -> None:
    with_case, case = _with_case(org, "Mit")
    without = client_create(team=org.team_a, data=ClientData(first_name="Ohne", last_name="K"))
    http = as_persona("counsellor")
    ids = [with_case.pk, without.pk, org.client_b.pk]
    start = http.post(reverse("client_bulk"), {"ids": ids, "action": "close"})
    assert start.status_code == 302 and start["Location"].startswith(reverse("case_bulk_close"))
    confirm = http.get(start["Location"])
    assert confirm.status_code == 200
    plan = {row["pk"]: (row["ok"], row["skip"]) for row in confirm.context["plan"]}
    assert plan == {
        with_case.pk: (True, False),
        without.pk: (False, True),
        org.client_b.pk: (False, False),
    }
    html = confirm.content.decode()
    assert "kein offener Fall" in html and 'name="reason"' in html
    assert not Closure.objects.exists()  # nothing yet
    values = [row["value"] for row in confirm.context["plan"] if row["value"]]
    result = http.post(
        reverse("case_bulk_close_run"),
        {"row": values, "reason": "client_ended", "livelihood": "own_means", "note": ""},
    )
    assert result.status_code == 200
    outcomes = {o.client_id: (o.done, o.skipped) for o in result.context["outcomes"]}
    assert outcomes == {with_case.pk: (True, False), without.pk: (False, True)}
    assert Closure.objects.get().case == case
    assert "nichts zu tun" in result.content.decode()


def test_run_without_a_reason_changes_nothing(org: Org, as_persona) -> None:
    client, case = _with_case(org, "Grundlos")
    http = as_persona("counsellor")
    response = http.post(
        reverse("case_bulk_close_run"), {"row": [_row(client, case).encode()], "reason": "x"}
    )
    assert response.status_code == 302
    assert not Closure.objects.exists()


def test_per_role_access(org: Org, as_persona) -> None:
    client, case = _with_case(org, "Rolle")
    url = reverse("case_bulk_close") + f"?ids={client.pk}"
    assert as_persona("reader").get(url).status_code == 403
    for persona in ("admin", "statistics", "dpo", "coordinator"):
        assert as_persona(persona).get(url).status_code == 403
    # A counsellor of another team finds no file of team A to close.
    stranger = as_persona("stranger").get(url)
    assert stranger.status_code == 200
    assert [row["ok"] for row in stranger.context["plan"]] == [False]
    run = {"row": [_row(client, case).encode()], "reason": "no_contact", "livelihood": "unknown"}
    result = as_persona("stranger").post(reverse("case_bulk_close_run"), run)
    assert [o.done for o in result.context["outcomes"]] == [False]
    assert as_persona("reader").post(reverse("case_bulk_close_run"), run).status_code == 403
    lead = as_persona("team_lead").post(reverse("case_bulk_close_run"), run)
    assert [o.done for o in lead.context["outcomes"]] == [True]
    other = make_user("other@test.invalid")
    assert _http(other).get(url).status_code == 403  # no role at all
    assert Closure.objects.get().closed_on == TODAY
