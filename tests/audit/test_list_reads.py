"""Lists that show people are audited: one entry per page view naming the ids shown (issue #15).

"Who looked at client X" then finds both the opened file (``client.viewed``) and every list
that showed X (``people.listed``), on the DPO's audit page too.
"""

from __future__ import annotations

import json

import pytest
from django.test import RequestFactory
from django.urls import reverse

from lotse.audit.context import Actor
from lotse.audit.models import AuditEntry
from lotse.audit.selectors.reads import LIST_ACTION, client_reads, listed_q
from lotse.audit.services import log_action, verify_chain
from lotse.audit.services.reads import log_list_read, note_shown
from lotse.clients.services import ClientData, client_create
from lotse_testing import make_waiting_intake

NAMES = ("Amira", "Haddad", "Oleksandr", "Kowalenko", "1980-05-17", "17.05.1980")


def _list_entries() -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=LIST_ACTION).order_by("id"))


def _new_list_entries(before: int) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=LIST_ACTION, id__gt=before).order_by("id"))


def _last_id() -> int:
    """The newest entry's id: entries written later have higher ids, in whichever chain."""
    last = AuditEntry.objects.order_by("-id").first()
    return last.pk if last else 0


def _assert_no_names(entry: AuditEntry) -> None:
    text = json.dumps(entry.data, ensure_ascii=False)
    for name in NAMES:
        assert name not in text


def test_client_list_writes_one_entry_with_exactly_the_ids_shown(org, as_persona) -> None:
    before = _last_id()
    response = as_persona("counsellor").get(reverse("client_list"))
    assert response.status_code == 200
    shown = sorted(client.pk for client in response.context["page"])
    assert shown == [org.client_a.pk]  # team B's client is not visible
    (entry,) = _new_list_entries(before)
    assert entry.data == {"client_ids": shown, "page": "client_list"}
    assert entry.client_id is None
    assert entry.actor_id == org.users["counsellor"].pk
    assert entry.request_id == response["X-Request-ID"]
    _assert_no_names(entry)
    assert verify_chain().ok


def test_a_second_page_names_only_its_own_rows(org, as_persona) -> None:
    for n in range(26):
        client_create(team=org.team_a, data=ClientData(first_name=f"P{n}", last_name="Test"))
    http = as_persona("counsellor")
    first = http.get(reverse("client_list"))
    before = _last_id()
    second = http.get(reverse("client_list"), {"after": first.context["page"].next_cursor})
    (entry,) = _new_list_entries(before)
    assert entry.data["client_ids"] == sorted(c.pk for c in second.context["page"])
    assert len(entry.data["client_ids"]) == 2  # 27 visible files, 25 on the first page


def test_search_results_and_htmx_partials_are_audited(org, as_persona) -> None:
    client_create(team=org.team_a, data=ClientData(first_name="Zora", last_name="Other"))
    # Two hits: a search with one hit opens that file instead of the list.
    twin = client_create(team=org.team_a, data=ClientData(first_name="Hadda", last_name="Zweite"))
    hits = sorted([org.client_a.pk, twin.pk])
    http = as_persona("counsellor")
    before = _last_id()
    posted = http.post(reverse("client_list"), {"q": "hadd"})
    assert posted.status_code == 302
    # The redirect itself shows nobody; the page it leads to shows the hits.
    assert _new_list_entries(before) == []
    http.get(posted["Location"])
    partial = http.post(reverse("client_list"), {"q": "hadd"}, HTTP_HX_REQUEST="true")
    assert partial.status_code == 200
    page_entry, partial_entry = _new_list_entries(before)
    assert page_entry.data["client_ids"] == hits
    assert partial_entry.data == {
        "client_ids": hits,
        "page": "client_list",
        "partial": True,
    }


def test_a_list_that_shows_nobody_writes_nothing(org, as_persona) -> None:
    http = as_persona("counsellor")
    before = _last_id()
    response = http.post(reverse("client_list"), {"q": "nobodyhere"}, follow=True)
    assert response.status_code == 200 and not response.context["page"].object_list
    http.get(reverse("waiting_list"))  # nobody waits
    http.get(reverse("network_partner_list"))  # institutions, no people
    assert _new_list_entries(before) == []


