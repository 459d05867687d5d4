"""One person, several services (DOMAIN §D16): linking files, the leads' handshake, intake,
merge, erasure, subject access and who may do what."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import pgettext

from lotse.accounts.models import Membership
from lotse.accounts.roles import Role
from lotse.audit.models import AuditEntry
from lotse.clients.demo_person_link import demo_person_links
from lotse.clients.models import Client, LinkStatus, PersonLinkRequest
from lotse.clients.services import ClientData, client_create, client_merge
from lotse.clients.services.person_link import (
    link_files,
    link_request_create,
    link_request_decide,
    link_request_withdraw,
    unlink_file,
)
from lotse.common.errors import ConflictError, DomainError
from lotse.organisation.models import Centre, Service, ServiceKind, Team
from lotse.privacy.anonymise import anonymise_client
from lotse.privacy.subject_access import LINKED_LABEL, letter_sections, subject_access_data
from lotse_testing import Org, client_form_data, make_user, sign_in

HTMX = {"HTTP_HX_REQUEST": "true"}


def _fresh(client: Client) -> Client:
    return Client.objects.get(pk=client.pk)


def _team(org: Org, name: str, kind: str = ServiceKind.JMD) -> Team:
    service = Service.objects.get(centre=org.centre, kind=kind)
    return Team.objects.create(service=service, name=name)


def _file(team: Team, first: str = "Lina", last: str = "Saleh", born: date | None = None) -> Client:
    return client_create(
        team=team, data=ClientData(first_name=first, last_name=last, birth_date=born)
    )


def _lead(team: Team, email: str = "lead-b@test.invalid"):  # type: ignore[no-untyped-def]
    user = make_user(email, full_name="Leitung Bee")
    Membership.objects.create(user=user, team=team, role=Role.TEAM_LEAD)
    return user


def _b_copy_of_a(org: Org) -> Client:
    """A file in team B (JMD) of the same person as client A: name and date of birth copied."""
    return _file(org.team_b, "Amira", "Haddad", date(1980, 5, 17))


def _entries(action: str, client: Client) -> int:
    return AuditEntry.objects.filter(action=action, client_id=client.pk).count()


# --- services -------------------------------------------------------------------------------


def test_linking_gives_both_files_one_key_and_audits_each(org) -> None:
    lead = org.users["team_lead"]
    version_before = _fresh(org.client_a).version
    key = link_files(files=[org.client_a, org.client_b], by=lead)
    a, b = _fresh(org.client_a), _fresh(org.client_b)
    assert a.person_key == b.person_key == key
    assert a.person_linked_at is not None
    # An edit form opened before the link must not write the old (empty) key back.
    assert a.version == version_before + 1
    assert _entries("client.person_link", a) == 1
    assert _entries("client.person_link", b) == 1
    assert AuditEntry.objects.filter(action="client.person_link", actor_id=lead.pk).count() == 2


def test_an_existing_key_is_reused_and_several_are_unified(org) -> None:
    lead = org.users["team_lead"]
    team_c = _team(org, "Team C")
    team_d = _team(org, "Team D", kind=ServiceKind.MBE)
    c, d = _file(team_c), _file(team_d)
    first = link_files(files=[org.client_a, org.client_b], by=lead)
    second = link_files(files=[c, d], by=lead)
    assert first != second
    key = link_files(files=[org.client_b, c], by=lead)
    keys = {_fresh(x).person_key for x in (org.client_a, org.client_b, c, d)}
    assert keys == {key}
    assert key in {first, second}
    # Linking again changes nothing and writes nothing.
    entries = AuditEntry.objects.filter(action="client.person_link").count()
    assert link_files(files=[org.client_a, d], by=lead) == key
    assert AuditEntry.objects.filter(action="client.person_link").count() == entries


def test_two_files_of_one_team_are_refused_with_the_hint_to_merge(org) -> None:
    other = _file(org.team_a)
    with translation.override("de"), pytest.raises(DomainError) as refused:
        link_files(files=[org.client_a, other], by=org.users["team_lead"])
    assert str(refused.value.message) == (
        "Zwei Akten desselben Teams führen Sie zusammen, statt sie zu verknüpfen."
    )
    assert _fresh(org.client_a).person_key is None


def test_a_group_may_not_gain_a_second_file_of_one_team(org) -> None:
    """Client A is linked with B; a second file of team A joining B's group is a duplicate."""
    link_files(files=[org.client_a, org.client_b], by=org.users["team_lead"])
    second_a = _file(org.team_a)
    with pytest.raises(DomainError):
        link_files(files=[second_a, org.client_b], by=org.users["team_lead"])
    assert _fresh(second_a).person_key is None


