"""Who sees which volunteer: coordinators their teams', counsellors only the paired one."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lotse.accounts.models import Membership, User
from lotse.accounts.roles import Role
from lotse.audit.models import AuditEntry
from lotse.clients.models import Client
from lotse.organisation.models import Service, ServiceKind, Team
from lotse.volunteers.access import works_with_groups
from lotse.volunteers.models import Partnership, TandemPartner, Volunteer
from lotse.volunteers.states import PartnershipStatus
from volunteers.samples import make_partner, make_partnership, make_volunteer

pytestmark = pytest.mark.django_db


@pytest.fixture
def paired(org):
    """Volunteer A paired with client A; volunteer B unpaired; volunteer C of team B."""
    a = make_volunteer(org, first_name="Anna")
    b = make_volunteer(org, first_name="Bernd")
    c = make_volunteer(org, first_name="Carla", team=org.team_b, districts=[])
    partnership = make_partnership(org, a, make_partner(org, client=org.client_a))
    return {"a": a, "b": b, "c": c, "partnership": partnership}


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("coordinator", {"a", "b"}),
        ("team_lead", {"a", "b"}),
        ("counsellor", {"a"}),
        ("reader", {"a"}),
        ("stranger", set()),
        ("statistics", set()),
        ("dpo", set()),
        ("admin", set()),
    ],
)
def test_visible_volunteers_per_role(org, paired, persona, expected) -> None:
    visible = set(Volunteer.objects.visible_to(org.users[persona]))
    assert visible == {paired[key] for key in expected}


def test_nobody_manages_volunteers_of_other_teams_and_anonymous_sees_nothing(org, paired) -> None:
    from django.contrib.auth.models import AnonymousUser

    assert paired["c"] not in Volunteer.objects.managed_by(org.users["coordinator"])
    assert not Volunteer.objects.visible_to(AnonymousUser()).exists()
    assert not Volunteer.objects.managed_by(org.users["counsellor"]).exists()


def test_counsellor_loses_sight_when_the_partnership_ends(org, paired) -> None:
    from lotse.volunteers import services

    partnership = paired["partnership"]
    services.partnership_transition(
        partnership=partnership,
        target=PartnershipStatus.ENDED,
        expected_version=partnership.version,
        reason="goal_reached",
    )
    assert not Volunteer.objects.visible_to(org.users["counsellor"]).exists()


def test_coordinator_never_gains_the_client_file(org, paired, as_persona) -> None:
    coordinator = org.users["coordinator"]
    assert not Client.objects.visible_to(coordinator).exists()
    http = as_persona("coordinator")
    partner = TandemPartner.objects.get(client=org.client_a)
    for url in (
        reverse("partner_detail", args=[partner.pk]),
        reverse("partnership_detail", args=[paired["partnership"].pk]),
        reverse("partner_list"),
        reverse("volunteer_detail", args=[paired["a"].pk]),
    ):
        page = http.get(url).content.decode()
        assert org.client_a.file_number not in page
        assert f"/clients/{org.client_a.pk}/" not in page
        assert "Haddad" not in page  # the client's last name was never passed on
    assert http.get(reverse("client_detail", args=[org.client_a.pk])).status_code == 404


def test_counsellor_sees_only_the_pairing_not_the_coordination(org, paired, as_persona) -> None:
    http = as_persona("counsellor")
    response = http.get(reverse("volunteer_detail", args=[paired["a"].pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Anna" in page and org.client_a.file_number in page
    assert reverse("volunteer_edit", args=[paired["a"].pk]) not in page
    assert "training-progress" not in page
    assert http.get(reverse("volunteer_detail", args=[paired["b"].pk])).status_code == 404
    assert http.get(reverse("volunteer_list")).status_code == 403
    assert AuditEntry.objects.filter(
        action="volunteer.viewed", actor_id=org.users["counsellor"].pk
    ).exists()


def test_client_tab_shows_the_paired_volunteer_to_the_counsellor(org, paired, as_persona) -> None:
    response = as_persona("counsellor").get(
        reverse("partnership_client_tab", args=[org.client_a.pk])
    )
    assert response.status_code == 200
    assert "Anna" in response.content.decode()
    assert (
        as_persona("stranger")
        .get(reverse("partnership_client_tab", args=[org.client_a.pk]))
        .status_code
        == 404
    )


def test_scoped_lookups_answer_404_for_other_teams(org, as_persona) -> None:
    foreign = make_volunteer(org, team=org.team_b, districts=[])
    http = as_persona("coordinator")
    assert http.get(reverse("volunteer_detail", args=[foreign.pk])).status_code == 404
    assert http.get(reverse("volunteer_edit", args=[foreign.pk])).status_code == 404
    assert Partnership.objects.managed_by(org.users["coordinator"]).count() == 0


def test_group_work_in_the_menu_comes_from_the_memberships_read_once(org) -> None:
    """``works_with_groups`` (the menu's "Gruppenangebote", on every page) asks no query of
    its own (issue #20) and keeps its rule: a client team's counsellor, lead or coordinator,
    not an integration agency's coordinator, never an administrator."""
    agency = Team.objects.create(
        service=Service.objects.create(centre=org.centre, kind=ServiceKind.INTEGRATION_AGENCY),
        name="Integrationsagentur",
    )
    only_agency = User.objects.create_user(email="agentur@example.org", password="x" * 16)
    Membership.objects.create(user=only_agency, team=agency, role=Role.VOLUNTEER_COORDINATOR)
    expected = {"counsellor": True, "coordinator": True, "team_lead": True, "admin": False}
    for persona, works in expected.items():
        user = User.objects.get(pk=org.users[persona].pk)
        user.roles()  # the request's memberships, read once
        with CaptureQueriesContext(connection) as captured:
            assert works_with_groups(user) is works, persona
        assert captured.captured_queries == []
    assert works_with_groups(only_agency) is False
    # A client team added later counts at once for the user object it was saved with.
    Membership.objects.create(user=only_agency, team=org.team_a, role=Role.VOLUNTEER_COORDINATOR)
    assert works_with_groups(only_agency) is True
