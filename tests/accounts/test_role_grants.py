"""Issue #15, item 1: the administrator never reaches client data.

Roles with client data are proposed by an administrator and confirmed by a team lead of the
team (re-authenticated, never the person concerned or the proposer); an administrator account
never holds such a role, and a membership row that says otherwise opens nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from io import StringIO

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from lotse.access_policy import POLICY
from lotse.accounts.models import Membership, RoleGrant, RoleGrantStatus, User
from lotse.accounts.roles import Role
from lotse.accounts.services import (
    ADMINISTRATOR_MAY_NOT_HOLD,
    may_decide,
    membership_grant,
    role_grant_confirm,
    role_grant_refuse,
    role_grants_expire,
    role_propose,
)
from lotse.appointments.selectors import counsellors_of_centre
from lotse.audit.models import AuditEntry
from lotse.clients.models import Client
from lotse.common.errors import DomainError
from lotse.ops.testusers import CRASH_EMAIL
from lotse_testing import PASSWORD, TOTP_SECRET, Org, make_user, sign_in
from test_access_matrix import _sample

# Every page a counsellor of team A opens with a GET: the pages that show client data.
CLIENT_PAGES = sorted(
    name
    for name, rule in POLICY.items()
    if rule.method == "get" and rule.expected["counsellor"] == 200 and rule.expected["admin"] != 200
)


@pytest.fixture(autouse=True)
def _fresh_cache(db: None) -> None:
    cache.clear()  # re-authentication is rate-limited per user


def says(message: str) -> str:
    """A ``match`` pattern for a refusal, in whatever language the test runs."""
    return re.escape(gettext(message))


NOT_OPEN = "This proposal is no longer open."
OWN = "Nobody decides a role they proposed or that is proposed for them."


def reauthenticated(user: User) -> HttpClient:
    http = sign_in(HttpClient(), user)
    assert http.post(reverse("account_reauthenticate"), {"password": PASSWORD}).status_code == 302
    return http


def client_urls(org: Org) -> dict[str, str]:
    """One URL per client page, its samples made once (some makers cannot run twice)."""
    return {
        name: reverse(name, kwargs={k: _sample(org, v) for k, v in POLICY[name].kwargs.items()})
        for name in CLIENT_PAGES
    }


def client_pages_reached(urls: dict[str, str], user: User) -> list[str]:
    """The client pages ``user`` gets a 200 for, or that show a client's name."""
    user = User.objects.get(pk=user.pk)  # no cached roles
    http = sign_in(HttpClient(), user)
    reached = []
    for name, url in urls.items():
        response = http.get(url)
        body = response.content.decode(errors="replace")
        if response.status_code == 200 or "Haddad" in body or "Kowalenko" in body:
            reached.append(name)
        assert response.status_code in {403, 404}, f"{name}: {response.status_code}"
    if Client.objects.visible_to(user).exists():
        reached.append("Client.objects.visible_to")
    return reached


def propose(org: Org, user: User, role: str = Role.COUNSELLOR, **extra: object) -> RoleGrant:
    return role_propose(
        user=user,
        team=extra.pop("team", org.team_a),  # type: ignore[arg-type]
        role=role,
        read_only=bool(extra.pop("read_only", False)),
        proposed_by=org.users["admin"],
    )


def test_client_pages_are_the_ones_counsellors_open() -> None:
    assert {"client_list", "client_detail", "client_contacts", "client_timeline"} <= set(
        CLIENT_PAGES
    )


# --- the administrator's paths: each must end with 0 client pages ---------------------------


def path_own_account_ui(org: Org) -> list[User]:
    admin = org.users["admin"]
    http = reauthenticated(admin)
    for role in (Role.COUNSELLOR, Role.TEAM_LEAD, Role.VOLUNTEER_COORDINATOR):
        response = http.post(
            reverse("user_roles", args=[admin.pk]), {"team": org.team_a.pk, "role": role}
        )
        assert response.status_code == 200
        assert str(ADMINISTRATOR_MAY_NOT_HOLD) in response.context["form"].non_field_errors()
    assert not RoleGrant.objects.filter(user=admin).exists()
    return [admin]


def path_own_account_shell(org: Org) -> list[User]:
    """A management command or the shell writes the rows directly."""
    admin = org.users["admin"]
    Membership.objects.create(user=admin, team=org.team_a, role=Role.COUNSELLOR)
    Membership.objects.create(user=admin, team=org.team_b, role=Role.TEAM_LEAD)
    assert Membership.all_objects.filter(user=admin).count() == 3
    assert not admin.has_role(Role.COUNSELLOR, Role.TEAM_LEAD)
    return [admin]


