"""Working lists (issue #17 §3): filters, saved filters, export, bulk reassignment."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from django.db.models import F
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from lotse.accounts.models import Membership
from lotse.accounts.roles import Role
from lotse.audit.models import AuditEntry
from lotse.clients.models import (
    Client,
    ClientLanguage,
    CounsellingContact,
    LanguageLevel,
    PermitKind,
    ResidencePermit,
    SavedFilter,
)
from lotse.clients.services import ClientData, client_create
from lotse.clients.services.worklist import bulk_reassign
from lotse.demo.data import build_demo
from lotse_testing import PASSWORD, make_user

TODAY = timezone.localdate()


def _client(org, name: str, *, team=None, born: date | None = None) -> Client:
    return client_create(
        team=team or org.team_a, data=ClientData(first_name=name, last_name="K", birth_date=born)
    )


@pytest.fixture
def data(org):
    """A small mixed data set; ``facts`` holds what each filter should decide, in Python."""
    counsellor = org.users["counsellor"]
    rows = []
    specs = [
        # name, age, language, last contact days ago, follow-up in days, permit ends in days
        ("Ada", 30, "ar", 10, -1, 20),
        ("Ben", 15, "tr", 100, None, 100),
        ("Cem", 70, "ar", None, 3, None),
        ("Dua", 20, None, 400, 0, 50),
        ("Eli", 45, "uk", 200, None, -5),
        ("Fay", 8, "ar", 35, -10, 10),
    ]
    facts = {}
    for name, age, language, contact, follow_up, permit in specs:
        client = _client(org, name, born=date(TODAY.year - age, 1, 1))
        if language:
            ClientLanguage.objects.create(client=client, language=language, level=LanguageLevel.B)
        if contact is not None:
            CounsellingContact.objects.create(
                client=client,
                date=TODAY - timedelta(days=contact),
                duration_minutes=30,
                form="in_person",
                counsellor=counsellor,
                follow_up_on=None if follow_up is None else TODAY + timedelta(days=follow_up),
            )
        if permit is not None:
            ResidencePermit.objects.create(
                client=client,
                kind=PermitKind.RESIDENCE_PERMIT,
                valid_from=TODAY - timedelta(days=700),
                valid_until=TODAY + timedelta(days=permit),
                recorded_by=counsellor,
            )
        facts[client.pk] = {
            "age": age,
            "language": language,
            "contact": contact,
            "follow_up": follow_up,
            "permit": permit,
        }
        rows.append(client)
    # The org's own clients: A (Amira, born 1980, nothing else), B in team B (never shown).
    facts[org.client_a.pk] = {
        "age": TODAY.year - 1980,
        "language": None,
        "contact": None,
        "follow_up": None,
        "permit": None,
    }
    # Team B: an Arabic speaker with a due follow-up (a stranger's file, never in A's list).
    stranger_file = _client(org, "Zed", team=org.team_b, born=date(TODAY.year - 30, 1, 1))
    ClientLanguage.objects.create(client=stranger_file, language="ar", level=LanguageLevel.B)
    return facts


def _shown(http, **params) -> set[int]:
    response = http.get(reverse("client_list"), params)
    assert response.status_code == 200
    page = response.context["page"]
    assert not page.next_cursor
    return {c.pk for c in page}


def _expect(facts, test) -> set[int]:
    return {pk for pk, f in facts.items() if test(f)}


CASES = [
    ({"language": "ar"}, lambda f: f["language"] == "ar"),
    ({"age": "12-17"}, lambda f: 12 <= f["age"] <= 17),
    ({"age": "27-64"}, lambda f: 27 <= f["age"] <= 64),
    ({"age": "u12"}, lambda f: f["age"] < 12),
    ({"age": "65+"}, lambda f: f["age"] >= 65),
    ({"contact_older": "90"}, lambda f: f["contact"] is None or f["contact"] > 90),
    ({"contact_older": "365"}, lambda f: f["contact"] is None or f["contact"] > 365),
    ({"follow_up": "due"}, lambda f: f["follow_up"] is not None and f["follow_up"] <= 0),
    ({"permit_within": "8"}, lambda f: f["permit"] is not None and 0 <= f["permit"] <= 56),
    ({"permit_within": "4"}, lambda f: f["permit"] is not None and 0 <= f["permit"] <= 28),
    ({"service": "mbe"}, lambda f: True),
    ({"service": "jmd"}, lambda f: False),
    (
        {"language": "ar", "follow_up": "due"},
        lambda f: f["language"] == "ar" and f["follow_up"] is not None and f["follow_up"] <= 0,
    ),
]


@pytest.mark.parametrize(("params", "test"), CASES, ids=[str(c[0]) for c in CASES])
def test_each_filter_shows_exactly_the_matching_files(data, as_persona, params, test) -> None:
    expected = _expect(data, test)
    assert _shown(as_persona("counsellor"), **params) == expected
    # The count above the table is the filtered count.
    response = as_persona("counsellor").get(reverse("client_list"), params)
    assert response.context["page"].count == len(expected)


@pytest.mark.parametrize("ids_max", [1, 2, 1000])
def test_follow_up_filter_is_the_same_as_a_list_of_ids_and_as_a_subquery(
    data, org, as_persona, monkeypatch, ids_max
) -> None:
    """Few due files are read first as ids, many stay a subquery: the files shown are the same,
    and a second due follow-up of one file, a done one and a future one change nothing."""
    from lotse.common import id_list

    due = {pk for pk, f in data.items() if f["follow_up"] is not None and f["follow_up"] <= 0}
    one = Client.objects.get(pk=min(due))
    for on, done in ((TODAY - timedelta(days=3), False), (TODAY, True), (TODAY, False)):
        CounsellingContact.objects.create(
            client=one,
            date=TODAY,
            duration_minutes=30,
            form="in_person",
            counsellor=org.users["counsellor"],
            follow_up_on=on,
            follow_up_done=done,
        )
    late = Client.objects.get(pk=org.client_a.pk)
    CounsellingContact.objects.create(
        client=late,
        date=TODAY,
        duration_minutes=30,
        form="in_person",
        counsellor=org.users["counsellor"],
        follow_up_on=TODAY + timedelta(days=1),
    )
    monkeypatch.setattr(id_list, "MAX_IDS", {"postgresql": ids_max, "sqlite": ids_max})
    assert _shown(as_persona("counsellor"), follow_up="due") == due
    response = as_persona("counsellor").get(reverse("client_list"), {"follow_up": "due"})
    assert response.context["page"].count == len(due)


def test_unknown_filter_values_are_ignored(data, as_persona) -> None:
    everything = _shown(as_persona("counsellor"))
    assert _shown(as_persona("counsellor"), age="x", permit_within="9999", responsible="1e9") == (
        everything
    )


def test_responsible_filter_and_the_stranger_sees_nothing_of_team_a(data, org, as_persona) -> None:
    lead = org.users["team_lead"]
    Client.objects.filter(pk=org.client_a.pk).update(responsible=lead)
    assert _shown(as_persona("counsellor"), responsible=str(lead.pk)) == {org.client_a.pk}
    assert org.client_a.pk not in _shown(as_persona("counsellor"), responsible="none")
    # A stranger cannot even choose team A's lead: the value is ignored, and only team B shows.
    shown = _shown(as_persona("stranger"), responsible=str(lead.pk), language="ar")
    assert shown and all(c.team_id == org.team_b.pk for c in Client.objects.filter(pk__in=shown))


def test_keyset_paging_keeps_the_filter(org, as_persona) -> None:
    for i in range(30):
        client = _client(org, f"P{i}")
        if i % 2 == 0:
            ClientLanguage.objects.create(client=client, language="fa", level=LanguageLevel.A)
    http = as_persona("counsellor")
    first = http.get(reverse("client_list"), {"language": "fa"})
    page = first.context["page"]
    assert len(page) == 15 and not page.next_cursor
    for i in range(30):
        client = _client(org, f"Q{i}")
        ClientLanguage.objects.create(client=client, language="fa", level=LanguageLevel.A)
    first = http.get(reverse("client_list"), {"language": "fa"})
    page = first.context["page"]
    assert len(page) == 25 and page.next_cursor
    assert "language=fa" in first.content.decode().split('rel="next"')[0].rsplit("href=", 1)[1]
    second = http.get(reverse("client_list"), {"language": "fa", "after": page.next_cursor})
    rest = second.context["page"]
    shown = [c.pk for c in page] + [c.pk for c in rest]
    expected = set(ClientLanguage.objects.filter(language="fa").values_list("client_id", flat=True))
    assert len(shown) == len(set(shown)) == 45 and set(shown) == expected


def test_saved_filters_belong_to_their_user(org, as_persona) -> None:
    http = as_persona("counsellor")
    response = http.post(
        reverse("client_filter_save"),
        {"name": "Meine Fristen", "follow_up": "due", "language": "ar", "bogus": "1"},
    )
    assert response.status_code == 302
    saved = SavedFilter.objects.get(user=org.users["counsellor"])
    assert saved.query == "follow_up=due&language=ar"
    assert b"Meine Fristen" in http.get(reverse("client_list")).content
    assert b"Meine Fristen" not in as_persona("team_lead").get(reverse("client_list")).content
    # Another user cannot delete it.
    url = reverse("client_filter_delete", kwargs={"filter_id": saved.pk})
    assert as_persona("team_lead").post(url).status_code == 404
    assert SavedFilter.objects.filter(pk=saved.pk).exists()
    assert http.post(url).status_code == 302
    assert not SavedFilter.objects.filter(pk=saved.pk).exists()


def test_saving_without_a_filter_or_name_saves_nothing(as_persona) -> None:
    http = as_persona("counsellor")
    http.post(reverse("client_filter_save"), {"name": "leer"})
    http.post(reverse("client_filter_save"), {"name": "", "language": "ar"})
    http.post(reverse("client_filter_save"), {"name": "x" * 81, "language": "ar"})
    assert not SavedFilter.objects.exists()


def _reauthenticated(as_persona, persona: str = "counsellor"):
    http = as_persona(persona)
    http.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    return http


def test_export_needs_reauthentication(as_persona) -> None:
    response = as_persona("counsellor").get(reverse("client_export", kwargs={"fmt": "csv"}))
    assert response.status_code == 302
    assert reverse("account_reauthenticate") in response["Location"]
    assert not AuditEntry.objects.filter(action="clients.exported_list").exists()


def test_csv_export_is_exactly_the_filtered_list_audited_and_formula_safe(data, org, as_persona):
    evil = _client(org, "=HYPERLINK(1)")
    ClientLanguage.objects.create(client=evil, language="ar", level=LanguageLevel.B)
    http = _reauthenticated(as_persona)
    response = http.get(reverse("client_export", kwargs={"fmt": "csv"}), {"language": "ar"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == [
        "Aktenzeichen",
        "Name",
        "Geburtsdatum",
        "Team",
        "Zuständig",
        "Geändert",
    ]
    numbers = {r[0] for r in rows[1:]}
    expected = _expect(data, lambda f: f["language"] == "ar") | {evil.pk}
    assert numbers == set(
        Client.objects.filter(pk__in=expected).values_list("file_number", flat=True)
    )
    names = [r[1] for r in rows[1:]]
    assert "'=HYPERLINK(1) K" in names
    birth = [r[2] for r in rows[1:] if r[0] == evil.file_number]
    assert birth == [""]
    entry = AuditEntry.objects.get(action="clients.exported_list")
    assert set(entry.data["ids"]) == expected
    # Team B's Arabic speaker is not in a counsellor of team A's export.
    assert not Client.objects.filter(pk__in=entry.data["ids"], team=org.team_b).exists()


def test_xlsx_export_has_german_dates(data, org, as_persona) -> None:
    http = _reauthenticated(as_persona)
    response = http.get(reverse("client_export", kwargs={"fmt": "xlsx"}), {"service": "mbe"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert len(values) - 1 == len(data)
    row_a = next(v for v in values if v[0] == org.client_a.file_number)
    assert row_a[2] == "17.05.1980"


def _colleague_in_both_teams(org):
    both = make_user("both@test.invalid", full_name="Beide")
    for team in (org.team_a, org.team_b):
        Membership.objects.create(user=both, team=team, role=Role.COUNSELLOR)
    return both


def test_bulk_reassign_reports_each_row(org, as_persona) -> None:
    both = _colleague_in_both_teams(org)
    lead = org.users["team_lead"]
    ok = _client(org, "Ok")
    changed = _client(org, "Changed")
    http = as_persona("counsellor")
    ids = [ok.pk, changed.pk, org.client_b.pk, org.client_a.pk]
    confirm = http.post(reverse("client_bulk"), {"ids": ids, "action": "reassign", "to": lead.pk})
    assert confirm.status_code == 200
    plan = {row["pk"]: row["ok"] for row in confirm.context["plan"]}
    assert plan == {ok.pk: True, changed.pk: True, org.client_b.pk: False, org.client_a.pk: True}
    assert Client.objects.filter(responsible=lead).count() == 0  # nothing changed yet
    # Somebody saves one file after the confirmation page was shown.
    Client.objects.filter(pk=changed.pk).update(version=F("version") + 1)
    rows = [f"{pk}:{Client.objects.get(pk=pk).version}" for pk in (ok.pk, org.client_a.pk)]
    rows.append(f"{changed.pk}:{confirm.context['plan'][1]['client'].version}")
    rows.append(f"{org.client_b.pk}:{org.client_b.version}")  # forged: another team's file
    result = http.post(reverse("client_bulk_confirm"), {"to": lead.pk, "row": rows})
    assert result.status_code == 200
    done = {o.client_id: o.done for o in result.context["outcomes"]}
    assert done == {ok.pk: True, org.client_a.pk: True, changed.pk: False, org.client_b.pk: False}
    assert set(Client.objects.filter(responsible=lead).values_list("pk", flat=True)) == {
        ok.pk,
        org.client_a.pk,
    }
    assert Client.objects.get(pk=org.client_b.pk).responsible is None
    # Each change is in the audit trail; the refused rows wrote nothing.
    changed_ids = set(
        AuditEntry.objects.filter(action__endswith=".updated", object_type__icontains="client")
        .exclude(client_id=None)
        .values_list("client_id", flat=True)
    )
    assert {ok.pk, org.client_a.pk} <= changed_ids
    assert org.client_b.pk not in changed_ids
    assert both  # the colleague exists in both teams but was not chosen


def test_colleague_of_another_team_is_refused_per_row(org) -> None:
    # A user in both teams moves files of both to a colleague of team A only.
    both = _colleague_in_both_teams(org)
    lead = org.users["team_lead"]
    rows = [(org.client_a.pk, org.client_a.version), (org.client_b.pk, org.client_b.version)]
    outcomes = bulk_reassign(user=both, rows=rows, to=lead)
    assert [o.done for o in outcomes] == [True, False]
    assert "Team dieser Akte" in str(outcomes[1].message)


def test_bulk_needs_write_access_and_letters_go_to_the_mass_page(org, as_persona) -> None:
    ids = [org.client_a.pk]
    reader = as_persona("reader")
    assert reader.post(reverse("client_bulk"), {"ids": ids, "action": "letter"}).status_code == 403
    response = as_persona("counsellor").post(
        reverse("client_bulk"), {"ids": ids, "action": "letter"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("letters_mass") + f"?ids={org.client_a.pk}"


@pytest.mark.parametrize(
    "payload",
    [
        {"ids": ["x", "-1", "9" * 30], "action": "reassign", "to": "abc"},
        {"ids": ["1"], "action": "drop table"},
        {"row": ["1:x", ":", "9" * 40 + ":1"], "to": "1"},
    ],
)
def test_bulk_garbage_never_fails(org, as_persona, payload) -> None:
    http = as_persona("counsellor")
    assert http.post(reverse("client_bulk"), payload).status_code in (200, 302)
    assert http.post(reverse("client_bulk_confirm"), payload).status_code in (200, 302)


def test_export_follows_the_search_of_the_list(org, as_persona) -> None:
    first, second = _client(org, "Zufall"), _client(org, "Zufall")
    http = _reauthenticated(as_persona)
    listed = http.post(reverse("client_list"), {"q": "Zufall"})
    assert listed.status_code == 302 and "search=" in listed["Location"]
    token = listed["Location"].split("search=")[1]
    response = http.get(reverse("client_export", kwargs={"fmt": "csv"}), {"search": token})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert {r[0] for r in rows[1:]} == {first.file_number, second.file_number}


def test_filters_cost_no_extra_query_per_page(data, as_persona) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    http = as_persona("counsellor")
    http.get(reverse("client_list"))
    with CaptureQueriesContext(connection) as plain:
        http.get(reverse("client_list"))
    every = {
        "language": "ar",
        "age": "27-64",
        "contact_older": "30",
        "follow_up": "due",
        "permit_within": "8",
        "service": "mbe",
        "responsible": "none",
    }
    # Each filter is a condition of the page's queries, never a query of its own — except
    # "follow-up due", which reads the due files' ids once, and on SQLite the language, whose
    # speakers are counted up to a share of the files (selectors/worklist.py says why).
    own_query = {"follow_up": 1, "language": int(connection.vendor == "sqlite")}
    http.get(reverse("client_list"), {"language": "ar"})  # the number of files, kept 10 min
    for key, value in every.items():
        with CaptureQueriesContext(connection) as filtered:
            page = http.get(reverse("client_list"), {key: value}).context["page"]
        assert len(page) > 0, key
        assert len(filtered) <= len(plain) + own_query.get(key, 0), key


def test_saving_by_htmx_answers_with_the_saved_filters(as_persona) -> None:
    http = as_persona("counsellor")
    response = http.post(
        reverse("client_filter_save"),
        {"name": "Arabisch", "language": "ar"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert b"Arabisch" in response.content and b"language=ar" in response.content


@pytest.mark.django_db
@override_settings(DEMO_ALLOWED=True)
def test_demo_gives_files_a_responsible_colleague_of_their_team() -> None:
    build_demo(clients=12)
    with_person = Client.objects.filter(responsible__isnull=False).select_related("team")
    assert with_person.exists()
    for client in with_person:
        assert Membership.objects.filter(user=client.responsible, team=client.team).exists()


@pytest.mark.parametrize("share", [1, 10**9], ids=["rare: id IN", "common: EXISTS on SQLite"])
def test_a_language_filter_finds_the_same_files_either_way(org, share, monkeypatch) -> None:
    from django.db import connection

    from lotse.clients.selectors import worklist as worklist_selectors

    for i in range(12):
        client = _client(org, f"L{i}", team=org.team_a if i % 3 else org.team_b)
        ClientLanguage.objects.create(
            client=client, language="ar" if i % 2 else "ti", level=LanguageLevel.B
        )
    monkeypatch.setattr(worklist_selectors, "COMMON_LANGUAGE_SHARE", share)
    counsellor = org.users["counsellor"]
    visible = Client.objects.visible_to(counsellor)
    expected = set(visible.filter(languages__language="ar").values_list("pk", flat=True).distinct())
    filtered = worklist_selectors.with_language(visible, "ar")
    sql = str(filtered.query).upper()
    exists = connection.vendor == "sqlite" and share > 1
    assert ("EXISTS" in sql) is exists
    assert set(filtered.values_list("pk", flat=True)) == expected and len(expected) == 4