def test_files_of_two_centres_are_refused(org) -> None:
    """Persons are counted per centre: a key across centres would count no one once."""
    elsewhere = Centre.objects.create(provider=org.provider, name="Anderswo", statistics_id="t-2")
    team = Team.objects.create(
        service=Service.objects.create(centre=elsewhere, kind=ServiceKind.JMD), name="Team X"
    )
    with pytest.raises(DomainError):
        link_files(files=[org.client_a, _file(team)], by=org.users["team_lead"])
    assert _fresh(org.client_a).person_key is None


def test_merged_or_anonymised_files_are_refused(org) -> None:
    anonymised = _file(org.team_b)
    anonymise_client(anonymised, reason="test")
    with pytest.raises(DomainError):
        link_files(files=[org.client_a, _fresh(anonymised)], by=org.users["team_lead"])
    dup = _file(org.team_b, "Oleksandr", "Kowalenko")
    client_merge(source=dup, target=org.client_b)
    with pytest.raises(DomainError):
        link_files(files=[org.client_a, _fresh(dup)], by=org.users["team_lead"])


def test_unlinking_one_of_three_keeps_the_others_and_the_last_pair_clears_both(org) -> None:
    lead_a = org.users["team_lead"]
    c = _file(_team(org, "Team C"))
    key = link_files(files=[org.client_a, org.client_b, c], by=lead_a)
    lead_c = _lead(c.team, "lead-c@test.invalid")
    unlink_file(client=c, by=lead_c)
    assert _fresh(c).person_key is None
    assert _fresh(org.client_a).person_key == _fresh(org.client_b).person_key == key
    assert _entries("client.person_unlink", c) == 1
    unlink_file(client=_fresh(org.client_a), by=lead_a)
    assert _fresh(org.client_a).person_key is None
    # Client B alone with the key would count as a linked person of one file.
    assert _fresh(org.client_b).person_key is None
    assert _fresh(org.client_b).person_linked_at is None
    assert _entries("client.person_unlink", org.client_b) == 1


def test_only_a_lead_of_the_file_unlinks(org) -> None:
    link_files(files=[org.client_a, org.client_b], by=org.users["team_lead"])
    with pytest.raises(DomainError):
        unlink_file(client=_fresh(org.client_a), by=org.users["counsellor"])
    assert _fresh(org.client_a).person_key is not None


# --- the handshake --------------------------------------------------------------------------


def test_matches_come_from_the_keyed_hashes(org) -> None:
    same = _b_copy_of_a(org)
    lead = org.users["team_lead"]
    alike = link_request_create(client=org.client_a, file_number=same.file_number, by=lead)
    assert (alike.name_matches, alike.birth_date_matches) == (True, True)
    other = link_request_create(client=org.client_a, file_number=org.client_b.file_number, by=lead)
    assert (other.name_matches, other.birth_date_matches) == (False, False)
    spelled = _file(_team(org, "Team C"), "Amirah", "Hadad", date(1980, 5, 18))
    near = link_request_create(client=org.client_a, file_number=spelled.file_number, by=lead)
    assert near.birth_date_matches is False


def test_the_requester_learns_nothing_about_the_other_file(org, as_persona) -> None:
    target = _b_copy_of_a(org)
    http = as_persona("team_lead")
    url = reverse("client_person_link_request", args=[org.client_a.pk])
    response = http.post(url, {"file_number": target.file_number, "confirmed": "on"}, **HTMX)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Anfrage gestellt" in body
    for detail in (target.file_number, "Team B", "JMD", "Geburtsdatum stimmt"):
        assert detail not in body, detail
    page = http.get(reverse("client_detail", args=[org.client_a.pk])).content.decode()
    assert "Anfrage gestellt am" in page
    assert target.file_number not in page
    request = PersonLinkRequest.objects.get()
    assert (request.from_client_id, request.to_client_id) == (org.client_a.pk, target.pk)
    assert request.status == LinkStatus.PENDING
    assert request.requested_by == org.users["team_lead"]