def test_pages_without_people_write_no_list_entry(org, as_persona) -> None:
    before = _last_id()
    for persona in ("statistics", "admin"):
        assert as_persona(persona).get(reverse("dashboard")).status_code == 200
    assert _new_list_entries(before) == []


def test_waiting_list_and_dashboard_name_their_clients(org, as_persona) -> None:
    make_waiting_intake(org)
    http = as_persona("counsellor")
    before = _last_id()
    http.get(reverse("waiting_list"))
    http.get(reverse("dashboard"))
    waiting, dashboard = _new_list_entries(before)
    assert waiting.data == {"client_ids": [org.client_a.pk], "page": "waiting_list"}
    # "Recently changed files" on the dashboard shows client A's file number.
    assert dashboard.data["page"] == "dashboard"
    assert org.client_a.pk in dashboard.data["client_ids"]
    assert org.client_b.pk not in dashboard.data["client_ids"]


def test_who_looked_at_client_x_finds_file_views_and_list_reads(org, as_persona) -> None:
    http = as_persona("team_lead")
    http.get(reverse("client_list"))
    http.get(reverse("client_detail", args=[org.client_a.pk]))
    as_persona("stranger").get(reverse("client_list"))  # shows client B only
    reads = list(client_reads(org.client_a.pk))
    team_lead = org.users["team_lead"].pk
    assert [(e.action, e.actor_id) for e in reads[:2]] == [
        ("client.viewed", team_lead),
        (LIST_ACTION, team_lead),
    ]
    assert all(e.actor_id != org.users["stranger"].pk for e in reads)
    assert {e.actor_id for e in client_reads(org.client_b.pk)} == {org.users["stranger"].pk}


@pytest.mark.django_db
def test_the_id_match_is_exact_not_a_prefix() -> None:
    actor = Actor(1, "a@test.invalid")
    log_action(action=LIST_ACTION, actor=actor, data={"client_ids": [12, 112, 123]})
    log_action(action=LIST_ACTION, actor=actor, data={"client_ids": [1]})
    log_action(action=LIST_ACTION, actor=actor, data={"volunteer_ids": [5]})

    def found(person_id: int, kind: str = "clients") -> int:
        return AuditEntry.objects.filter(listed_q(person_id, kind=kind)).count()

    assert [found(1), found(2), found(12), found(112), found(123), found(23)] == [1, 0, 1, 1, 1, 0]
    assert (found(5), found(5, "volunteers")) == (0, 1)


@pytest.mark.django_db
def test_noted_ids_are_written_once_and_then_forgotten() -> None:
    request = RequestFactory().get("/")
    note_shown(request, clients=[3, None, 2])
    note_shown(request, clients=[2], volunteers=[9])
    entry = log_list_read(request, clients=[1])
    assert entry is not None
    assert entry.data == {"client_ids": [1, 2, 3], "volunteer_ids": [9], "page": "/"}
    assert log_list_read(request) is None


def test_the_dpo_audit_page_for_a_client_includes_list_reads(org, as_persona) -> None:
    as_persona("counsellor").get(reverse("client_list"))
    response = as_persona("dpo").get(reverse("audit_trail"), {"client_id": org.client_a.pk})
    assert response.status_code == 200
    actions = [e.action for e in response.context["page"]]
    assert LIST_ACTION in actions
    assert all(
        e.client_id == org.client_a.pk or org.client_a.pk in e.data.get("client_ids", [])
        for e in response.context["page"]
    )


def test_a_forged_request_id_never_reaches_the_audit_trail(org, as_persona) -> None:
    forged = "forged-by-the-client-0001"
    http = as_persona("counsellor")
    response = http.get(reverse("client_detail", args=[org.client_a.pk]), HTTP_X_REQUEST_ID=forged)
    assert response.status_code == 200
    assert response["X-Request-ID"] != forged
    entry = AuditEntry.objects.filter(action="client.viewed").latest()
    assert entry.request_id == response["X-Request-ID"]
    assert not AuditEntry.objects.filter(request_id=forged).exists()
