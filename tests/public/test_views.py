"""Public pages: languages and direction, finder, service check, request, spam, rate limit."""

from __future__ import annotations

import re
import time

import pytest
from django.db import connection
from django.test import Client as HttpClient
from django.test import override_settings
from django.urls import reverse

from lotse.appointments.models import AppointmentRequest
from lotse.audit.models import AuditEntry
from lotse.clients.models import EligibilityDecision
from lotse.public import spam
from lotse_testing import pdf_text, raw_column, sign_in

pytestmark = pytest.mark.django_db


def url(name: str, lang: str = "de", **kwargs) -> str:
    return reverse(name, kwargs={"lang": lang, **kwargs})


def test_arabic_pages_are_right_to_left_german_left_to_right(centre) -> None:
    http = HttpClient()
    for lang, direction in (("ar", "rtl"), ("fa", "rtl"), ("de", "ltr"), ("uk", "ltr")):
        for page in ("public_centre_list", "public_service_check", "public_request"):
            response = http.get(url(page, lang))
            html = response.content.decode()
            assert response.status_code == 200
            assert f'<html lang="{lang}" dir="{direction}">' in html
            assert ("bootstrap.rtl.min.css" in html) is (direction == "rtl")
            assert response["Content-Language"] == lang
    ar = http.get(url("public_centre_detail", "ar", centre_id=centre.pk)).content.decode()
    assert "مواعيد العمل" in ar  # "Office hours" in Arabic
    assert "الاثنين" in ar  # Monday
    de = http.get(url("public_centre_detail", "de", centre_id=centre.pk)).content.decode()
    assert "Sprechzeiten" in de and "Montag" in de and "Termin anfragen" in de


def test_an_unknown_language_is_not_found() -> None:
    assert HttpClient().get("/public/xx/").status_code == 404


def test_start_page_offers_all_eight_languages(db) -> None:
    html = HttpClient().get(reverse("public_start")).content.decode()
    for code in ("de", "en", "ar", "fa", "tr", "fr", "ru", "uk"):
        assert f'href="/public/{code}/"' in html


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ({"place": "12345"}, True),
        ({"place": "12"}, True),
        ({"place": "musterstadt"}, True),
        ({"place": "99999"}, False),
        ({"service": "mbe"}, True),
        ({"service": "refugee"}, False),
        ({"language": "ar"}, True),  # the counsellor speaks Arabic
        ({"language": "uk"}, True),  # the stranger (team B, same centre) speaks Ukrainian
        ({"language": "tr"}, False),
        ({"place": "12345", "service": "jmd", "language": "ru"}, True),
    ],
)
def test_finder(centre, query, found) -> None:
    response = HttpClient().get(url("public_centre_list"), query)
    html = response.content.decode()
    assert ('data-testid="centre-card"' in html) is found
    assert ('data-testid="no-results"' in html) is (not found)


def test_public_pages_never_show_client_data(org, centre) -> None:
    http = HttpClient()
    pages = [
        url("public_centre_list"),
        url("public_centre_list") + "?place=12345",
        url("public_centre_detail", centre_id=centre.pk),
        url("public_request"),
    ]
    for page in pages:
        html = http.get(page).content.decode()
        for secret in ("Amira", "Haddad", org.client_a.file_number, "Oleksandr"):
            assert secret not in html


def test_public_pages_set_no_cookie_but_csrf_on_forms(centre) -> None:
    http = HttpClient()
    for page in (
        url("public_centre_list"),
        url("public_centre_detail", "ar", centre_id=centre.pk),
        url("public_centre_flyer", "ar", centre_id=centre.pk),
        url("public_request_sent") + f"?centre={centre.pk}",
        reverse("public_start"),
    ):
        response = http.get(page)
        assert response.status_code == 200
        assert not response.cookies, (page, list(response.cookies))
    for page in (url("public_request"), url("public_service_check")):
        assert set(HttpClient().get(page).cookies) == {"lotse-csrf"}


CHECK = {
    "age": "35",
    "residence": "settled",
    "arrival_year": "2024",
    "status_year": "2025",
    "crisis": "no",
    "course_obligation": "yes",
    "place": "12345",
}


def test_service_check_runs_the_engine_and_stores_nothing(centre) -> None:
    before = (AuditEntry.objects.count(), EligibilityDecision.objects.count())
    response = HttpClient().post(url("public_service_check", "ar"), CHECK)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="check-result"' in html
    assert "(MBE)" in html and "دورة اندماج" in html  # MBE and the priority note in Arabic
    assert centre.name in html  # the matching centre
    assert (AuditEntry.objects.count(), EligibilityDecision.objects.count()) == before
    assert not response.cookies.get("lotse-session")


