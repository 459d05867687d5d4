"""The client's timeline ("Verlauf"): every phase of the file in one list, newest first."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse

from lotse.clients.models import Consent, EligibilityDecision, Intake, TopicCatalogue
from lotse.clients.selectors import contacts as selectors_contacts
from lotse.clients.selectors.contacts import TimelineEntry, client_timeline, timeline_source
from lotse.clients.services.contacts import contact_create


def record_history(org) -> None:
    """A small file: intake and assessment, consent given and withdrawn, two contacts."""
    client, counsellor = org.client_a, org.users["counsellor"]
    decision = EligibilityDecision.objects.create(
        client=client,
        decided_on=date(2025, 1, 8),
        inputs={},
        mbe="eligible",
        mbe_basis="new_arrival",
        jmd="not_eligible",
        rule_set="2025-1",
        rule="mbe.new_arrival",
        explanation_de="x",
        explanation_en="x",
        decided_by=counsellor,
    )
    Intake.objects.create(
        client=client,
        service="mbe",
        date=date(2025, 1, 8),
        access_channel="walk_in",
        outcome="counselling",
        eligibility=decision,
        counsellor=counsellor,
    )
    Consent.objects.create(
        client=client,
        informed_on=date(2025, 1, 8),
        information_language="ar",
        informed_by=counsellor,
        written=True,
        signed_on=date(2025, 1, 9),
        withdrawn_on=date(2025, 6, 1),
    )
    topics = TopicCatalogue.objects.in_force(date(2025, 1, 1)).topics.filter(code="housing")
    for on in (date(2025, 2, 3), date(2025, 7, 14)):
        contact_create(
            client=client,
            counsellor=counsellor,
            date=on,
            duration_minutes=30,
            form="phone",
            kind="client",
            language="de",
            interpreter="none",
            topics=topics,
            notes="geheim",
            next_steps="",
            follow_up_on=None,
        )
    # Another client's history never shows up.
    contact_create(
        client=org.client_b,
        counsellor=org.users["stranger"],
        date=date(2025, 8, 1),
        duration_minutes=30,
        form="phone",
        kind="client",
        language="de",
        interpreter="none",
        topics=topics,
        notes="",
        next_steps="",
        follow_up_on=None,
    )


def test_timeline_is_newest_first_across_all_kinds(org) -> None:
    record_history(org)
    entries = client_timeline(org.client_a, org.users["counsellor"])
    assert [(e.on, e.kind) for e in entries] == [
        (date(2025, 7, 14), "contact"),
        (date(2025, 6, 1), "consent_withdrawn"),
        (date(2025, 2, 3), "contact"),
        (date(2025, 1, 9), "consent_given"),
        # Same day: the later recorded first (the intake was saved after the assessment).
        (date(2025, 1, 8), "intake"),
        (date(2025, 1, 8), "eligibility"),
    ]
    assert all(e.url for e in entries if e.kind == "contact")
    assert not any("geheim" in e.summary for e in entries)  # notes stay in the contact list


def test_other_apps_can_add_entries(org, monkeypatch) -> None:
    monkeypatch.setattr(
        selectors_contacts, "_timeline_sources", dict(selectors_contacts._timeline_sources)
    )

    @timeline_source("referrals")
    def referrals(client, user):
        yield TimelineEntry(on=date(2030, 1, 1), kind="referral", label="R", summary="to X")

    assert [e.kind for e in client_timeline(org.client_a, org.users["counsellor"])] == ["referral"]


def test_timeline_page_shows_the_entries_to_readers(org, as_persona) -> None:
    record_history(org)
    url = reverse("client_timeline", args=[org.client_a.pk])
    response = as_persona("reader").get(url)
    assert response.status_code == 200
    html = response.content.decode()
    kinds = re.findall(r'data-kind="([a-z_]+)"', html)
    assert kinds[0] == "contact" and kinds[-1] == "eligibility" and len(kinds) == 6
    assert "14.07.2025" in html


@pytest.mark.parametrize("persona", ["stranger", "dpo"])
def test_timeline_is_closed_to_others(org, as_persona, persona) -> None:
    url = reverse("client_timeline", args=[org.client_a.pk])
    assert as_persona(persona).get(url).status_code == 404


def test_empty_timeline_says_what_will_appear(org, as_persona) -> None:
    url = reverse("client_timeline", args=[org.client_a.pk])
    assert 'data-testid="timeline-empty"' in as_persona("counsellor").get(url).content.decode()
