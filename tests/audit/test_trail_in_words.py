"""The audit trail says what happened in German words, by whom and when (issue #19 §2)."""

from __future__ import annotations

import re
from datetime import date

from django.urls import reverse
from django.utils import translation

from lotse.audit.labels import ACTION_LABELS, action_label, detail_text
from lotse.audit.models import AuditEntry
from lotse.clients.models import CounsellingContact


def test_known_and_generic_actions_read_as_words() -> None:
    with translation.override("de"):
        assert action_label("client.viewed") == "Akte geöffnet"
        assert action_label("counsellingcontact.updated") == "Kontakt geändert"
        # A model event without a name of its own is named by its record.
        assert action_label("consent.created") == "Einwilligung angelegt"
        assert action_label("nothing.known") == "Sonstige Aktion"
        assert action_label("people.listed") == "Personen in einer Liste angezeigt"
        assert detail_text({"client_ids": [1, 2, 3], "page": "dashboard", "partial": True}) == (
            "Klient:innen: 3; Seite: dashboard; Teil einer Seite"
        )
    with translation.override("en"):
        assert action_label("client.viewed") == "File opened"


def test_every_label_is_translated_to_german() -> None:
    with translation.override("de"):
        german = {str(label) for label in ACTION_LABELS.values()}
    with translation.override("en"):
        english = {str(label) for label in ACTION_LABELS.values()}
    assert not german & english - {"Status"}, sorted(german & english)


def test_the_trail_page_shows_words_people_and_times(org, as_persona) -> None:
    counsellor = as_persona("counsellor")
    counsellor.get(reverse("client_detail", args=[org.client_a.pk]))
    contact = CounsellingContact.objects.create(
        client=org.client_a,
        date=date(2026, 3, 1),
        duration_minutes=45,
        form="in_person",
        notes="Notiz",
        counsellor=org.users["counsellor"],
    )
    contact.notes = "Andere Notiz"
    contact.save()
    viewed = AuditEntry.objects.filter(action="client.viewed").latest()

    dpo = as_persona("dpo")
    response = dpo.get(reverse("audit_trail"), HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 200
    html = response.content.decode()
    actions = re.findall(r'data-testid="audit-action">([^<]+)<', html)
    assert "Akte geöffnet" in actions
    assert "Kontakt geändert" in actions
    assert "Kontakt erfasst" in actions
    assert viewed.actor_label in html and viewed.actor_label
    assert viewed.at.astimezone().strftime("%d.%m.%Y") in html
    # The changed field by its label, not its column name.
    assert "geändert: Notizen" in html
    assert not any("." in action or "_" in action for action in actions)