@pytest.mark.parametrize(
    ("number", "confirmed", "error"),
    [
        ("MBE-1999-99999", "on", "keine Akte mit diesem Aktenzeichen"),
        ("", "on", "Bitte geben Sie das Aktenzeichen"),
        ("client_b", "", "Bitte bestätigen Sie"),
        ("same_team", "on", "führen Sie zusammen"),
    ],
)
def test_request_errors(org, as_persona, number, confirmed, error) -> None:
    numbers = {
        "client_b": org.client_b.file_number,
        "same_team": _file(org.team_a).file_number,
    }
    response = as_persona("team_lead").post(
        reverse("client_person_link_request", args=[org.client_a.pk]),
        {"file_number": numbers.get(number, number), "confirmed": confirmed},
        **HTMX,
    )
    assert error in response.content.decode()
    assert not PersonLinkRequest.objects.exists()


def test_a_second_request_for_the_pair_is_refused_either_way(org) -> None:
    lead_b = _lead(org.team_b)
    link_request_create(
        client=org.client_a, file_number=org.client_b.file_number, by=org.users["team_lead"]
    )
    with pytest.raises(DomainError, match="wartet bereits"):
        link_request_create(
            client=org.client_a, file_number=org.client_b.file_number, by=org.users["team_lead"]
        )
    with pytest.raises(DomainError, match="wartet bereits"):
        link_request_create(client=org.client_b, file_number=org.client_a.file_number, by=lead_b)


def test_a_file_of_another_centre_reads_as_unknown(org) -> None:
    elsewhere = Centre.objects.create(provider=org.provider, name="Anderswo", statistics_id="t-2")
    team = Team.objects.create(
        service=Service.objects.create(centre=elsewhere, kind=ServiceKind.JMD), name="Team X"
    )
    far = _file(team)
    with pytest.raises(DomainError, match="keine Akte mit diesem Aktenzeichen"):
        link_request_create(
            client=org.client_a, file_number=far.file_number, by=org.users["team_lead"]
        )


def test_the_target_lead_sees_the_request_and_links(org) -> None:
    target = _b_copy_of_a(org)
    link_request_create(
        client=org.client_a, file_number=target.file_number, by=org.users["team_lead"]
    )
    lead_b = _lead(org.team_b)
    http = sign_in(HttpClient(), lead_b)
    dashboard = http.get(reverse("dashboard")).content.decode()
    assert 'data-testid="panel-person-link-requests"' in dashboard
    assert "Team_Lead" in dashboard  # the requester's name
    assert "Name stimmt überein: ja" in dashboard.replace("</span>", "")
    page = http.get(reverse("client_detail", args=[target.pk])).content.decode()
    assert "Name stimmt überein: ja" in page
    assert "Geburtsdatum stimmt überein: ja" in page
    assert org.client_a.file_number not in page  # nothing of the requesting file
    request = PersonLinkRequest.objects.get()
    url = reverse("client_person_link_decide", args=[target.pk, request.pk])
    response = http.post(url, {"decision": "accept", "version": request.version})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == LinkStatus.ACCEPTED
    assert request.decided_by == lead_b
    assert _fresh(org.client_a).person_key == _fresh(target).person_key is not None
    # The same (now stale) decision again: a clear message, no second link.
    entries = AuditEntry.objects.filter(action="client.person_link").count()
    again = http.post(url, {"decision": "accept", "version": 1}, **HTMX).content.decode()
    assert "inzwischen entschieden" in again
    assert AuditEntry.objects.filter(action="client.person_link").count() == entries
    assert (
        'data-testid="panel-person-link-requests"'
        not in http.get(reverse("dashboard")).content.decode()
    )


def test_declining_links_nothing(org) -> None:
    request = link_request_create(
        client=org.client_a, file_number=org.client_b.file_number, by=org.users["team_lead"]
    )
    lead_b = _lead(org.team_b)
    link_request_decide(request=request, accept=False, expected_version=1, by=lead_b)
    request.refresh_from_db()
    assert request.status == LinkStatus.DECLINED
    assert _fresh(org.client_a).person_key is None


