"""Volunteer, training and status pages: valid input, invalid input kept, conflicts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from lotse.volunteers.models import District, TrainingModule, TrainingSession, Volunteer
from lotse.volunteers.states import VolunteerStatus
from volunteers.samples import district, make_volunteer

pytestmark = pytest.mark.django_db


def registration(org, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "team": org.team_a.pk,
        "first_name": "Margarete",
        "last_name": "Wolff",
        "phone": "0170 1234567",
        "gender": "female",
        "max_partnerships": "1",
        "consent_on": "01.10.2026",
        "lang_de": "native",
        "lang_tr": "B",
        "slots": ["mon_evening", "thu_afternoon"],
        "interests": ["cooking", "music"],
        "districts": [district(org).pk],
    }
    data.update(overrides)
    return data


def test_coordinator_registers_a_volunteer(org, as_persona) -> None:
    response = as_persona("coordinator").post(reverse("volunteer_create"), registration(org))
    volunteer = Volunteer.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("volunteer_detail", args=[volunteer.pk])
    assert (volunteer.display_name, volunteer.status) == ("Margarete Wolff", "applicant")
    assert volunteer.slots == ["mon_evening", "thu_afternoon"]
    assert {r.language for r in volunteer.languages.all()} == {"de", "tr"}
    assert volunteer.created_by == org.users["coordinator"]


def test_invalid_registration_keeps_what_was_typed(org, as_persona) -> None:
    data = registration(org, lang_de="", lang_tr="", consent_on="31.02.2026")
    response = as_persona("coordinator").post(reverse("volunteer_create"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="Margarete"' in page and 'value="0170 1234567"' in page
    assert 'value="mon_evening" id="slot-mon_evening" checked' in page
    assert "alert-danger" in page
    assert not Volunteer.objects.exists()


def test_edit_with_a_stale_version_is_a_conflict_and_keeps_the_input(org, as_persona) -> None:
    volunteer = make_volunteer(org)
    http = as_persona("coordinator")
    url = reverse("volunteer_edit", args=[volunteer.pk])
    assert 'value="Greta"' in http.get(url).content.decode()
    data = registration(org, first_name="Gretchen", version=volunteer.version)
    data.pop("team")
    assert http.post(url, data).status_code == 302
    volunteer.refresh_from_db()
    assert volunteer.first_name == "Gretchen"
    data["first_name"] = "Grete"
    response = http.post(url, data)  # the same, now stale version
    assert response.status_code == 409
    assert 'value="Grete"' in response.content.decode()
    assert f'value="{volunteer.version}"' in response.content.decode()
    volunteer.refresh_from_db()
    assert volunteer.first_name == "Gretchen"


def test_status_change_and_refusal_as_messages(org, as_persona) -> None:
    volunteer = make_volunteer(org, active=False)
    http = as_persona("coordinator")
    url = reverse("volunteer_status", args=[volunteer.pk])
    response = http.post(url, {"target": "in_training", "version": volunteer.version}, follow=True)
    volunteer.refresh_from_db()
    assert volunteer.status == VolunteerStatus.IN_TRAINING
    assert response.redirect_chain[-1][0] == reverse("volunteer_detail", args=[volunteer.pk])
    response = http.post(url, {"target": "active", "version": volunteer.version}, follow=True)
    assert "40-hour" in response.content.decode()
    volunteer.refresh_from_db()
    assert volunteer.status == VolunteerStatus.IN_TRAINING


def test_documents_and_districts_are_recorded(org, as_persona) -> None:
    volunteer = make_volunteer(org)
    http = as_persona("coordinator")
    response = http.post(
        reverse("volunteer_document_add", args=[volunteer.pk]),
        {"kind": "conduct", "issued_on": "15.03.2024"},
    )
    assert response.status_code == 302
    assert str(volunteer.documents.get().valid_until) == "2029-03-15"
    page = http.get(reverse("volunteer_detail", args=[volunteer.pk])).content.decode()
    assert "15.03.2029" in page
    assert http.post(reverse("volunteer_districts"), {"name": " Am  Hafen "}).status_code == 302
    assert District.objects.filter(name="Am Hafen").exists()
    duplicate = http.post(reverse("volunteer_districts"), {"name": "am hafen"})
    assert duplicate.status_code == 200 and "exists already" in duplicate.content.decode()


def test_list_filters_by_status_language_name_and_youth(org, as_persona) -> None:
    make_volunteer(org, first_name="Alte", languages={"de": "native"}, birth_year=1950)
    make_volunteer(
        org, first_name="Junge", languages={"de": "native", "uk": "native"}, birth_year=2003
    )
    make_volunteer(org, first_name="Neue", active=False)
    http = as_persona("coordinator")
    url = reverse("volunteer_list")

    def names(**params: str) -> set[str]:
        # The filter is POSTed (a name must not sit in a URL) and shown at ?search=<token>.
        response = http.post(url, params, follow=True) if params else http.get(url)
        for location, _status in getattr(response, "redirect_chain", []):
            assert "jun" not in location.lower()
        page = response.content.decode()
        return {n for n in ("Alte", "Junge", "Neue") if n in page}

    assert names() == {"Alte", "Junge", "Neue"}
    assert names(status="applicant") == {"Neue"}
    assert names(language="uk") == {"Junge"}
    assert names(q="jun") == {"Junge"}
    assert names(young="on") == {"Junge"}


def test_session_attendance_completes_the_training(org, as_persona) -> None:
    volunteer = make_volunteer(org, active=False, first_name="Paula")
    http = as_persona("coordinator")
    modules = list(TrainingModule.objects.order_by("position"))
    assert sum(m.hours for m in modules) == 40
    day = timezone.localdate() - timedelta(days=30)
    for offset, module in enumerate(modules):
        response = http.post(
            reverse("training_session_create"),
            {
                "team": org.team_a.pk,
                "module": module.pk,
                "date": (day + timedelta(days=offset)).strftime("%d.%m.%Y"),
            },
        )
        assert response.status_code == 302
        session = TrainingSession.objects.latest("pk")
        assert session.hours == module.hours  # empty hours: the whole module
        response = http.post(response["Location"], {"volunteers": [volunteer.pk]}, follow=True)
    assert "completed the 40-hour training" in response.content.decode()
    volunteer.refresh_from_db()
    assert volunteer.training_complete and volunteer.status == VolunteerStatus.IN_TRAINING
    overview = http.get(reverse("training_overview")).content.decode()
    assert "Paula" in overview


def test_session_form_errors_keep_the_input(org, as_persona) -> None:
    response = as_persona("coordinator").post(
        reverse("training_session_create"),
        {"team": org.team_a.pk, "module": "", "date": "12.12.2026", "trainer": "Frau Dr. Kaya"},
    )
    assert response.status_code == 200
    assert 'value="Frau Dr. Kaya"' in response.content.decode()
