"""Contacts tab, edit with conflict, follow-up action and the dashboard panel (issue #3 §6)."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from lotse.clients.models import CounsellingContact, Topic, TopicCatalogue
from lotse.clients.services.contacts import contact_create

HTMX = {"HTTP_HX_REQUEST": "true"}
DAY = date(2025, 3, 10)


def topic_pks(*codes: str) -> list[str]:
    catalogue = TopicCatalogue.objects.in_force(DAY)
    return [str(catalogue.topics.get(code=code).pk) for code in codes]


def make_contact(org, client=None, **overrides) -> CounsellingContact:
    values = {
        "client": client or org.client_a,
        "counsellor": org.users["counsellor"],
        "date": DAY,
        "duration_minutes": 45,
        "form": "in_person",
        "kind": "client",
        "language": "ar",
        "interpreter": "none",
        "topics": Topic.objects.filter(pk__in=topic_pks("residence_law")),
        "notes": "",
        "next_steps": "",
        "follow_up_on": None,
    }
    values.update(overrides)
    return contact_create(**values)


def form_data(**overrides) -> dict:
    data = {
        "date": "10.03.2025",
        "duration_minutes": "50",
        "form": "phone",
        "kind": "family",
        "language": "fa",
        "interpreter": "volunteer",
        "topics": topic_pks("housing", "health", "residence_law"),
        "notes": "Mietvertrag geprüft",
        "next_steps": "Wohngeldantrag mitbringen",
        "follow_up_on": "24.03.2025",
    }
    data.update(overrides)
    return data


def create_url(org) -> str:
    return reverse("client_contact_create", args=[org.client_a.pk])


def list_url(org) -> str:
    return reverse("client_contacts", args=[org.client_a.pk])


# --- list and create ---------------------------------------------------------------------------


def test_htmx_create_returns_the_area_with_the_new_row_and_a_fresh_form(org, as_persona) -> None:
    http = as_persona("counsellor")
    response = http.post(create_url(org), form_data(), **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html and 'id="contacts-area"' in html
    contact = CounsellingContact.objects.get()
    assert f'id="contact-{contact.pk}"' in html
    assert "Mietvertrag geprüft" in html  # notes shown to the team
    assert 'data-testid="contact-saved"' in html
    # The new form starts empty again, dated today.
    assert 'name="notes"' in html and "Wohngeldantrag mitbringen</textarea>" not in html
    assert f'value="{timezone.localdate():%d.%m.%Y}"' in html
    # One contact, three topic rows, counsellor and values as typed.
    assert contact.topics.count() == 3
    assert (contact.counsellor, contact.kind, contact.language) == (
        org.users["counsellor"],
        "family",
        "fa",
    )
    assert contact.follow_up_on == date(2025, 3, 24)


def test_create_without_javascript_redirects_to_the_list(org, as_persona) -> None:
    http = as_persona("team_lead")
    response = http.post(create_url(org), form_data())
    contact = CounsellingContact.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{list_url(org)}?contact={contact.pk}#contact-{contact.pk}"
    page = http.get(response["Location"])
    assert f'id="contact-{contact.pk}"' in page.content.decode()


def test_invalid_input_keeps_everything_typed(org, as_persona) -> None:
    http = as_persona("counsellor")
    data = form_data(duration_minutes="700", follow_up_on="01.03.2025")
    for headers in ({}, HTMX):
        response = http.post(create_url(org), data, **headers)
        assert response.status_code == 200
        html = response.content.decode()
        assert not CounsellingContact.objects.exists()
        assert 'value="700"' in html
        assert 'value="01.03.2025"' in html
        assert "Mietvertrag geprüft</textarea>" in html
        assert "Wohngeldantrag mitbringen</textarea>" in html
        assert '<option value="fa" selected>' in html
        for pk in data["topics"]:
            assert re.search(
                rf'<input type="checkbox" name="topics" value="{pk}"[^>]*checked', html
            )
        assert 'aria-invalid="true"' in html
        assert html.count('class="invalid-feedback d-block"') == 2  # duration, follow-up


def test_missing_topics_are_explained(org, as_persona) -> None:
    response = as_persona("counsellor").post(create_url(org), form_data(topics=[]), **HTMX)
    html = response.content.decode()
    assert 'id="id_topics_error"' in html
    assert not CounsellingContact.objects.exists()


def test_reader_can_list_but_not_create(org, as_persona) -> None:
    make_contact(org, notes="nur lesen")
    http = as_persona("reader")
    page = http.get(list_url(org))
    assert page.status_code == 200
    html = page.content.decode()
    assert "nur lesen" in html
    assert 'data-testid="contact-form"' not in html
    assert "Mark as done" not in html and "/edit/" not in html
    assert http.post(create_url(org), form_data(), **HTMX).status_code == 403
    assert CounsellingContact.objects.count() == 1


@pytest.mark.parametrize("persona", ["stranger", "dpo", "admin"])
def test_others_get_404(org, as_persona, persona) -> None:
    contact = make_contact(org)
    http = as_persona(persona)
    assert http.get(list_url(org)).status_code == 404
    assert http.post(create_url(org), form_data(), **HTMX).status_code == 404
    edit = reverse("client_contact_edit", args=[org.client_a.pk, contact.pk])
    assert http.get(edit).status_code == 404
    assert CounsellingContact.objects.count() == 1


def test_a_contact_is_only_reached_through_its_own_client(org, as_persona) -> None:
    """Client A's URL with client B's contact id: 404, even for client A's counsellor."""
    foreign = make_contact(org, client=org.client_b)
    http = as_persona("counsellor")
    for name in ("client_contact_edit", "client_contact_follow_up_done"):
        url = reverse(name, args=[org.client_a.pk, foreign.pk])
        assert http.post(url, {}).status_code == 404