def test_only_a_lead_of_the_target_team_decides(org, as_persona) -> None:
    request = link_request_create(
        client=org.client_a, file_number=org.client_b.file_number, by=org.users["team_lead"]
    )
    with pytest.raises(DomainError):
        link_request_decide(
            request=request, accept=True, expected_version=1, by=org.users["team_lead"]
        )
    # The requesting lead cannot reach it through either file.
    http = as_persona("team_lead")
    for client in (org.client_a, org.client_b):
        url = reverse("client_person_link_decide", args=[client.pk, request.pk])
        assert http.post(url, {"decision": "accept", "version": 1}).status_code == 404
    counsellor_b = as_persona("stranger")  # a counsellor of team B, not its lead
    url = reverse("client_person_link_decide", args=[org.client_b.pk, request.pk])
    assert counsellor_b.post(url, {"decision": "accept", "version": 1}).status_code == 403
    request.refresh_from_db()
    assert request.status == LinkStatus.PENDING


def test_the_requester_withdraws_and_a_late_decision_is_refused(org, as_persona) -> None:
    request = link_request_create(
        client=org.client_a, file_number=org.client_b.file_number, by=org.users["team_lead"]
    )
    response = as_persona("team_lead").post(
        reverse("client_person_link_withdraw", args=[org.client_a.pk, request.pk]),
        {"version": request.version},
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == LinkStatus.WITHDRAWN
    with pytest.raises(ConflictError):
        link_request_decide(request=request, accept=True, expected_version=1, by=_lead(org.team_b))
    with pytest.raises(ConflictError):
        link_request_withdraw(request=request, expected_version=2, by=org.users["team_lead"])
    assert _fresh(org.client_b).person_key is None


def test_the_overview_shows_the_link_to_the_team_and_the_undo_to_its_lead(org, as_persona):
    link_files(files=[org.client_a, org.client_b], by=org.users["team_lead"])
    detail = reverse("client_detail", args=[org.client_a.pk])
    seen = as_persona("counsellor").get(detail).content.decode()
    assert "als dieselbe Person verknüpft" in seen
    assert 'data-testid="person-link-unlink"' not in seen
    assert 'data-testid="person-link-request-form"' not in seen
    lead = as_persona("team_lead")
    assert 'data-testid="person-link-unlink"' in lead.get(detail).content.decode()
    response = lead.post(reverse("client_person_link_unlink", args=[org.client_a.pk]))
    assert response.status_code == 302
    assert _fresh(org.client_a).person_key is None
    assert _fresh(org.client_b).person_key is None


def test_an_unlinked_file_shows_no_panel_to_a_counsellor(org, as_persona) -> None:
    page = as_persona("counsellor").get(reverse("client_detail", args=[org.client_a.pk]))
    assert 'data-testid="person-link"' not in page.content.decode()


# --- access per role ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("team_lead", 302),
        ("counsellor", 403),  # may open the file, may not ask for a link
        ("reader", 403),
        ("stranger", 404),  # a counsellor of team B never learns the file exists
        ("coordinator", 404),
        ("statistics", 404),
        ("dpo", 404),
        ("admin", 404),
        ("anonymous", 302),
    ],
)
def test_asking_for_a_link_per_role(org, as_persona, persona, status) -> None:
    response = as_persona(persona).post(
        reverse("client_person_link_request", args=[org.client_a.pk]),
        {"file_number": org.client_b.file_number, "confirmed": "on"},
    )
    assert response.status_code == status
    assert PersonLinkRequest.objects.exists() == (persona == "team_lead")


def test_a_lead_of_another_team_gets_404_on_the_file(org) -> None:
    lead_b = sign_in(HttpClient(), _lead(org.team_b))
    for name in ("client_person_link_request", "client_person_link_unlink"):
        response = lead_b.post(reverse(name, args=[org.client_a.pk]), {"confirmed": "on"})
        assert response.status_code == 404