def path_second_account(org: Org) -> list[User]:
    admin = org.users["admin"]
    http = reauthenticated(admin)
    http.post(
        reverse("user_create"),
        {"full_name": "Zweit", "email": "zweit@test.invalid", "fte": "1", "password": PASSWORD},
    )
    second = User.objects.get(email="zweit@test.invalid")
    TOTP.activate(second, TOTP_SECRET)
    http.post(
        reverse("user_roles", args=[second.pk]), {"team": org.team_a.pk, "role": "counsellor"}
    )
    grant = RoleGrant.objects.get(user=second)
    assert grant.status == RoleGrantStatus.PROPOSED
    assert not Membership.all_objects.filter(user=second, role=Role.COUNSELLOR).exists()
    # Neither the proposer nor the account concerned can confirm.
    confirm = reverse("role_grant_confirm", args=[grant.pk])
    assert http.post(confirm).status_code == 404
    assert reauthenticated(second).post(confirm).status_code == 403
    # A third account made administrator cannot confirm either: the organisation has a team lead.
    http.post(
        reverse("user_create"),
        {"full_name": "Dritt", "email": "dritt@test.invalid", "fte": "1", "password": PASSWORD},
    )
    third = User.objects.get(email="dritt@test.invalid")
    TOTP.activate(third, TOTP_SECRET)
    http.post(
        reverse("user_roles", args=[third.pk]), {"team": org.team_a.pk, "role": "administrator"}
    )
    assert third.has_role(Role.ADMINISTRATOR)
    assert reauthenticated(third).post(confirm).status_code == 404
    # The second account cannot be made administrator while it waits for a client role.
    http.post(
        reverse("user_roles", args=[second.pk]), {"team": org.team_a.pk, "role": "administrator"}
    )
    assert not Membership.all_objects.filter(user=second, role=Role.ADMINISTRATOR).exists()
    grant.refresh_from_db()
    assert grant.status == RoleGrantStatus.PROPOSED
    return [admin, second, third]


def path_edit_membership(org: Org) -> list[User]:
    admin = org.users["admin"]
    http = reauthenticated(admin)
    http.post(
        reverse("user_roles", args=[admin.pk]),
        {"team": org.team_a.pk, "role": Role.STATISTICS_OFFICER},
    )
    membership = Membership.objects.get(user=admin, role=Role.STATISTICS_OFFICER)
    # No page edits a membership; the shell does.
    Membership.all_objects.filter(pk=membership.pk).update(role=Role.COUNSELLOR, read_only=False)
    # Widening a read-only row is a proposal too, refused for an administrator account.
    with pytest.raises(DomainError):
        propose(org, admin)
    return [admin]


def path_change_team(org: Org) -> list[User]:
    admin = org.users["admin"]
    Membership.objects.create(user=admin, team=org.team_b, role=Role.COUNSELLOR)
    Membership.all_objects.filter(user=admin, role=Role.COUNSELLOR).update(team=org.team_a)
    Membership.all_objects.filter(user=admin, role=Role.ADMINISTRATOR).update(team=org.team_b)
    return [admin]


def path_reactivate_old_membership(org: Org) -> list[User]:
    admin = org.users["admin"]
    second = make_user("zweit@test.invalid")
    grant = propose(org, second)
    role_grant_confirm(grant=grant, confirmed_by=org.users["team_lead"])
    assert Client.objects.visible_to(second).exists()
    http = reauthenticated(admin)
    # Holding a client role, the account cannot become administrator …
    with pytest.raises(DomainError):
        membership_grant(user=second, team=org.team_a, role=Role.ADMINISTRATOR, read_only=False)
    # … so the administrator revokes it first, then makes it administrator.
    counselling = Membership.objects.get(user=second, role=Role.COUNSELLOR)
    assert http.post(reverse("membership_revoke", args=[counselling.pk])).status_code == 302
    grant.refresh_from_db()
    assert grant.status == RoleGrantStatus.REVOKED
    http.post(
        reverse("user_roles", args=[second.pk]), {"team": org.team_a.pk, "role": "administrator"}
    )
    # Changed in other requests: a user object read afresh sees it (as the next request does).
    second = User.objects.get(pk=second.pk)
    assert second.has_role(Role.ADMINISTRATOR)
    # The old grant cannot be confirmed again, a new one cannot be proposed …
    with pytest.raises(DomainError):
        role_grant_confirm(grant=grant, confirmed_by=org.users["team_lead"])
    with pytest.raises(DomainError):
        propose(org, second)
    # … and the old row put back by hand opens nothing; neither does re-activating the account.
    Membership.objects.create(user=second, team=org.team_a, role=Role.COUNSELLOR)
    second.is_active = False
    second.save()
    second.is_active = True
    second.save()
    return [admin, second]


