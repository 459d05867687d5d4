"""Transfers to another team or centre (issue #17 §3): ask in bulk, accept, decline, withdraw;
the consent rule between providers; what the receiving lead sees before and after; who may
do what; merge and anonymisation end pending requests; subject access lists transfers."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.db.models import F
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lotse.accounts.models import Membership
from lotse.accounts.roles import Role
from lotse.audit.models import AuditEntry
from lotse.cases.models import Case
from lotse.cases.services import case_open
from lotse.clients.models import Client, TeamTransfer, TransferStatus
from lotse.clients.selectors.transfer import pending_for_lead
from lotse.clients.services import ClientData, client_create, client_merge
from lotse.clients.services.transfer import (
    NO_CONSENT_MESSAGE,
    bulk_transfer,
    consent_allows_transfer,
    receiving_teams,
    transfer_accept,
    transfer_decline,
    transfer_request_one,
    transfer_withdraw,
)
from lotse.common.errors import ConflictError, DomainError
from lotse.organisation.models import Centre, Provider, Service, ServiceKind, Team
from lotse.privacy.anonymise import anonymise_client
from lotse.privacy.subject_access import subject_access_data
from lotse_testing import Org, make_consent, make_user, raw_column, sign_in

NOTE = "Sucht eine Wohnung in Nordstadt; Termin beim Jobcenter am 3.3."


def _lead(team: Team, email: str):  # type: ignore[no-untyped-def]
    user = make_user(email, full_name=f"Leitung {team.name}")
    Membership.objects.create(user=user, team=team, role=Role.TEAM_LEAD)
    return user


def _member(team: Team, email: str, *, role: str = Role.COUNSELLOR):  # type: ignore[no-untyped-def]
    user = make_user(email, full_name=email.split("@")[0].title())
    Membership.objects.create(user=user, team=team, role=role)
    return user


def _other_provider_team() -> Team:
    provider = Provider.objects.create(name="Diakonie Nordstadt e.V.")
    centre = Centre.objects.create(provider=provider, name="Beratung Nord", statistics_id="n-1")
    service = Service.objects.create(centre=centre, kind=ServiceKind.MBE)
    return Team.objects.create(service=service, name="Team Nord")


def _file(org: Org, name: str = "Samir") -> Client:
    return client_create(
        team=org.team_a,
        data=ClientData(first_name=name, last_name="Nasser", birth_date=date(1991, 4, 2)),
    )


def _http(user) -> HttpClient:  # type: ignore[no-untyped-def]
    return sign_in(HttpClient(), user)


@pytest.fixture
def lead_b(org: Org):  # type: ignore[no-untyped-def]
    return _lead(org.team_b, "lead-b@test.invalid")


def _ask(org: Org, client: Client, to_team: Team, user=None) -> TeamTransfer:  # type: ignore[no-untyped-def]
    outcome = transfer_request_one(
        user=user or org.users["counsellor"],
        client_id=client.pk,
        version=Client.objects.get(pk=client.pk).version,
        to_team=to_team,
        note=NOTE,
    )
    assert outcome.done, outcome.message
    return TeamTransfer.objects.get(client=client, status=TransferStatus.PENDING)


# --- services -------------------------------------------------------------------------------


def test_receiving_teams_are_those_with_a_lead(org: Org, lead_b) -> None:
    teams = set(receiving_teams())
    assert org.team_a in teams and org.team_b in teams
    lonely = Team.objects.create(service=org.team_b.service, name="Ohne Leitung")
    assert lonely not in set(receiving_teams())


def test_request_leaves_the_file_and_keeps_the_note_encrypted(org: Org, lead_b) -> None:
    transfer = _ask(org, org.client_a, org.team_b)
    client = Client.objects.get(pk=org.client_a.pk)
    assert client.team_id == org.team_a.pk  # stays until accepted
    assert transfer.note == NOTE
    assert NOTE not in raw_column("clients_teamtransfer", "note", transfer.pk)
    assert AuditEntry.objects.filter(
        action="client.transfer_requested", client_id=org.client_a.pk
    ).exists()
    # Still invisible to the receiving team before acceptance.
    assert not Client.objects.visible_to(lead_b).filter(pk=org.client_a.pk).exists()
    assert not Client.objects.visible_to(org.users["stranger"]).filter(pk=org.client_a.pk).exists()


def test_accept_moves_the_file_in_one_step_audited_on_both_sides(org: Org, lead_b) -> None:
    Client.objects.filter(pk=org.client_a.pk).update(responsible=org.users["counsellor"])
    jmd_team = org.team_b
    transfer = _ask(org, org.client_a, jmd_team)
    colleague = _member(jmd_team, "jmd-colleague@test.invalid")
    version_before = Client.objects.get(pk=org.client_a.pk).version
    client = transfer_accept(
        transfer=transfer, by=lead_b, expected_version=transfer.version, responsible=colleague
    )
    assert client.team_id == jmd_team.pk
    assert client.responsible_id == colleague.pk
    assert client.version == version_before + 1
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.ACCEPTED and transfer.decided_by == lead_b
    actions = set(
        AuditEntry.objects.filter(client_id=org.client_a.pk).values_list("action", flat=True)
    )
    assert {"client.transferred_out", "client.transferred_in"} <= actions
    out = AuditEntry.objects.get(action="client.transferred_out", client_id=org.client_a.pk)
    assert out.data["from_team"] == org.team_a.pk and out.data["to_team"] == jmd_team.pk
    # Visibility follows the file: the receiving team sees it, the sending team no more.
    assert Client.objects.visible_to(lead_b).filter(pk=org.client_a.pk).exists()
    assert (
        not Client.objects.visible_to(org.users["counsellor"]).filter(pk=org.client_a.pk).exists()
    )


def test_a_file_with_an_open_case_of_another_service_is_refused(org: Org, lead_b) -> None:
    case_open(client=org.client_a, counsellor=org.users["counsellor"], opened_on=date(2026, 1, 5))
    outcome = transfer_request_one(
        user=org.users["counsellor"],
        client_id=org.client_a.pk,
        version=org.client_a.version,
        to_team=org.team_b,  # JMD: the MBE case cannot follow
        note=NOTE,
    )
    assert not outcome.done and "offenen Fall" in str(outcome.message)
    assert not TeamTransfer.objects.exists()


def test_open_case_of_the_same_service_moves_to_the_chosen_person(org: Org) -> None:
    second_a = Team.objects.create(service=org.team_a.service, name="Team A2")
    lead_a2 = _lead(second_a, "lead-a2@test.invalid")
    case = case_open(
        client=org.client_a, counsellor=org.users["counsellor"], opened_on=date(2026, 1, 5)
    )
    transfer = _ask(org, org.client_a, second_a)
    transfer_accept(transfer=transfer, by=lead_a2, expected_version=transfer.version)
    case.refresh_from_db()
    client = Client.objects.get(pk=org.client_a.pk)
    assert client.team_id == second_a.pk and client.responsible is None
    assert case.counsellor_id == lead_a2.pk  # nobody chosen: the accepting lead
    assert Case.objects.visible_to(lead_a2).filter(pk=case.pk).exists()


def test_accept_marks_the_kept_statistics_of_both_teams_out_of_date(org: Org, lead_b) -> None:
    from lotse.stats.models import PeriodAggregate

    kept = {
        team.pk: PeriodAggregate.objects.create(
            team=team, starts_on=date(2026, 1, 1), ends_on=date(2099, 12, 31)
        )
        for team in (org.team_a, org.team_b)
    }
    transfer = _ask(org, org.client_a, org.team_b)
    transfer_accept(transfer=transfer, by=lead_b, expected_version=transfer.version)
    for row in kept.values():
        row.refresh_from_db()
        assert row.stale_since is not None and row.generation == 2


def test_decline_leaves_the_file_and_the_sender_sees_it(org: Org, lead_b) -> None:
    transfer = _ask(org, org.client_a, org.team_b)
    transfer_decline(transfer=transfer, by=lead_b, expected_version=transfer.version)
    assert Client.objects.get(pk=org.client_a.pk).team_id == org.team_a.pk
    page = _http(org.users["counsellor"]).get(reverse("client_detail", args=[org.client_a.pk]))
    html = page.content.decode()
    assert 'data-testid="transfer-state"' in html and "abgelehnt" in html
    assert AuditEntry.objects.filter(action="client.transfer_declined").exists()


def test_only_a_lead_of_the_receiving_team_decides(org: Org, lead_b) -> None:
    transfer = _ask(org, org.client_a, org.team_b)
    for who in (org.users["stranger"], org.users["team_lead"], org.users["counsellor"]):
        with pytest.raises(DomainError):
            transfer_accept(transfer=transfer, by=who, expected_version=transfer.version)
        with pytest.raises(DomainError):
            transfer_decline(transfer=transfer, by=who, expected_version=transfer.version)
    assert TeamTransfer.objects.get(pk=transfer.pk).status == TransferStatus.PENDING


def test_chosen_responsible_must_work_in_the_receiving_team(org: Org, lead_b) -> None:
    transfer = _ask(org, org.client_a, org.team_b)
    with pytest.raises(DomainError):
        transfer_accept(
            transfer=transfer,
            by=lead_b,
            expected_version=transfer.version,
            responsible=org.users["counsellor"],
        )
    assert Client.objects.get(pk=org.client_a.pk).team_id == org.team_a.pk


def test_withdraw_by_the_sender_and_a_decision_racing_it(org: Org, lead_b) -> None:
    transfer = _ask(org, org.client_a, org.team_b)
    seen = transfer.version
    with pytest.raises(DomainError):
        transfer_withdraw(transfer=transfer, by=lead_b, expected_version=seen)
    with pytest.raises(DomainError):
        transfer_withdraw(transfer=transfer, by=org.users["reader"], expected_version=seen)
    transfer_withdraw(transfer=transfer, by=org.users["counsellor"], expected_version=seen)
    assert TeamTransfer.objects.get(pk=transfer.pk).status == TransferStatus.WITHDRAWN
    with pytest.raises(ConflictError):
        transfer_accept(transfer=transfer, by=lead_b, expected_version=seen)
    assert Client.objects.get(pk=org.client_a.pk).team_id == org.team_a.pk


def test_one_pending_transfer_per_file(org: Org, lead_b) -> None:
    _ask(org, org.client_a, org.team_b)
    outcome = transfer_request_one(
        user=org.users["counsellor"],
        client_id=org.client_a.pk,
        version=Client.objects.get(pk=org.client_a.pk).version,
        to_team=org.team_b,
        note="",
    )
    assert not outcome.done and "bereits" in str(outcome.message)


def test_bulk_request_refuses_per_row_and_a_concurrent_edit_blocks_only_its_row(
    org: Org, lead_b
) -> None:
    ok, changed = _file(org, "Ok"), _file(org, "Geaendert")
    rows = [(ok.pk, ok.version), (changed.pk, changed.version), (org.client_b.pk, 1)]
    Client.objects.filter(pk=changed.pk).update(version=F("version") + 1)
    outcomes = bulk_transfer(user=org.users["counsellor"], rows=rows, to_team=org.team_b, note=NOTE)
    assert [o.done for o in outcomes] == [True, False, False]
    assert "geändert" in str(outcomes[1].message)
    assert outcomes[2].file_number == ""  # another team's file: not even its number
    assert set(TeamTransfer.objects.values_list("client_id", flat=True)) == {ok.pk}


# --- the consent rule between providers ----------------------------------------------------


def test_between_providers_needs_a_consent_naming_the_receiving_organisation(org: Org) -> None:
    nord = _other_provider_team()
    _lead(nord, "lead-nord@test.invalid")
    client = Client.objects.select_related("team__service__centre__provider").get(
        pk=org.client_a.pk
    )
    assert not consent_allows_transfer(client, nord)  # no consent at all
    outcome = transfer_request_one(
        user=org.users["counsellor"],
        client_id=client.pk,
        version=client.version,
        to_team=nord,
        note=NOTE,
    )
    assert not outcome.done and outcome.message == NO_CONSENT_MESSAGE
    make_consent(org, partners="Jobcenter Musterstadt")  # shares, but not with them
    assert not consent_allows_transfer(client, nord)
    make_consent(org, partners="", share=False, other_recipients="Diakonie Nordstadt e.V.")
    assert not consent_allows_transfer(client, nord)  # named, but sharing not agreed
    make_consent(org, partners="Beratung Nord")  # the receiving centre, as a network partner
    assert consent_allows_transfer(client, nord)
    make_consent(org, partners="", other_recipients="Diakonie Nordstadt")  # a look-alike
    assert not consent_allows_transfer(client, nord)
    make_consent(org, partners="", other_recipients=" diakonie nordstadt e.v. ")
    assert consent_allows_transfer(client, nord)  # the provider, among other recipients


def test_consent_through_other_recipients_and_withdrawal_before_acceptance(org: Org) -> None:
    from lotse.clients.services import consent_withdraw

    nord = _other_provider_team()
    lead_nord = _lead(nord, "lead-nord@test.invalid")
    consent = make_consent(
        org, partners="Jobcenter Musterstadt", other_recipients="Diakonie Nordstadt e.V."
    )
    transfer = _ask(org, org.client_a, nord)
    consent_withdraw(
        consent=consent, recorded_by=org.users["counsellor"], withdrawn_on=date(2026, 2, 1)
    )
    with pytest.raises(DomainError) as refused:
        transfer_accept(transfer=transfer, by=lead_nord, expected_version=transfer.version)
    assert refused.value.message == NO_CONSENT_MESSAGE
    assert Client.objects.get(pk=org.client_a.pk).team_id == org.team_a.pk


def test_within_one_provider_no_consent_is_needed(org: Org, lead_b) -> None:
    client = Client.objects.select_related("team__service__centre__provider").get(
        pk=org.client_a.pk
    )
    assert consent_allows_transfer(client, org.team_b)


# --- merge, anonymisation, subject access ---------------------------------------------------


def test_merge_and_anonymisation_withdraw_pending_transfers(org: Org, lead_b) -> None:
    duplicate = _file(org, "Doppelt")
    first = _ask(org, duplicate, org.team_b)
    client_merge(source=duplicate, target=org.client_a)
    assert TeamTransfer.objects.get(pk=first.pk).status == TransferStatus.WITHDRAWN
    second = _ask(org, org.client_a, org.team_b)
    anonymise_client(Client.objects.get(pk=org.client_a.pk), reason="test")
    second.refresh_from_db()
    assert second.status == TransferStatus.WITHDRAWN
    assert second.note == ""  # the note is blanked with the file's other free text
    assert pending_for_lead(lead_b) == []


def test_subject_access_lists_transfers(org: Org, lead_b) -> None:
    transfer = _ask(org, org.client_a, org.team_b)
    transfer_decline(transfer=transfer, by=lead_b, expected_version=transfer.version)
    data = subject_access_data(Client.objects.get(pk=org.client_a.pk))
    rows = data["records"]["Übergaben an ein anderes Team"]
    assert len(rows) == 1
    row = rows[0]
    assert row["von Team"] == str(org.team_a) and row["an Team"] == str(org.team_b)
    assert row["Status"] == "abgelehnt"
    assert NOTE in row.values()


# --- views and visibility ------------------------------------------------------------------


def _bulk_transfer(http: HttpClient, ids: list[int], to_team: Team, note: str = NOTE):  # type: ignore[no-untyped-def]
    start = http.post(reverse("client_bulk"), {"ids": ids, "action": "transfer"})
    assert start.status_code == 302
    form = http.get(start["Location"])
    assert form.status_code == 200
    return http.post(reverse("client_transfer"), {"ids": ids, "to_team": to_team.pk, "note": note})


def test_views_ask_confirm_and_run_row_by_row(org: Org, lead_b) -> None:
    http = _http(org.users["counsellor"])
    ok, changed = _file(org, "Ok"), _file(org, "Geaendert")
    ids = [ok.pk, changed.pk, org.client_b.pk]
    confirm = _bulk_transfer(http, ids, org.team_b)
    assert confirm.status_code == 200
    plan = {row["pk"]: row["ok"] for row in confirm.context["plan"]}
    assert plan == {ok.pk: True, changed.pk: True, org.client_b.pk: False}
    assert not TeamTransfer.objects.exists()  # nothing yet
    values = [row["value"] for row in confirm.context["plan"] if row["ok"]]
    Client.objects.filter(pk=changed.pk).update(version=F("version") + 1)  # edited meanwhile
    result = http.post(
        reverse("client_transfer_confirm"),
        {"row": values, "to_team": org.team_b.pk, "note": NOTE},
    )
    assert result.status_code == 200
    done = {o.client_id: o.done for o in result.context["outcomes"]}
    assert done == {ok.pk: True, changed.pk: False}
    assert list(TeamTransfer.objects.values_list("client_id", flat=True)) == [ok.pk]
    assert "Ergebnis" in result.content.decode()


def test_transfer_form_needs_a_note_and_a_team(org: Org, lead_b) -> None:
    http = _http(org.users["counsellor"])
    response = http.post(
        reverse("client_transfer"), {"ids": [org.client_a.pk], "to_team": "", "note": ""}
    )
    assert response.status_code == 200 and response.context["form"].errors
    assert set(response.context["form"].errors) == {"to_team", "note"}


def test_receiving_lead_sees_only_what_is_needed_before_accepting(org: Org, lead_b) -> None:
    Client.objects.filter(pk=org.client_a.pk).update(phone="0171 555 1234")
    client = Client.objects.get(pk=org.client_a.pk)
    client.migration_history = "Flucht über die Balkanroute"
    client.save()
    transfer = _ask(org, org.client_a, org.team_b)
    http = _http(lead_b)
    # Before: the file itself is 404, the decision page shows name, birth date, number, note.
    assert http.get(reverse("client_detail", args=[org.client_a.pk])).status_code == 404
    page = http.get(reverse("transfers_incoming"))
    html = page.content.decode()
    assert "Amira Haddad" in html and "17.05.1980" in html
    assert org.client_a.file_number in html and NOTE in html
    assert "Balkanroute" not in html and "555 1234" not in html
    shown = page.context["rows"][0]["transfer"].client
    assert {"phone", "migration_history", "address"} <= shown.get_deferred_fields()
    read = AuditEntry.objects.filter(action="people.listed").latest("seq")
    assert org.client_a.pk in read.data["client_ids"]
    # The dashboard shows the request (no note there).
    dashboard = http.get(reverse("dashboard")).content.decode()
    assert 'data-testid="panel-transfer-requests"' in dashboard
    assert org.client_a.file_number in dashboard and NOTE not in dashboard
    # Accept: the lead's team now has the file.
    response = http.post(
        reverse("transfer_decide", args=[transfer.pk]),
        {"decision": "accept", "version": transfer.version, "responsible": lead_b.pk},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("client_detail", args=[org.client_a.pk])
    assert http.get(response["Location"]).status_code == 200
    assert Client.objects.get(pk=org.client_a.pk).responsible_id == lead_b.pk
    # The sending counsellor no longer opens it.
    sender = _http(org.users["counsellor"])
    assert sender.get(reverse("client_detail", args=[org.client_a.pk])).status_code == 404


def test_per_role_decide_and_withdraw(org: Org, lead_b) -> None:
    transfer = _ask(org, org.client_a, org.team_b)
    receiving_counsellor = org.users["stranger"]  # counsellor of team B
    decide = reverse("transfer_decide", args=[transfer.pk])
    accept = {"decision": "accept", "version": transfer.version}
    assert _http(receiving_counsellor).post(decide, accept).status_code == 403
    assert _http(org.users["counsellor"]).post(decide, accept).status_code == 404  # sender
    other = _member(Team.objects.create(service=org.team_b.service, name="C"), "c@test.invalid")
    assert _http(other).post(decide, accept).status_code == 404
    for persona in ("admin", "statistics", "dpo"):
        assert _http(org.users[persona]).post(decide, accept).status_code == 403
    assert TeamTransfer.objects.get(pk=transfer.pk).status == TransferStatus.PENDING
    # The receiving counsellor sees nothing on the incoming page either.
    page = _http(receiving_counsellor).get(reverse("transfers_incoming"))
    assert page.status_code == 200 and NOTE not in page.content.decode()
    withdraw = reverse("transfer_withdraw", args=[transfer.pk])
    assert _http(lead_b).post(withdraw, {"version": transfer.version}).status_code == 404
    assert _http(org.users["reader"]).post(withdraw, {"version": 1}).status_code == 403
    response = _http(org.users["counsellor"]).post(withdraw, {"version": transfer.version})
    assert response.status_code == 302
    assert TeamTransfer.objects.get(pk=transfer.pk).status == TransferStatus.WITHDRAWN


def test_decline_by_view_and_a_second_decision_is_refused(org: Org, lead_b) -> None:
    transfer = _ask(org, org.client_a, org.team_b)
    http = _http(lead_b)
    url = reverse("transfer_decide", args=[transfer.pk])
    assert http.post(url, {"decision": "decline", "version": transfer.version}).status_code == 302
    again = http.post(url, {"decision": "accept", "version": transfer.version + 1}, follow=True)
    assert "in der Zwischenzeit" in again.content.decode()
    assert TeamTransfer.objects.get(pk=transfer.pk).status == TransferStatus.DECLINED
    assert Client.objects.get(pk=org.client_a.pk).team_id == org.team_a.pk


def test_dashboard_panel_is_one_query_and_capped(org: Org, lead_b) -> None:
    for i in range(25):
        _ask(org, _file(org, f"P{i}"), org.team_b)
    with CaptureQueriesContext(connection) as queries:
        rows = pending_for_lead(lead_b)
    assert len(rows) == 20
    assert len([q for q in queries if "teamtransfer" in q["sql"]]) == 1
    assert rows == sorted(rows, key=lambda t: (t.requested_at, t.pk))
    # Only requests to teams the user leads.
    assert pending_for_lead(org.users["team_lead"]) == []
    assert pending_for_lead(org.users["stranger"]) == []


def test_a_transfer_older_than_a_day_still_shows(org: Org, lead_b) -> None:
    transfer = _ask(org, org.client_a, org.team_b)
    TeamTransfer.objects.filter(pk=transfer.pk).update(
        requested_at=timezone.now() - timedelta(days=40)
    )
    assert [t.pk for t in pending_for_lead(lead_b)] == [transfer.pk]
