"""Plant a marker in client data, walk the client pages, and grep everything that was logged."""

from __future__ import annotations

import logging

import pytest
from django.urls import reverse

from lotse_testing import client_form_data

MARKER = "Zqxjmarker"


@pytest.fixture
def captured_logs():
    records: list[str] = []

    class Grab(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(self.format(record))

    handler = Grab(level=logging.DEBUG)
    root = logging.getLogger()
    previous = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield records
    root.removeHandler(handler)
    root.setLevel(previous)


def test_client_names_never_reach_the_logs(org, as_persona, captured_logs) -> None:
    http = as_persona("counsellor")
    created = http.post(
        reverse("client_create"),
        client_form_data(team=org.team_a.pk, first_name=MARKER, last_name=MARKER + "son"),
    )
    assert created.status_code == 302
    client_url = created["Location"]
    http.get(client_url)
    http.post(reverse("client_list"), {"q": MARKER[:5]}, follow=True)
    # A failed validation and a forbidden access are logged paths too.
    http.post(reverse("client_create"), client_form_data(first_name=MARKER, birth_date="x"))
    as_persona("stranger").get(client_url)
    assert captured_logs, "nothing was logged at all: the capture does not work"
    leaked = [line for line in captured_logs if MARKER.lower() in line.lower()]
    assert not leaked, leaked[:3]
