"""Saved filters and bulk actions on the case list (issue #17 §3): a new counsellor for the
selected cases (same team only, closed cases keep theirs, each row on its own), bulk close of
exactly the chosen cases, transfer and letters for the cases' files, and saved filters that
belong to their user and are checked again when applied."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.messages import get_messages
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from lotse.audit.models import AuditEntry
from lotse.audit.services.reads import LIST_ACTION
from lotse.cases import services
from lotse.cases.models import Case, Closure
from lotse.cases.phases import Phase
from lotse.cases.services.reassign import (
    ALREADY,
    CHANGED,
    CLOSED,
    NOT_COLLEAGUE,
    REFUSED,
    ReassignRow,
    bulk_reassign_cases,
)
from lotse.clients.models import FilterKind, SavedFilter
from lotse.clients.services import ClientData, client_create
from lotse.clients.services import worklist as filter_services
from lotse_testing import Org

from .conftest import OPENED

TODAY = timezone.localdate()


def _case(org: Org, name: str, *, team=None) -> Case:  # type: ignore[no-untyped-def]
    client = client_create(team=team or org.team_a, data=ClientData(first_name=name, last_name="K"))
    counsellor = org.users["counsellor"] if team is None else org.users["stranger"]
    return services.case_open(client=client, counsellor=counsellor, opened_on=OPENED)


def _closed(org: Org, name: str) -> Case:
    case = _case(org, name)
    services.case_close(
        case=case,
        reason="no_contact",
        livelihood="unknown",
        note="",
        by=org.users["counsellor"],
        on=TODAY,
        expected_version=case.version,
    )
    return Case.objects.get(pk=case.pk)


def _jmd_case(org: Org, case: Case, opened=OPENED) -> Case:  # type: ignore[no-untyped-def]
    """A second open case of the same file, in the other service (kept from an earlier team)."""
    return Case.objects.create(
        client=case.client,
        service="jmd",
        phase=Phase.ASSESSMENT,
        phase_since=opened,
        opened_on=opened,
        counsellor=org.users["counsellor"],
    )


def _row(case: Case) -> ReassignRow:
    case.refresh_from_db()
    return ReassignRow(case.pk, case.version)


# --- the service ---------------------------------------------------------------------------


def test_reassign_rules_each_row_on_its_own(org: Org) -> None:
    lead = org.users["team_lead"]
    ok, conflict, already = _case(org, "Ok"), _case(org, "Konflikt"), _case(org, "Schon")
    closed, foreign = _closed(org, "Zu"), _case(org, "Fremd", team=org.team_b)
    Case.objects.filter(pk=already.pk).update(counsellor=lead)
    rows = [_row(c) for c in (ok, conflict, already, closed, foreign)]
    # Somebody works on one case after the confirmation page was shown.
    Case.objects.filter(pk=conflict.pk).update(version=F("version") + 1)
    outcomes = bulk_reassign_cases(user=org.users["counsellor"], rows=rows, to=lead)
    assert [(o.done, o.skipped, o.message) for o in outcomes] == [
        (True, False, outcomes[0].message),
        (False, False, CHANGED),
        (False, True, ALREADY),
        (False, False, CLOSED),
        (False, False, REFUSED),
    ]
    assert outcomes[4].file_number == ""  # another team's case: not even its file number
    assert outcomes[0].file_number == ok.client.file_number and outcomes[0].case_label
    counsellors = dict(Case.objects.values_list("pk", "counsellor_id"))
    assert counsellors[ok.pk] == lead.pk
    assert counsellors[conflict.pk] == counsellors[closed.pk] == org.users["counsellor"].pk
    assert counsellors[foreign.pk] == org.users["stranger"].pk
    entry = AuditEntry.objects.get(action="case.reassigned")
    assert entry.object_id == str(ok.pk) and entry.client_id == ok.client_id
    assert entry.data == {"from": org.users["counsellor"].pk, "to": lead.pk}


def test_only_a_writing_colleague_of_the_files_team_takes_over(org: Org) -> None:
    case = _case(org, "Team")
    counsellor = org.users["counsellor"]
    for other in ("stranger", "reader", "statistics"):  # team B; read-only; no client role
        outcome = bulk_reassign_cases(user=counsellor, rows=[_row(case)], to=org.users[other])[0]
        assert (outcome.done, outcome.message) == (False, NOT_COLLEAGUE), other
    lead = org.users["team_lead"]
    lead.is_active = False
    lead.save(update_fields=["is_active"])
    assert not bulk_reassign_cases(user=counsellor, rows=[_row(case)], to=lead)[0].done
    assert Case.objects.get(pk=case.pk).counsellor == counsellor


def test_a_reader_or_stranger_changes_nothing(org: Org) -> None:
    case = _case(org, "Lesen")
    for persona in ("reader", "stranger"):
        outcome = bulk_reassign_cases(
            user=org.users[persona], rows=[_row(case)], to=org.users["team_lead"]
        )[0]
        assert (outcome.done, outcome.file_number, outcome.message) == (False, "", REFUSED)
    assert Case.objects.get(pk=case.pk).counsellor == org.users["counsellor"]


# --- the views: new counsellor ------------------------------------------------------------


def test_reassign_confirmation_then_result_with_a_concurrent_change(org: Org, as_persona) -> None:
    lead = org.users["team_lead"]
    first, second, closed = _case(org, "Eins"), _case(org, "Zwei"), _closed(org, "Drei")
    foreign = _case(org, "Fremd", team=org.team_b)
    http = as_persona("counsellor")
    ids = [first.pk, second.pk, closed.pk, foreign.pk]
    confirm = http.post(
        reverse("case_bulk"), {"ids": ids, "action": "reassign", "to": str(lead.pk)}
    )
    assert confirm.status_code == 200
    plan = [(row["ok"], row["client"] is not None) for row in confirm.context["plan"]]
    assert plan == [(True, True), (True, True), (False, True), (False, False)]
    assert reverse("case_list") in confirm.content.decode()  # "Cancel" goes back to the cases
    assert Case.objects.filter(counsellor=lead).count() == 0  # nothing yet
    read = AuditEntry.objects.filter(action=LIST_ACTION).order_by("pk").last()
    assert read is not None and read.data["page"] == "case_bulk"
    assert set(read.data["client_ids"]) == {first.client_id, second.client_id, closed.client_id}
    # A colleague reassigns the second case meanwhile, through the same service.
    services.case_assign(case=second, counsellor=org.users["counsellor"], expected_version=1)
    values = [row["value"] for row in confirm.context["plan"] if row["ok"]]
    result = http.post(reverse("case_bulk_reassign"), {"row": values, "to": str(lead.pk)})
    assert result.status_code == 200
    outcomes = [(o.client_id, o.done, o.message) for o in result.context["outcomes"]]
    assert outcomes == [
        (first.client_id, True, outcomes[0][2]),
        (second.client_id, False, CHANGED),
    ]
    html = result.content.decode()
    assert first.client.file_number in html and second.client.file_number in html
    assert 'data-testid="bulk-result"' in html and reverse("case_list") in html
    assert Case.objects.get(pk=first.pk).counsellor == lead
    assert Case.objects.get(pk=second.pk).counsellor == org.users["counsellor"]


def test_reassign_needs_cases_and_a_colleague(org: Org, as_persona) -> None:
    case = _case(org, "Wer")
    http = as_persona("counsellor")
    for data in (
        {"ids": [case.pk], "action": "reassign", "to": ""},
        {"ids": [case.pk], "action": "reassign", "to": str(org.users["stranger"].pk)},
        {"ids": [], "action": "reassign", "to": str(org.users["team_lead"].pk)},
        {"ids": [case.pk], "action": "delete-everything"},
    ):
        response = http.post(reverse("case_bulk"), data)
        assert (response.status_code, response["Location"]) == (302, reverse("case_list"))
    run = {"row": [f"{case.pk}:{case.version}"], "to": str(org.users["stranger"].pk)}
    assert http.post(reverse("case_bulk_reassign"), run).status_code == 302
    assert Case.objects.get(pk=case.pk).counsellor == org.users["counsellor"]


def test_read_only_counsellor_gets_no_bulk_actions(org: Org, as_persona) -> None:
    case = _case(org, "Nur")
    reader = as_persona("reader")
    page = reader.get(reverse("case_list")).content.decode()
    assert 'id="case-bulk"' not in page and 'data-testid="case-pick"' not in page
    assert (
        'data-testid="case-pick"'
        in as_persona("counsellor").get(reverse("case_list")).content.decode()
    )
    lead = str(org.users["team_lead"].pk)
    start = {"ids": [case.pk], "action": "reassign", "to": lead}
    assert reader.post(reverse("case_bulk"), start).status_code == 403
    run = {"row": [f"{case.pk}:{case.version}"], "to": lead}
    assert reader.post(reverse("case_bulk_reassign"), run).status_code == 403
    assert Case.objects.get(pk=case.pk).counsellor == org.users["counsellor"]


# --- the views: close, transfer, letters ---------------------------------------------------


def test_bulk_close_from_the_case_list_closes_exactly_the_chosen_cases(
    org: Org, as_persona
) -> None:
    chosen, other = _case(org, "Gewählt"), _case(org, "Zweiter")
    # The file also has an older open case in another service (kept from an earlier team):
    # the client list would close that one; the case list closes the chosen one.
    older = _jmd_case(org, chosen, OPENED - timedelta(days=30))
    closed = _closed(org, "Schon zu")
    http = as_persona("counsellor")
    # "All on this page" sends the page's ids as one comma-separated value.
    ids = f"{chosen.pk},{other.pk},{closed.pk}"
    start = http.post(reverse("case_bulk"), {"ids": [ids, str(chosen.pk)], "action": "close"})
    assert start.status_code == 302
    location = urlsplit(start["Location"])
    assert location.path == reverse("case_bulk_close")
    assert parse_qs(location.query) == {"cases": [ids]}
    confirm = http.get(start["Location"])
    assert [row["ok"] for row in confirm.context["plan"]] == [True, True, False]
    assert reverse("case_list") in confirm.content.decode()
    values = [row["value"] for row in confirm.context["plan"] if row["ok"]]
    # The second case changes meanwhile: its row reports it, the first is closed anyway.
    Case.objects.filter(pk=other.pk).update(version=F("version") + 1)
    result = http.post(
        reverse("case_bulk_close_run"),
        {"row": values, "reason": "moved_away", "livelihood": "unknown", "back": "cases"},
    )
    assert result.status_code == 200
    assert [(o.done, o.client_id) for o in result.context["outcomes"]] == [
        (True, chosen.client_id),
        (False, other.client_id),
    ]
    assert "changed" in str(result.context["outcomes"][1].message) or "geändert" in str(
        result.context["outcomes"][1].message
    )
    assert reverse("case_list") in result.content.decode()
    phases = dict(Case.objects.values_list("pk", "phase"))
    assert phases[chosen.pk] == Phase.CLOSED
    assert phases[older.pk] == phases[other.pk] == Phase.ASSESSMENT
    assert Closure.objects.filter(case=chosen).count() == 1


def test_two_cases_of_one_file_are_closed_in_one_run(org: Org, as_persona) -> None:
    case = _case(org, "Doppelt")
    second = _jmd_case(org, case)
    http = as_persona("counsellor")
    confirm = http.get(reverse("case_bulk_close") + f"?cases={case.pk},{second.pk}")
    values = [row["value"] for row in confirm.context["plan"] if row["ok"]]
    result = http.post(
        reverse("case_bulk_close_run"),
        {"row": values, "reason": "moved_away", "livelihood": "unknown", "back": "cases"},
    )
    assert [o.done for o in result.context["outcomes"]] == [True, True]


def test_a_stranger_finds_none_of_the_cases(org: Org, as_persona) -> None:
    case = _case(org, "Geheim")
    confirm = as_persona("stranger").get(reverse("case_bulk_close") + f"?cases={case.pk}")
    assert confirm.status_code == 200
    assert [(row["ok"], row["client"]) for row in confirm.context["plan"]] == [(False, None)]
    assert case.client.file_number not in confirm.content.decode()


@pytest.mark.parametrize(
    ("action", "page"), [("transfer", "client_transfer"), ("letter", "letters_mass")]
)
def test_transfer_and_letters_get_the_files_of_the_cases(
    org: Org, as_persona, action: str, page: str
) -> None:
    first, second = _case(org, "Eins"), _case(org, "Zwei")
    again = _jmd_case(org, first)
    foreign = _case(org, "Fremd", team=org.team_b)
    http = as_persona("counsellor")
    ids = [second.pk, first.pk, again.pk, foreign.pk]
    start = http.post(reverse("case_bulk"), {"ids": ids, "action": action})
    location = urlsplit(start["Location"])
    assert location.path == reverse(page)
    # Each visible file once, in the order of the selection; team B's file is not named.
    assert parse_qs(location.query) == {"ids": [f"{second.client_id},{first.client_id}"]}
    assert http.get(start["Location"]).status_code == 200


# --- saved filters -------------------------------------------------------------------------


def test_save_apply_and_delete_a_filter(org: Org, as_persona) -> None:
    http = as_persona("counsellor")
    saved = http.post(
        reverse("case_filter_save"),
        {"name": " Meine offenen ", "status": "open", "sort": "next_review", "page": "3", "x": "1"},
    )
    assert saved.status_code == 302
    assert urlsplit(saved["Location"]).query == "status=open&sort=next_review"
    stored = SavedFilter.objects.get(user=org.users["counsellor"])
    assert (stored.kind, stored.name, stored.query) == (
        FilterKind.CASES,
        "Meine offenen",
        "sort=next_review&status=open",
    )
    page = http.get(reverse("case_list")).content.decode()
    assert "Meine offenen" in page and reverse("case_filter_apply", args=[stored.pk]) in page
    # A filter of the case list is not one of the client list.
    assert b"Meine offenen" not in http.get(reverse("client_list")).content
    applied = http.get(reverse("case_filter_apply", args=[stored.pk]))
    assert applied.status_code == 302
    assert parse_qs(urlsplit(applied["Location"]).query) == {
        "status": ["open"],
        "sort": ["next_review"],
    }
    assert not list(get_messages(applied.wsgi_request))
    deleted = http.post(
        reverse("case_filter_delete", args=[stored.pk]), {"status": "open"}, HTTP_HX_REQUEST="true"
    )
    assert deleted.status_code == 200
    assert 'id="case-saved-filters"' in deleted.content.decode()
    assert 'name="status" value="open"' in deleted.content.decode()  # the list's filter stays
    assert not SavedFilter.objects.exists()


def test_saving_by_htmx_answers_with_the_saved_filters(org: Org, as_persona) -> None:
    http = as_persona("counsellor")
    response = http.post(
        reverse("case_filter_save"),
        {"name": "Überfällig", "review": "overdue"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200 and 'role="status"' in html and "Überfällig" in html
    # Nothing left over for the next page.
    assert not list(get_messages(response.wsgi_request))


def test_another_users_filter_is_never_shown_applied_or_deleted(org: Org, as_persona) -> None:
    mine = filter_services.save_filter(
        user=org.users["counsellor"], name="Privat", chosen={"status": "open"}, kind="cases"
    )
    of_clients = filter_services.save_filter(
        user=org.users["team_lead"], name="Klienten", chosen={"language": "ar"}
    )
    lead = as_persona("team_lead")
    assert b"Privat" not in lead.get(reverse("case_list")).content
    assert lead.get(reverse("case_filter_apply", args=[mine.pk])).status_code == 404
    assert lead.post(reverse("case_filter_delete", args=[mine.pk])).status_code == 404
    # The lead's own filter of the client list is not one of the case list either.
    assert lead.get(reverse("case_filter_apply", args=[of_clients.pk])).status_code == 404
    assert lead.post(reverse("case_filter_delete", args=[of_clients.pk])).status_code == 404
    assert SavedFilter.objects.count() == 2


def test_a_stale_or_tampered_filter_is_checked_again(org: Org, as_persona) -> None:
    gone = org.users["team_lead"]
    stored = SavedFilter.objects.create(
        user=org.users["counsellor"],
        kind=FilterKind.CASES,
        name="Alt",
        query=(
            f"counsellor={gone.pk}&phase=bogus&status=open&opened_from=99.99.9999"
            "&team=999999999999999999999&sort=drop+table&evil=%3Cscript%3E&page=-1"
        ),
    )
    gone.memberships.all().delete()  # the colleague has left the team
    http = as_persona("counsellor")
    applied = http.get(reverse("case_filter_apply", args=[stored.pk]))
    assert applied.status_code == 302
    assert urlsplit(applied["Location"]).query == "status=open"
    assert len(list(get_messages(applied.wsgi_request))) == 1
    assert http.get(applied["Location"]).status_code == 200
    for junk in ("%", "&&&", "=" * 500, "counsellor=" + "9" * 400):
        SavedFilter.objects.filter(pk=stored.pk).update(query=junk)
        applied = http.get(reverse("case_filter_apply", args=[stored.pk]))
        assert (applied.status_code, applied["Location"]) == (302, reverse("case_list"))


def test_saving_only_valid_values_a_name_and_per_list_cap(
    org: Org, as_persona, monkeypatch
) -> None:
    http = as_persona("counsellor")
    # Nothing valid to save, or no name: nothing saved.
    http.post(reverse("case_filter_save"), {"name": "Leer", "phase": "bogus"})
    http.post(reverse("case_filter_save"), {"name": "", "status": "open"})
    http.post(reverse("case_filter_save"), {"name": "x" * 81, "status": "open"})
    assert not SavedFilter.objects.exists()
    http.post(reverse("case_filter_save"), {"name": "Halb", "phase": "bogus", "status": "closed"})
    assert SavedFilter.objects.get().query == "status=closed"
    monkeypatch.setattr(filter_services, "SAVED_FILTERS_PER_USER", 2)
    user = org.users["counsellor"]
    filter_services.save_filter(user=user, name="Halb", chosen={"language": "ar"})  # clients
    for name in ("A", "B"):
        http.post(reverse("case_filter_save"), {"name": name, "status": "open"})
    names = set(SavedFilter.objects.filter(kind=FilterKind.CASES).values_list("name", flat=True))
    assert names == {"A", "B"}  # the oldest case filter went
    # The same name on both lists; the client list's filter is untouched by the case list's cap.
    assert SavedFilter.objects.filter(kind=FilterKind.CLIENTS, name="Halb").exists()


def test_the_client_lists_filters_keep_working(org: Org, as_persona) -> None:
    http = as_persona("counsellor")
    http.post(reverse("client_filter_save"), {"name": "Fristen", "follow_up": "due"})
    saved = SavedFilter.objects.get()
    assert saved.kind == FilterKind.CLIENTS
    assert b"Fristen" in http.get(reverse("client_list")).content
    assert b"Fristen" not in http.get(reverse("case_list")).content
    assert http.post(reverse("case_filter_delete", args=[saved.pk])).status_code == 404
    assert http.post(reverse("client_filter_delete", args=[saved.pk])).status_code == 302
    assert not SavedFilter.objects.exists()
