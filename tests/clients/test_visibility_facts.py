"""The team rule of ``visible_to`` from the memberships read once per user object (issue #20):
one query fewer per page query, and still the memberships in force — at once for the user
object a membership is saved with, from the next request for everyone else."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lotse.accounts.models import Membership, User
from lotse.accounts.roles import Role
from lotse.cases.models import Case
from lotse.clients.models import Client
from lotse_testing import sign_in

pytestmark = pytest.mark.django_db


def test_the_rule_reads_the_memberships_once_and_queries_no_membership(org) -> None:
    user = User.objects.get(pk=org.users["counsellor"].pk)
    with CaptureQueriesContext(connection) as first:
        assert set(Client.objects.visible_to(user).values_list("pk", flat=True)) == {
            org.client_a.pk
        }
    with CaptureQueriesContext(connection) as again:
        Client.objects.visible_to(user).count()
        Case.objects.visible_to(user).count()
    assert len(first) == 2  # the memberships, then the files
    assert len(again) == 2
    assert all("accounts_membership" not in q["sql"] for q in again.captured_queries)


def test_a_membership_saved_or_deleted_with_the_user_object_counts_at_once(org) -> None:
    user = User.objects.get(pk=org.users["counsellor"].pk)
    assert not Client.objects.visible_to(user).filter(pk=org.client_b.pk).exists()
    membership = Membership.objects.create(user=user, team=org.team_b, role=Role.COUNSELLOR)
    assert Client.objects.visible_to(user).filter(pk=org.client_b.pk).exists()
    assert Client.objects.writable_by(user).filter(pk=org.client_b.pk).exists()
    membership.read_only = True
    membership.save()
    assert not Client.objects.writable_by(user).filter(pk=org.client_b.pk).exists()
    membership.delete()
    assert not Client.objects.visible_to(user).filter(pk=org.client_b.pk).exists()


def test_a_membership_removed_elsewhere_counts_from_the_next_request(org) -> None:
    http = sign_in(HttpClient(), org.users["counsellor"])
    page = reverse("client_detail", args=[org.client_a.pk])
    assert http.get(page).status_code == 200
    # Another administrator's request (another user object) ends the membership.
    Membership.objects.filter(user_id=org.users["counsellor"].pk, team=org.team_a).delete()
    assert http.get(page).status_code in (403, 404)
    assert not Client.objects.visible_to(User.objects.get(pk=org.users["counsellor"].pk))


def test_an_administrators_client_role_still_opens_nothing(org) -> None:
    admin = User.objects.get(pk=org.users["admin"].pk)
    Membership.all_objects.create(user=admin, team=org.team_a, role=Role.COUNSELLOR)
    fresh = User.objects.get(pk=admin.pk)
    assert not Client.objects.visible_to(fresh).exists()
    assert not Case.objects.visible_to(fresh).exists()