def test_list_is_newest_first_with_german_dates(org, as_persona) -> None:
    older = make_contact(org, date=date(2025, 1, 7))
    newer = make_contact(org, date=date(2025, 2, 3))
    html = as_persona("counsellor").get(list_url(org)).content.decode()
    assert html.index(f'id="contact-{newer.pk}"') < html.index(f'id="contact-{older.pk}"')
    assert "03.02.2025" in html and "07.01.2025" in html
    assert "Arabisch" in html  # language names from pycountry, in the UI language


def test_link_to_a_contact_opens_the_page_it_is_on(org, as_persona) -> None:
    first = make_contact(org, date=date(2024, 1, 1))
    for day in range(26):
        make_contact(org, date=date(2025, 1, 1) + timedelta(days=day))
    html = as_persona("counsellor").get(f"{list_url(org)}?contact={first.pk}").content.decode()
    assert f'id="contact-{first.pk}"' in html
    assert "Seite 2 von 2" in html or "Page 2 of 2" in html


# --- edit and conflict -------------------------------------------------------------------------


def edit_url(org, contact) -> str:
    return reverse("client_contact_edit", args=[org.client_a.pk, contact.pk])


def test_edit_saves_and_returns_to_the_contact(org, as_persona) -> None:
    contact = make_contact(org)
    http = as_persona("counsellor")
    page = http.get(edit_url(org, contact))
    assert page.status_code == 200
    assert 'value="10.03.2025"' in page.content.decode()
    response = http.post(edit_url(org, contact), form_data(version="1"))
    assert response.status_code == 302
    contact.refresh_from_db()
    assert (contact.form, contact.version, contact.notes) == ("phone", 2, "Mietvertrag geprüft")


def test_reader_may_not_edit(org, as_persona) -> None:
    contact = make_contact(org)
    assert as_persona("reader").get(edit_url(org, contact)).status_code == 403