def path_management_command(org: Org) -> list[User]:
    admin = org.users["admin"]
    admin.email = CRASH_EMAIL
    admin.save()
    with pytest.raises(CommandError, match=re.escape(str(ADMINISTRATOR_MAY_NOT_HOLD))):
        call_command("crashtest_user", "--i-know-this-is-a-scratch-database")
    assert not Membership.all_objects.filter(user=admin, role=Role.COUNSELLOR).exists()
    return [admin]


PATHS: dict[str, Callable[[Org], list[User]]] = {
    "own account, roles page": path_own_account_ui,
    "own account, shell or command": path_own_account_shell,
    "second account": path_second_account,
    "editing a membership": path_edit_membership,
    "changing a team": path_change_team,
    "re-activating an old membership": path_reactivate_old_membership,
    "management command": path_management_command,
}


@pytest.mark.parametrize("path", sorted(PATHS))
def test_administrator_reaches_no_client_page(path: str, org: Org) -> None:
    users = PATHS[path](org)
    urls = client_urls(org)
    for user in users:
        assert client_pages_reached(urls, user) == [], f"{path}: {user.email}"


# --- the grant itself ------------------------------------------------------------------------


def test_confirmed_grant_opens_client_files_and_is_audited(org: Org) -> None:
    newcomer = make_user("neu@test.invalid")
    admin_http = reauthenticated(org.users["admin"])
    admin_http.post(
        reverse("user_roles", args=[newcomer.pk]), {"team": org.team_a.pk, "role": "counsellor"}
    )
    grant = RoleGrant.objects.get(user=newcomer)
    assert grant.expires_at - grant.proposed_at == timedelta(days=7)
    staff = admin_http.get(reverse("user_list"))
    assert grant in staff.context["pending_grants"]
    newcomer_http = sign_in(HttpClient(), newcomer)
    assert newcomer_http.get(reverse("client_detail", args=[org.client_a.pk])).status_code == 404

    lead = sign_in(HttpClient(), org.users["team_lead"])
    listing = lead.get(reverse("role_grant_list"))
    assert grant.pk in listing.context["decidable"]
    confirm = reverse("role_grant_confirm", args=[grant.pk])
    response = lead.post(confirm)  # re-authentication first
    assert reverse("account_reauthenticate") in response["Location"]
    assert not Membership.objects.filter(user=newcomer).exists()
    lead.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert lead.post(confirm).status_code == 302

    grant.refresh_from_db()
    assert grant.status == RoleGrantStatus.CONFIRMED
    assert grant.decided_by == org.users["team_lead"] and grant.decided_at is not None
    newcomer_http = sign_in(HttpClient(), User.objects.get(pk=newcomer.pk))
    response = newcomer_http.get(reverse("client_detail", args=[org.client_a.pk]))
    assert response.status_code == 200 and "Haddad" in response.content.decode()
    actions = dict(
        AuditEntry.objects.filter(action__startswith="role").values_list("action", "actor_id")
    )
    assert actions["role_grant.proposed"] == org.users["admin"].pk
    assert actions["role_grant.confirmed"] == org.users["team_lead"].pk
    assert "role.granted" in actions
    # The data-protection officer sees the history.
    dpo = sign_in(HttpClient(), org.users["dpo"]).get(reverse("role_grant_list"))
    assert grant in dpo.context["decided_grants"]


def test_widening_a_read_only_membership_needs_confirmation(org: Org) -> None:
    reader = org.users["reader"]
    grant = propose(org, reader, read_only=False)
    assert Membership.objects.get(user=reader).read_only
    role_grant_confirm(grant=grant, confirmed_by=org.users["team_lead"])
    assert not Membership.objects.get(user=reader).read_only
    with pytest.raises(DomainError):
        propose(org, reader)  # nothing left to widen


