"""Client.last_contact_on (services/last_contact.py): every way a contact is written keeps the
file's newest contact date, recounted from the contacts — the working list's "last contact
older than" reads nothing else."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from lotse.clients.models import Client, CounsellingContact
from lotse.clients.services import ClientData, client_create
from lotse.clients.services import last_contact as last_contact_module
from lotse.clients.services.clients import client_merge
from lotse.clients.services.last_contact import (
    last_contact_deferred,
    last_contact_refresh,
    last_contact_refresh_all,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _contact(client: Client, counsellor, days_ago: int) -> CounsellingContact:
    return CounsellingContact.objects.create(
        client=client,
        date=TODAY - timedelta(days=days_ago),
        duration_minutes=30,
        form="in_person",
        counsellor=counsellor,
    )


def _kept(client: Client):
    return Client.objects.values_list("last_contact_on", flat=True).get(pk=client.pk)


def test_saved_changed_and_deleted_contacts_keep_the_newest_date(org) -> None:
    client, counsellor = org.client_a, org.users["counsellor"]
    assert _kept(client) is None
    old = _contact(client, counsellor, 400)
    assert _kept(client) == TODAY - timedelta(days=400)
    new = _contact(client, counsellor, 10)
    _contact(client, counsellor, 200)  # older than the newest: changes nothing
    assert _kept(client) == TODAY - timedelta(days=10)
    new.date = TODAY - timedelta(days=500)  # the newest moved back
    new.save()
    assert _kept(client) == TODAY - timedelta(days=200)
    CounsellingContact.objects.filter(date=TODAY - timedelta(days=200)).delete()
    assert _kept(client) == TODAY - timedelta(days=400)
    old.delete()
    new.delete()
    assert _kept(client) is None


def test_a_file_saved_from_an_older_copy_keeps_the_date(org) -> None:
    stale = Client.objects.get(pk=org.client_a.pk)  # loaded before the contact
    _contact(org.client_a, org.users["counsellor"], 3)
    stale.pseudonym = "Mo"
    stale.save()
    assert _kept(org.client_a) == TODAY - timedelta(days=3)
    assert Client.objects.get(pk=org.client_a.pk).pseudonym == "Mo"


def test_merge_gives_the_target_the_newer_of_both(org) -> None:
    counsellor = org.users["counsellor"]
    source = client_create(team=org.team_a, data=ClientData(first_name="Dup", last_name="K"))
    _contact(org.client_a, counsellor, 300)
    _contact(source, counsellor, 5)
    client_merge(source=source, target=org.client_a)
    assert _kept(org.client_a) == TODAY - timedelta(days=5)
    assert _kept(source) is None


def test_bulk_writes_are_recounted_by_the_refresh(org) -> None:
    counsellor = org.users["counsellor"]
    CounsellingContact.objects.bulk_create(  # no signal: as the demo and an import write
        [
            CounsellingContact(
                client=org.client_a,
                date=TODAY - timedelta(days=d),
                duration_minutes=30,
                form="in_person",
                counsellor=counsellor,
            )
            for d in (40, 8)
        ]
    )
    assert _kept(org.client_a) is None
    assert last_contact_refresh([org.client_a.pk, None]) == 1
    assert _kept(org.client_a) == TODAY - timedelta(days=8)
    Client.objects.filter(pk=org.client_a.pk).update(last_contact_on=None)
    last_contact_refresh_all()
    assert _kept(org.client_a) == TODAY - timedelta(days=8)
    assert _kept(org.client_b) is None


def test_deferred_recounts_each_file_once_at_the_end(org, django_assert_num_queries) -> None:
    client, counsellor = org.client_a, org.users["counsellor"]
    contacts = [_contact(client, counsellor, days) for days in (5, 50, 500)]
    assert _kept(client) == TODAY - timedelta(days=5)
    with last_contact_deferred():
        for contact in contacts[:2]:
            contact.delete()
        assert _kept(client) == TODAY - timedelta(days=5), "not yet recounted"
        with django_assert_num_queries(0):
            last_contact_module._contact_written(CounsellingContact, contacts[2])
    assert _kept(client) == TODAY - timedelta(days=500)
    contacts[2].delete()  # outside: recounted at once again
    assert _kept(client) is None