@pytest.mark.parametrize("persona", ["counsellor", "reader", "stranger", "anonymous"])
def test_only_the_lead_unlinks(org, as_persona, persona) -> None:
    link_files(files=[org.client_a, org.client_b], by=org.users["team_lead"])
    response = as_persona(persona).post(
        reverse("client_person_link_unlink", args=[org.client_a.pk])
    )
    assert response.status_code in (302, 403, 404)
    if persona == "anonymous":
        assert "/accounts/login/" in response["Location"]
    assert _fresh(org.client_a).person_key is not None


# --- intake ---------------------------------------------------------------------------------


def _counsellor_of_both(org: Org):  # type: ignore[no-untyped-def]
    user = make_user("both@test.invalid")
    Membership.objects.create(user=user, team=org.team_a, role=Role.COUNSELLOR)
    Membership.objects.create(user=user, team=org.team_b, role=Role.COUNSELLOR)
    return sign_in(HttpClient(), user)


def _intake_data(org: Org, **extra: object) -> dict[str, object]:
    return client_form_data(
        team=org.team_a.pk,
        first_name="Oleksandr",
        last_name="Kowalenko",
        birth_date="02.01.2004",
        **extra,
    )


def test_intake_offers_to_link_a_file_of_another_team(org) -> None:
    http = _counsellor_of_both(org)
    response = http.post(reverse("client_create"), _intake_data(org))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Dieselbe Person – in einem anderen Dienst beraten: Akten verknüpfen" in body
    assert f'name="link_to" value="{org.client_b.pk}"' in body
    created = http.post(reverse("client_create"), _intake_data(org, link_to=org.client_b.pk))
    assert created.status_code == 302
    new = Client.objects.filter(team=org.team_a).exclude(pk=org.client_a.pk).get()
    assert new.person_key is not None
    assert new.person_key == _fresh(org.client_b).person_key
    assert _entries("client.person_link", new) == 1


def test_intake_links_only_this_checks_candidates_and_keeps_same_team_rules(org) -> None:
    http = _counsellor_of_both(org)
    # A tampered id (client A is no candidate for this name) links nothing and creates nothing.
    response = http.post(reverse("client_create"), _intake_data(org, link_to=org.client_a.pk))
    assert response.status_code == 200
    assert Client.objects.filter(team=org.team_a).count() == 1
    # A candidate in the chosen team itself: no link offered, the old confirmation needed.
    data = client_form_data(
        team=org.team_b.pk, first_name="Oleksandr", last_name="Kowalenko", birth_date="02.01.2004"
    )
    body = http.post(reverse("client_create"), {**data, "link_to": org.client_b.pk})
    assert 'name="link_to"' not in body.content.decode()
    assert "zu derselben Person gehören könnten" in body.content.decode()
    assert Client.objects.filter(team=org.team_b).count() == 1
    assert _fresh(org.client_b).person_key is None


def test_the_team_lead_of_one_team_alone_is_offered_no_link(org, as_persona) -> None:
    """The duplicate check searches the user's own teams only: nothing of team B shows."""
    response = as_persona("team_lead").post(reverse("client_create"), _intake_data(org))
    assert 'name="link_to"' not in response.content.decode()


# --- merge, erasure, subject access ---------------------------------------------------------


def test_merge_hands_the_key_to_a_survivor_without_one_and_withdraws_requests(org) -> None:
    source = _file(org.team_a, "Amira", "Haddad")
    key = link_files(files=[source, org.client_b], by=org.users["team_lead"])
    c = _file(_team(org, "Team C"))
    pending = link_request_create(
        client=source, file_number=c.file_number, by=org.users["team_lead"]
    )
    client_merge(source=_fresh(source), target=_fresh(org.client_a))
    assert _fresh(org.client_a).person_key == key
    assert _fresh(source).person_key is None
    assert _fresh(org.client_b).person_key == key
    pending.refresh_from_db()
    assert pending.status == LinkStatus.WITHDRAWN


def test_merge_of_two_linked_files_unifies_their_keys(org) -> None:
    lead = org.users["team_lead"]
    source = _file(org.team_a, "Amira", "Haddad")
    c = _file(_team(org, "Team C"))
    kept = link_files(files=[org.client_a, org.client_b], by=lead)
    gone = link_files(files=[source, c], by=lead)
    assert kept != gone
    client_merge(source=_fresh(source), target=_fresh(org.client_a))
    assert _fresh(c).person_key == kept
    assert _fresh(source).person_key is None
    assert not Client.objects.filter(person_key=gone).exists()