def test_service_check_refers_and_keeps_answers_on_errors(centre) -> None:
    http = HttpClient()
    html = http.post(
        url("public_service_check"), {**CHECK, "residence": "asylum", "age": "40"}
    ).content.decode()
    assert "Flüchtlingsberatung ist der richtige Dienst" in html
    html = http.post(url("public_service_check"), {**CHECK, "age": ""}).content.decode()
    assert "Bitte geben Sie Ihr Alter oder Ihr Geburtsjahr an." in html
    assert 'value="2024"' in html  # what was typed stays
    html = http.post(
        url("public_service_check"),
        {**CHECK, "age": "", "birth_year": "2010", "arrival_year": "2005"},
    ).content.decode()
    assert "Diese Antworten passen nicht zusammen" in html


def request_data(centre, **changes) -> dict[str, str]:
    data = {
        "centre": str(centre.pk),
        "service": "mbe",
        "name": "Layla Haddad",
        "phone": "0151 2345678",
        "email": "layla@example.invalid",
        "language": "ar",
        "concern": "Ich brauche Hilfe beim Integrationskurs.",
        "privacy": "on",
        "website": "",
        "started": spam.issue(time.time() - 60),  # a person took a minute
    }
    data.update(changes)
    return data


def test_request_is_stored_encrypted_and_lands_in_the_inbox(org, centre) -> None:
    response = HttpClient().post(url("public_request", "ar"), request_data(centre))
    assert response.status_code == 302
    assert response["Location"].startswith(url("public_request_sent", "ar"))
    item = AppointmentRequest.objects.get()
    assert (item.name, item.phone, item.language, item.page_language) == (
        "Layla Haddad",
        "0151 2345678",
        "ar",
        "ar",
    )
    assert not item.suspected_spam and item.status == "new"
    for column, plain in (
        ("name", "Layla"),
        ("phone", "2345678"),
        ("email", "layla@"),
        ("concern", "Integrationskurs"),
    ):
        raw = raw_column("appointments_appointmentrequest", column, item.pk)
        assert raw.startswith("lse1:") and plain not in raw
    inbox = sign_in(HttpClient(), org.users["counsellor"])
    html = inbox.get(reverse("appointment_request_list")).content.decode()
    assert "Layla Haddad" in html
    detail = inbox.get(reverse("appointment_request_detail", args=[item.pk]))
    assert "Integrationskurs" in detail.content.decode()
    assert AuditEntry.objects.filter(action="appointment_request.viewed").exists()


def test_invalid_request_keeps_what_was_typed(centre) -> None:
    response = HttpClient().post(
        url("public_request"), request_data(centre, phone="", email="", privacy="")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Bitte geben Sie eine Telefonnummer oder eine E-Mail-Adresse an." in html
    assert 'value="Layla Haddad"' in html
    assert not AppointmentRequest.objects.exists()


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"website": "http://spam.example"}, "honeypot"),
        ({"started": "__fresh__"}, "too_fast"),
        ({"started": ""}, "bad_token"),
        ({"started": "1700000000.000:forged"}, "bad_token"),
    ],
)
def test_suspected_bots_are_quarantined_never_dropped(org, centre, changes, reason) -> None:
    if changes.get("started") == "__fresh__":
        changes = {"started": spam.issue()}
    response = HttpClient().post(url("public_request"), request_data(centre, **changes))
    assert response.status_code == 302  # looks accepted
    assert response["Location"].startswith(url("public_request_sent"))
    item = AppointmentRequest.objects.get()
    assert item.suspected_spam and item.spam_reason == reason
    staff = sign_in(HttpClient(), org.users["counsellor"])
    assert "Layla Haddad" not in staff.get(reverse("appointment_request_list")).content.decode()
    spam_box = staff.get(reverse("appointment_request_list") + "?box=spam").content.decode()
    assert "Layla Haddad" in spam_box
    staff.post(
        reverse("appointment_request_status", args=[item.pk]),
        {"status": "release", "version": item.version},
    )
    item.refresh_from_db()
    assert not item.suspected_spam
    assert "Layla Haddad" in staff.get(reverse("appointment_request_list")).content.decode()


def test_the_honeypot_is_hidden_from_people_and_assistive_technology(centre) -> None:
    html = HttpClient().get(url("public_request")).content.decode()
    trap = re.search(r'<div class="public-trap" aria-hidden="true">(.*?)</div>', html, re.S)
    assert trap and 'name="website"' in trap.group(1) and 'tabindex="-1"' in trap.group(1)


def test_a_spam_trap_token_is_good_for_one_accepted_request(centre) -> None:
    data = request_data(centre)
    assert HttpClient().post(url("public_request"), data).status_code == 302
    replay = HttpClient(REMOTE_ADDR="198.51.100.99").post(url("public_request"), data)
    assert replay.status_code == 302  # looks accepted, learns nothing
    first, second = AppointmentRequest.objects.order_by("pk")
    assert not first.suspected_spam
    assert second.suspected_spam and second.spam_reason == "bad_token"