def test_nobody_confirms_their_own_grant(org: Org) -> None:
    lead = org.users["team_lead"]
    grant = propose(org, lead)  # the team lead, as counsellor of their own team
    with pytest.raises(DomainError, match=says(OWN)):
        role_grant_confirm(grant=grant, confirmed_by=lead)
    with pytest.raises(DomainError, match=says(OWN)):
        role_grant_confirm(grant=grant, confirmed_by=org.users["admin"])
    with pytest.raises(DomainError):
        role_grant_refuse(grant=grant, refused_by=lead)
    http = reauthenticated(lead)
    assert http.post(reverse("role_grant_confirm", args=[grant.pk])).status_code == 404
    assert not Membership.objects.filter(user=lead, role=Role.COUNSELLOR).exists()


def test_only_a_team_lead_of_that_team_decides(org: Org) -> None:
    Membership.objects.create(
        user=make_user("lead-b@test.invalid"), team=org.team_b, role="team_lead"
    )
    grant = propose(org, org.users["reader"], team=org.team_b)
    with pytest.raises(
        DomainError, match=says("Only a team lead of this team may decide this proposal.")
    ):
        role_grant_confirm(grant=grant, confirmed_by=org.users["team_lead"])  # leads team A
    with pytest.raises(DomainError):
        role_grant_confirm(grant=grant, confirmed_by=org.users["dpo"])


def test_refusal_is_final_and_audited(org: Org) -> None:
    grant = propose(org, org.users["stranger"])
    lead = sign_in(HttpClient(), org.users["team_lead"])
    assert lead.post(reverse("role_grant_refuse", args=[grant.pk])).status_code == 302
    grant.refresh_from_db()
    assert grant.status == RoleGrantStatus.REFUSED and grant.decided_by == org.users["team_lead"]
    assert AuditEntry.objects.filter(action="role_grant.refused").exists()
    with pytest.raises(DomainError, match=says(NOT_OPEN)):
        role_grant_confirm(grant=grant, confirmed_by=org.users["team_lead"])