def test_anonymising_clears_the_key_and_the_other_file_counts_alone(org) -> None:
    link_files(files=[org.client_a, org.client_b], by=org.users["team_lead"])
    c = _file(_team(org, "Team C"))
    pending = link_request_create(
        client=org.client_a, file_number=c.file_number, by=org.users["team_lead"]
    )
    anonymise_client(_fresh(org.client_a), reason="test")
    assert _fresh(org.client_a).person_key is None
    assert _fresh(org.client_b).person_key is None
    pending.refresh_from_db()
    assert pending.status == LinkStatus.WITHDRAWN


def test_anonymising_one_of_three_keeps_the_other_two_linked(org) -> None:
    c = _file(_team(org, "Team C"))
    key = link_files(files=[org.client_a, org.client_b, c], by=org.users["team_lead"])
    anonymise_client(_fresh(c), reason="test")
    assert _fresh(org.client_a).person_key == _fresh(org.client_b).person_key == key


def test_subject_access_says_only_whether_a_link_exists(org) -> None:
    label = str(LINKED_LABEL)
    assert subject_access_data(_fresh(org.client_a))["person"][label] is False
    key = link_files(files=[org.client_a, org.client_b], by=org.users["team_lead"])
    link_request_create(
        client=org.client_a,
        file_number=_file(_team(org, "Team C")).file_number,
        by=org.users["team_lead"],
    )
    data = subject_access_data(_fresh(org.client_a))
    assert data["person"][label] is True
    text = repr(data)
    assert str(key) not in text
    assert org.client_b.file_number not in text
    assert not any("Verknüpfung" in s or "link" in s.lower() for s in data["records"])
    with translation.override("tr"):
        rows = dict(letter_sections(_fresh(org.client_a), "tr")["person"])
        yes = pgettext("client document", "yes")
    assert rows["Başka bir hizmetteki bir dosyayla bağlantılı"] == [yes]


# --- demo -----------------------------------------------------------------------------------


class _DemoContext:
    def __init__(self, org: Org) -> None:
        self.teams = {"mbe": org.team_a, "jmd": org.team_b}
        self.seed = 7


def test_demo_links_young_jmd_clients_with_an_mbe_file_once(org) -> None:
    today = date.today()
    for i in range(8):
        born = date(today.year - 19 - i % 6, 3, 1 + i)
        _file(org.team_b, f"Jung{i}", "Demo", born)
    _file(org.team_b, "Kind", "Demo", date(today.year - 14, 1, 1))  # too young for the MBE
    assert demo_person_links(_DemoContext(org)) == {"person_links_created": 5}
    linked = Client.objects.filter(person_key__isnull=False)
    assert linked.count() == 10
    for key in set(linked.values_list("person_key", flat=True)):
        pair = list(Client.objects.filter(person_key=key))
        assert {c.team_id for c in pair} == {org.team_a.pk, org.team_b.pk}
        assert len({(c.first_name, c.last_name, c.birth_date) for c in pair}) == 1
        assert pair[0].first_name != "Kind"
    assert demo_person_links(_DemoContext(org)) == {"person_links_created": 0}


def test_the_dashboard_panel_costs_one_query_and_shows_at_most_20(org) -> None:
    lead_b = _lead(org.team_b)
    http = sign_in(HttpClient(), lead_b)
    with CaptureQueriesContext(connection) as empty:
        assert http.get(reverse("dashboard")).status_code == 200
    team_c = _team(org, "Team C", kind=ServiceKind.MBE)
    requester = _lead(team_c, "lead-c@test.invalid")
    for i in range(25):
        source = _file(team_c, f"Person{i}", "Demo")
        link_request_create(client=source, file_number=org.client_b.file_number, by=requester)
    with CaptureQueriesContext(connection) as full:
        page = http.get(reverse("dashboard")).content.decode()
    assert page.count('data-testid="person-link-request-row"') == 20
    # The panel's one query runs for every lead, with or without requests.
    assert len(full.captured_queries) == len(empty.captured_queries)
    linking = [q for q in full.captured_queries if "clients_personlinkrequest" in q["sql"]]
    assert len(linking) == 1
