from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from lotse.accounts.models import Membership, User
from lotse.clients.models import Client
from lotse.demo.data import DEMO_USERS, build_demo

pytestmark = pytest.mark.django_db


@override_settings(DEMO_ALLOWED=True)
def test_demo_builds_the_seed_centre_and_rerunning_is_harmless() -> None:
    first = build_demo(clients=10)
    assert first["clients_created"] == 10
    counts = (User.objects.count(), Membership.objects.count(), Client.objects.count())
    second = build_demo(clients=10)
    assert second["clients_created"] == 0
    assert (User.objects.count(), Membership.objects.count(), Client.objects.count()) == counts
    assert counts[0] == len(DEMO_USERS)
    arabic = User.objects.get(email=DEMO_USERS[0].email)
    assert arabic.fte == 1 and set(arabic.language_list) == {"ar", "fr", "de"}
    turkish = User.objects.get(email=DEMO_USERS[1].email)
    assert float(turkish.fte) == 0.5 and set(turkish.language_list) == {"tr", "en", "de"}


def test_demo_is_refused_outside_development() -> None:
    with pytest.raises(CommandError, match="LOTSE_DEBUG"):
        call_command("demo")
    with pytest.raises(CommandError, match="LOTSE_DEBUG"):
        call_command("demo_code")
