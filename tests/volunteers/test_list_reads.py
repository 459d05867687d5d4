"""Volunteers pages: list reads are audited by id, and the name filter stays out of URLs."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lotse.accounts.policy import PERSONA_ROLES
from lotse.audit.models import AuditEntry
from lotse.audit.selectors.reads import LIST_ACTION, client_reads
from lotse.volunteers.access import VOLUNTEER_ROLES
from volunteers.samples import make_partner, make_partnership, make_volunteer


def _last_id() -> int:
    """The newest entry's id: entries written later have higher ids, in whichever chain."""
    last = AuditEntry.objects.order_by("-id").first()
    return last.pk if last else 0


def _entries_since(last_id: int) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=LIST_ACTION, id__gt=last_id).order_by("id"))


def test_volunteer_list_names_the_volunteers_shown(org, as_persona) -> None:
    greta = make_volunteer(org, first_name="Greta")
    make_volunteer(org, first_name="Hanna")
    http = as_persona("coordinator")
    before = _last_id()
    response = http.post(reverse("volunteer_list"), {"q": "gre"}, follow=True)
    (location, _status), *_ = response.redirect_chain
    assert "gre" not in location.lower() and "search=" in location
    (entry,) = _entries_since(before)
    assert entry.data == {"volunteer_ids": [greta.pk], "page": "volunteer_list"}
    assert "Greta" not in str(entry.data)


def test_partnership_list_names_the_partners_client_file(org, as_persona) -> None:
    partner = make_partner(org, client=org.client_a)
    volunteer = make_volunteer(org)
    make_partnership(org, volunteer, partner)
    before = _last_id()
    as_persona("coordinator").get(reverse("partnership_list"))
    (entry,) = _entries_since(before)
    assert entry.data["volunteer_ids"] == [volunteer.pk]
    assert entry.data["partner_ids"] == [partner.pk]
    assert entry.data["client_ids"] == [org.client_a.pk]
    assert entry.pk in {e.pk for e in client_reads(org.client_a.pk)}


@pytest.mark.parametrize("persona", list(PERSONA_ROLES))
def test_posting_the_volunteer_filter_per_role(org, as_persona, persona) -> None:
    response = as_persona(persona).post(reverse("volunteer_list"), {"q": "gre"})
    if persona == "anonymous":
        assert response.status_code == 302 and "/login/" in response["Location"]
    elif PERSONA_ROLES[persona] & VOLUNTEER_ROLES:
        assert response.status_code == 302 and "search=" in response["Location"]
    else:
        assert response.status_code == 403