def test_proposals_expire_after_seven_days(org: Org) -> None:
    grant = propose(org, org.users["stranger"])
    assert role_grants_expire(now=timezone.now() + timedelta(days=6, hours=23)) == 0
    assert role_grants_expire(now=timezone.now() + timedelta(days=7, minutes=1)) == 1
    grant.refresh_from_db()
    assert grant.status == RoleGrantStatus.EXPIRED
    assert AuditEntry.objects.filter(action="role_grant.expired").exists()
    with pytest.raises(DomainError, match=says(NOT_OPEN)):
        role_grant_confirm(grant=grant, confirmed_by=org.users["team_lead"])
    # An overdue proposal is found on confirmation too, without a separate run.
    late = propose(org, org.users["stranger"])
    RoleGrant.objects.filter(pk=late.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(DomainError, match=says(NOT_OPEN)):
        role_grant_confirm(grant=late, confirmed_by=org.users["team_lead"])
    assert not Membership.objects.filter(user=org.users["stranger"], team=org.team_a).exists()


def test_without_any_team_lead_a_second_administrator_confirms(org: Org) -> None:
    Membership.objects.filter(role=Role.TEAM_LEAD).delete()
    other_admin = make_user("admin2@test.invalid")
    Membership.objects.create(user=other_admin, team=org.team_a, role=Role.ADMINISTRATOR)
    grant = propose(org, org.users["stranger"])
    late_admin = make_user("admin3@test.invalid")
    Membership.objects.create(user=late_admin, team=org.team_a, role=Role.ADMINISTRATOR)
    with pytest.raises(DomainError):
        role_grant_confirm(grant=grant, confirmed_by=org.users["admin"])  # the proposer
    with pytest.raises(DomainError):
        role_grant_confirm(grant=grant, confirmed_by=late_admin)  # appointed after the proposal
    role_grant_confirm(grant=grant, confirmed_by=other_admin)
    assert Client.objects.visible_to(org.users["stranger"]).filter(pk=org.client_a.pk).exists()


def test_client_roles_are_never_granted_directly(org: Org) -> None:
    with pytest.raises(DomainError):
        membership_grant(
            user=org.users["statistics"], team=org.team_a, role=Role.COUNSELLOR, read_only=False
        )
    # Roles without client data keep the direct path.
    membership_grant(
        user=org.users["statistics"], team=org.team_b, role=Role.STATISTICS_OFFICER, read_only=False
    )


def test_roles_pages_show_dormant_rows_of_an_administrator(org: Org) -> None:
    admin = org.users["admin"]
    Membership.objects.create(user=admin, team=org.team_a, role=Role.COUNSELLOR)
    http = reauthenticated(admin)
    response = http.get(reverse("user_roles", args=[admin.pk]))
    assert len(response.context["dormant"]) == 1
    assert len(http.get(reverse("user_list")).context["dormant"]) == 1
    dormant = Membership.all_objects.get(user=admin, role=Role.COUNSELLOR)
    assert http.post(reverse("membership_revoke", args=[dormant.pk])).status_code == 302
    assert not Membership.all_objects.filter(pk=dormant.pk).exists()


def test_dormant_rows_make_no_counsellor_of_an_administrator(org: Org) -> None:
    admin = org.users["admin"]
    Membership.objects.create(user=admin, team=org.team_a, role=Role.COUNSELLOR)
    counsellors = set(counsellors_of_centre(org.centre))
    assert org.users["counsellor"] in counsellors and admin not in counsellors


def test_a_team_without_a_lead_gets_its_first_lead_from_another_teams_lead(org: Org) -> None:
    grant = propose(org, org.users["stranger"], role=Role.TEAM_LEAD, team=org.team_b)
    with pytest.raises(DomainError):
        role_grant_confirm(grant=grant, confirmed_by=org.users["admin"])
    role_grant_confirm(grant=grant, confirmed_by=org.users["team_lead"])  # leads team A
    assert org.users["stranger"].has_role(Role.TEAM_LEAD)


def test_an_administrator_made_in_the_application_is_no_second_confirmer(org: Org) -> None:
    """Without team leads, the admin makes another account an administrator and lets it
    confirm: refused — that account is the admin's own. Only one set up at installation may."""
    Membership.objects.filter(role=Role.TEAM_LEAD).delete()
    puppet = make_user("puppet@test.invalid")
    http = reauthenticated(org.users["admin"])
    response = http.post(
        reverse("user_roles", args=[puppet.pk]),
        {"team": org.team_b.pk, "role": Role.ADMINISTRATOR},
    )
    assert response.status_code == 302
    made = Membership.objects.get(user=puppet, role=Role.ADMINISTRATOR)
    assert made.granted_by == org.users["admin"]
    grant = propose(org, org.users["stranger"])
    assert not may_decide(grant, puppet)
    with pytest.raises(DomainError):
        role_grant_confirm(grant=grant, confirmed_by=puppet)
    assert not Client.objects.visible_to(org.users["stranger"]).filter(pk=org.client_a.pk).exists()


def test_an_administrator_withdraws_an_open_proposal(org: Org) -> None:
    grant = propose(org, org.users["stranger"])
    lead = reauthenticated(org.users["team_lead"])
    assert lead.post(reverse("role_grant_withdraw", args=[grant.pk])).status_code == 403
    admin = sign_in(HttpClient(), org.users["admin"])
    listed = admin.get(reverse("role_grant_list")).text
    assert reverse("role_grant_withdraw", args=[grant.pk]) in listed
    assert admin.post(reverse("role_grant_withdraw", args=[grant.pk])).status_code == 302
    grant.refresh_from_db()
    assert grant.status == RoleGrantStatus.WITHDRAWN
    assert AuditEntry.objects.filter(
        action="role_grant.withdrawn", object_id=str(grant.pk)
    ).exists()
    with pytest.raises(DomainError, match=says(NOT_OPEN)):
        role_grant_confirm(grant=grant, confirmed_by=org.users["team_lead"])
    # Withdrawn once is final; a second click only says so.
    assert admin.post(reverse("role_grant_withdraw", args=[grant.pk])).status_code == 302
    assert RoleGrant.objects.get(pk=grant.pk).status == RoleGrantStatus.WITHDRAWN


def test_reading_the_grant_list_writes_nothing_and_shows_overdue_proposals_as_expired(
    org: Org,
) -> None:
    grant = propose(org, org.users["stranger"])
    RoleGrant.objects.filter(pk=grant.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    http = sign_in(HttpClient(), org.users["dpo"])
    entries = AuditEntry.objects.count()
    response = http.get(reverse("role_grant_list"))
    assert response.context["open_grants"] == []
    assert [g.status_label for g in response.context["decided_grants"]] == [
        str(RoleGrantStatus.EXPIRED.label)
    ]
    assert RoleGrant.objects.get(pk=grant.pk).status == RoleGrantStatus.PROPOSED
    assert AuditEntry.objects.count() == entries
    out = StringIO()
    call_command("role_grants_expire", stdout=out)
    assert "Role proposals marked expired: 1" in out.getvalue()
    assert RoleGrant.objects.get(pk=grant.pk).status == RoleGrantStatus.EXPIRED
    assert AuditEntry.objects.filter(action="role_grant.expired").count() == 1