def test_conflict_shows_both_versions_and_keeps_typed_text(org, as_persona) -> None:
    contact = make_contact(org, notes="Ausgangsfassung")
    first, second = as_persona("counsellor"), as_persona("team_lead")
    first.post(edit_url(org, contact), form_data(version="1", notes="Fassung der Leitung"))
    response = second.post(edit_url(org, contact), form_data(version="1", notes="Meine Fassung"))
    assert response.status_code == 409
    html = response.content.decode()
    assert "Fassung der Leitung" in html  # saved meanwhile
    assert "Meine Fassung</textarea>" in html  # what I typed, still there
    assert 'name="version" value="2"' in html  # saving again is a deliberate overwrite
    contact.refresh_from_db()
    assert contact.notes == "Fassung der Leitung"
    again = second.post(edit_url(org, contact), form_data(version="2", notes="Meine Fassung"))
    assert again.status_code == 302
    contact.refresh_from_db()
    assert (contact.notes, contact.version) == ("Meine Fassung", 3)


# --- follow-up done ----------------------------------------------------------------------------


def done_url(org, contact) -> str:
    return reverse("client_contact_follow_up_done", args=[org.client_a.pk, contact.pk])


def test_follow_up_done_swaps_just_the_row(org, as_persona) -> None:
    contact = make_contact(org, follow_up_on=DAY + timedelta(days=3))
    response = as_persona("counsellor").post(done_url(org, contact), {}, **HTMX)
    assert response.status_code == 200
    html = response.content.decode().strip()
    assert html.startswith(f'<tbody id="contact-{contact.pk}"')
    assert "Mark as done" not in html and "badge text-bg-success" in html
    contact.refresh_from_db()
    assert contact.follow_up_done


def test_follow_up_done_from_the_dashboard_swaps_the_panel_row(org, as_persona) -> None:
    contact = make_contact(org, follow_up_on=DAY + timedelta(days=3))
    response = as_persona("counsellor").post(
        done_url(org, contact), {"source": "dashboard"}, **HTMX
    )
    html = response.content.decode().strip()
    assert html.startswith('<li class="list-group-item')
    assert f'id="follow-up-{contact.pk}"' in html and 'data-state="done"' in html


def test_follow_up_done_without_javascript_redirects_only_to_local_pages(org, as_persona) -> None:
    contact = make_contact(org, follow_up_on=DAY)
    http = as_persona("counsellor")
    response = http.post(done_url(org, contact), {"next": "https://evil.example/"})
    assert response.status_code == 302
    assert response["Location"].startswith(list_url(org))
    other = make_contact(org, follow_up_on=DAY)
    response = http.post(done_url(org, other), {"next": reverse("dashboard")})
    assert response["Location"] == reverse("dashboard")


def test_reader_cannot_tick_off_a_follow_up(org, as_persona) -> None:
    contact = make_contact(org, follow_up_on=DAY)
    assert as_persona("reader").post(done_url(org, contact), {}, **HTMX).status_code == 403
    contact.refresh_from_db()
    assert not contact.follow_up_done


# --- dashboard panel -----------------------------------------------------------------------------


def test_dashboard_lists_follow_ups_due_overdue_first(org, as_persona) -> None:
    today = timezone.localdate()
    later = make_contact(org, date=today, follow_up_on=today + timedelta(days=5))
    overdue = make_contact(
        org, date=today - timedelta(days=20), follow_up_on=today - timedelta(days=2)
    )
    make_contact(org, date=today, follow_up_on=today + timedelta(days=30))  # not yet
    html = as_persona("counsellor").get(reverse("dashboard")).content.decode()
    assert html.index(f'id="follow-up-{overdue.pk}"') < html.index(f'id="follow-up-{later.pk}"')
    assert org.client_a.file_number in html
    assert html.count('data-testid="follow-up-item"') == 2
    assert html.count('name="source" value="dashboard"') == 2


def test_dashboard_panel_respects_teams_and_write_access(org, as_persona) -> None:
    today = timezone.localdate()
    make_contact(org, date=today, follow_up_on=today)
    reader = as_persona("reader").get(reverse("dashboard")).content.decode()
    assert 'data-testid="follow-up-item"' in reader
    assert 'name="source" value="dashboard"' not in reader  # no "done" button
    stranger = as_persona("stranger").get(reverse("dashboard")).content.decode()
    assert 'data-testid="follow-ups-empty"' in stranger
    assert org.client_a.file_number not in stranger
    dpo = as_persona("dpo").get(reverse("dashboard")).content.decode()
    assert 'id="h-follow-ups"' not in dpo
