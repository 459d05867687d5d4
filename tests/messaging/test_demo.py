"""The demo step gives consent to the clients of upcoming appointments and queues messages."""

from __future__ import annotations

import random

import pytest

from lotse.messaging.demo import demo_messaging
from lotse.messaging.models import ContactPreference, OutgoingMessage, State

from .helpers import appointment

pytestmark = pytest.mark.django_db


class _Context:
    def __init__(self) -> None:
        self.rng = random.Random(7)


def test_demo_queues_messages_and_gives_one_up(org, centre) -> None:
    appointment(org, org.client_a, days=3)
    appointment(org, org.client_b, days=4)
    counts = demo_messaging(_Context())
    assert counts == {"preferences_created": 2, "messages_queued": 4}
    assert ContactPreference.objects.count() == 2
    assert OutgoingMessage.objects.filter(state=State.FAILED).count() == 1
    assert demo_messaging(_Context())["preferences_created"] == 0  # runs once