def test_a_token_older_than_the_spent_token_memory_is_quarantined(centre) -> None:
    old = spam.issue(time.time() - spam.TOKEN_MEMORY - 60)
    assert HttpClient().post(url("public_request"), request_data(centre, started=old)).status_code
    assert AppointmentRequest.objects.get().spam_reason == "bad_token"
    week_old = spam.issue(time.time() - 7 * 24 * 3600)
    assert spam.verdict(token=week_old, honeypot="") == ""  # people leave tabs open


@override_settings(
    LOTSE_PUBLIC_REQUEST_LIMIT=3,
    LOTSE_PUBLIC_REQUEST_WINDOW=600,
    LOTSE_TRUSTED_PROXIES=["10.0.0.0/8"],
)
def test_behind_the_proxy_a_flood_exhausts_only_its_own_address(centre) -> None:
    def through_nginx(forwarded_for: str) -> HttpClient:
        return HttpClient(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded_for)

    for n in range(3):
        # invalid submissions count too
        bad = through_nginx(f"192.0.2.{n}, 203.0.113.7").post(url("public_request"), {})
        assert bad.status_code == 200
    refused = through_nginx("192.0.2.77, 203.0.113.7").post(
        url("public_request"), request_data(centre, name="Bot")
    )
    assert refused.status_code == 429  # a forged left-most entry does not help
    person = through_nginx("198.51.100.23")
    assert person.post(url("public_request"), request_data(centre, name="Echt")).status_code == 302
    assert [r.name for r in AppointmentRequest.objects.all()] == ["Echt"]


@override_settings(LOTSE_PUBLIC_REQUEST_LIMIT=3, LOTSE_PUBLIC_REQUEST_WINDOW=600)
def test_a_flood_gets_429_with_the_phone_number_and_other_addresses_get_through(centre) -> None:
    flood = HttpClient(REMOTE_ADDR="203.0.113.7")
    for n in range(3):
        response = flood.post(url("public_request"), request_data(centre, name=f"Bot {n}"))
        assert response.status_code == 302
    refused = flood.post(
        url("public_request", "ar"),
        request_data(centre, name="Bot 4"),
        HTTP_X_FORWARDED_FOR="198.51.100.1",  # not trusted: does not reset the limit
    )
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    html = refused.content.decode()
    assert 'dir="rtl"' in html and "01234 56789-0" in html
    assert AppointmentRequest.objects.count() == 3
    # a real person from another address is not lost
    person = HttpClient(REMOTE_ADDR="198.51.100.23")
    assert person.post(url("public_request"), request_data(centre, name="Echt")).status_code == 302
    assert AppointmentRequest.objects.filter(name__isnull=False).count() == 4
    assert "Echt" in [r.name for r in AppointmentRequest.objects.all()]
    # GET pages are never limited
    assert flood.get(url("public_request")).status_code == 200


@pytest.mark.parametrize(
    ("lang", "phrase"),
    [("de", "Sprechzeiten"), ("ar", "مواعيد العمل"), ("uk", "Години прийому"), ("fr", "Gratuit")],
)
def test_flyer_pdf_from_the_centre_data(centre, lang, phrase) -> None:
    response = HttpClient().get(url("public_centre_flyer", lang, centre_id=centre.pk))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Beratungsstelle Test" in text
    assert "01234 56789-0" in text
    assert "09:00" not in text and "08:00" in text  # the office hours of this centre
    assert phrase in text


def test_encrypted_columns_hold_no_plaintext_on_this_database(centre) -> None:
    HttpClient().post(url("public_request"), request_data(centre, name="Zaynab"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM appointments_appointmentrequest")
        assert all("Zaynab" not in row[0] for row in cursor.fetchall())


def test_the_flyer_is_rendered_once_per_language_and_version(centre, monkeypatch) -> None:
    """Issue #15: every anonymous request rendered the PDF anew (cheap to flood)."""
    from lotse.public import flyer

    renders: list[str] = []
    real = flyer.render_pdf

    def counting(**kwargs):  # type: ignore[no-untyped-def]
        renders.append(kwargs["language"])
        return real(**kwargs)

    monkeypatch.setattr(flyer, "render_pdf", counting)
    first = HttpClient().get(url("public_centre_flyer", "de", centre_id=centre.pk))
    again = HttpClient().get(url("public_centre_flyer", "de", centre_id=centre.pk))
    assert first.content == again.content and renders == ["de"]
    HttpClient().get(url("public_centre_flyer", "ar", centre_id=centre.pk))
    assert renders == ["de", "ar"]
    centre.phone = "09876 5432-1"
    centre.save()
    changed = HttpClient().get(url("public_centre_flyer", "de", centre_id=centre.pk))
    assert renders == ["de", "ar", "de"]
    assert "09876 5432-1" in pdf_text(changed.content)
