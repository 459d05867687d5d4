"""Issue #9 in a real browser, in Arabic: a visitor finds the centre, checks which service fits
and requests an appointment; the counsellor sees the request, books a slot and prints the
letter. Also a keyboard-only walk through the request form (Tab, typing, Space, Enter).

Screenshots for a human to look at go to /tmp/lotse-public-*.png.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from datetime import datetime
from typing import Any

import pytest
from django.test import override_settings
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from lotse.appointments.models import Appointment, AppointmentRequest
from lotse.documents.rendering import format_document_date
from lotse.organisation.models import Centre
from lotse_browser import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def world(transactional_db: None) -> dict[str, object]:
    """The demo-like centre with its staff (tests/appointments/samples.py)."""
    from appointments.samples import build_public_world

    return build_public_world()


COUNSELLOR = "beratung1@demo.lotse.invalid"  # speaks Arabic (demo data)
CENTRE = "Migrationsberatung Musterstadt"
VISITOR = "فاطمة حسين"  # no lam ligature: pdftotext reads it back as written
SHOTS = "/tmp/lotse-public"  # noqa: S108 - outside the repo, for a human to look at
MIN_FILL_SECONDS = 3.5  # a bit more than LOTSE_PUBLIC_MIN_FILL_SECONDS


@pytest.fixture(autouse=True)
def generous_rate_limit() -> Any:
    """All browser tests come from 127.0.0.1: keep the request limit out of these tests."""
    with override_settings(LOTSE_PUBLIC_REQUEST_LIMIT=1000):
        yield


def pdf_text(pdf: bytes) -> str:
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "pdftotext is missing: install Debian's poppler-utils."
    result = subprocess.run(  # noqa: S603 - fixed program, our own PDF on stdin
        [pdftotext, "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    )
    text = re.sub("[\u2066-\u2069\u200e\u200f]", "", result.stdout.decode("utf-8"))
    return re.sub(r"\s+", " ", text)


def visitor_requests_an_appointment(page: Page, base: str) -> None:
    # 1. Find the centre by postal code.
    page.goto(f"{base}/public/ar/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.fill("#id_place", "12345")
    page.locator("main form[role=search] button[type=submit]").click()
    card = page.get_by_test_id("centre-card").filter(has_text=CENTRE)
    expect(card).to_be_visible()
    page.screenshot(path=f"{SHOTS}-ar-finder.png", full_page=True)
    card.get_by_role("link", name=CENTRE).click()
    expect(page.get_by_test_id("centre-name")).to_have_text(CENTRE)
    page.screenshot(path=f"{SHOTS}-ar-centre.png", full_page=True)

    # 2. Which service is for me? 35 years old, permanent stay since last year, course obligation.
    page.goto(f"{base}/public/ar/which-service/")
    last_year = str(timezone.localdate().year - 1)
    page.fill("#id_age", "35")
    page.check("#id_residence_0")  # settled
    page.fill("#id_arrival_year", last_year)
    page.fill("#id_status_year", last_year)
    page.check("#id_crisis_1")  # no
    page.check("#id_course_obligation_0")  # yes
    page.fill("#id_place", "12345")
    page.locator("main form.public-form button[type=submit]").click()
    result = page.get_by_test_id("check-result")
    expect(result).to_be_visible()
    expect(result).to_contain_text("(MBE)")
    matching = page.get_by_test_id("centre-card").filter(has_text=CENTRE)
    expect(matching).to_be_visible()
    page.screenshot(path=f"{SHOTS}-ar-check.png", full_page=True)

    # 3. Request an appointment from the centre's page.
    matching.get_by_role("link", name=CENTRE).click()
    page.get_by_test_id("request-link").click()
    started = time.monotonic()
    expect(page.locator("#id_centre")).to_have_value(str(Centre.objects.get(name=CENTRE).pk))
    expect(page.locator("#id_language")).to_have_value("ar")
    page.fill("#id_name", VISITOR)
    page.fill("#id_phone", "0151 2345678")
    page.fill("#id_concern", "أحتاج مساعدة في دورة الاندماج.")
    page.check("#id_privacy")
    page.screenshot(path=f"{SHOTS}-ar-request.png", full_page=True)
    time.sleep(max(0.0, MIN_FILL_SECONDS - (time.monotonic() - started)))
    page.locator("main form[data-testid=request-form] button[type=submit]").click()
    expect(page.get_by_test_id("request-sent")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "ar")


def test_arabic_visitor_and_counsellor(
    live_server: Any, browser: Browser, world: dict[str, object]
) -> None:
    base = live_server.url
    visitor = browser.new_context(locale="ar")
    visitor_requests_an_appointment(visitor.new_page(), base)
    assert not [c for c in visitor.cookies() if "session" in c["name"]]  # no session cookie
    visitor.close()
    item = next(r for r in AppointmentRequest.objects.all() if r.name == VISITOR)
    assert not item.suspected_spam and item.language == "ar"

    # The counsellor sees the request, books a slot and prints the letter.
    staff = browser.new_context()
    page = staff.new_page()
    log_in(page, base, COUNSELLOR)
    expect(page.get_by_test_id("public-requests-total")).not_to_have_text("0")
    page.goto(f"{base}/appointments/requests/")
    page.get_by_role("link", name=item.reference).click()
    expect(page.get_by_test_id("request-name")).to_have_text(VISITOR)
    page.get_by_test_id("book-from-request").click()
    slot = page.locator("#id_slot option").first.get_attribute("value")
    assert slot
    page.select_option("#id_slot", slot)
    expect(page.locator("#id_language")).to_have_value("ar")
    page.screenshot(path=f"{SHOTS}-book.png", full_page=True)
    page.locator("main form[data-testid=booking-form] button[type=submit]").click()
    expect(page.get_by_test_id("appointment-status")).to_be_visible()
    appointment = Appointment.objects.get(request=item)
    assert appointment.starts_at == datetime.fromisoformat(slot)
    item.refresh_from_db()
    assert item.status == "booked"
    page.screenshot(path=f"{SHOTS}-appointment.png", full_page=True)

    # "Print letter" opens the PDF in a new tab: fetch it with the counsellor's session.
    form = page.locator("main form[target=_blank]")
    expect(form.locator("select[name=lang]")).to_have_value("ar")
    letter_url = f"{base}/appointments/{appointment.pk}/letter.pdf?lang=ar"
    response = staff.request.get(letter_url)
    assert response.ok and response.headers["content-type"] == "application/pdf"
    pdf = response.body()
    with open(f"{SHOTS}-letter-ar.pdf", "wb") as handle:
        handle.write(pdf)
    text = pdf_text(pdf)
    local = appointment.starts_at.astimezone(timezone.get_current_timezone())
    assert format_document_date(local.date(), "ar") in text
    assert f"{local:%H:%M}" in text
    assert CENTRE in text and VISITOR in text
    with page.expect_popup() as popup:
        page.get_by_test_id("print-letter").click()
    assert popup.value.url.startswith(f"{base}/appointments/{appointment.pk}/letter.pdf")
    staff.close()


def test_keyboard_only_walk_through_the_request_form(
    live_server: Any, page: Page, world: dict[str, object]
) -> None:
    """Tab to each field, type, Space for the check box, Enter on the button — no mouse."""
    base = live_server.url
    centre = Centre.objects.get(name=CENTRE)
    page.goto(f"{base}/public/de/request/?centre={centre.pk}")
    loaded = time.monotonic()
    values = {"name": "Tastatur Test", "phone": "0171 1234567", "concern": "Nur mit Tastatur."}
    visited: list[str] = []
    for _ in range(60):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => { const e = document.activeElement;"
            " return {tag: e.tagName, name: e.name || '', type: e.type || ''}; }"
        )
        visited.append(focused["name"] or focused["tag"])
        assert focused["name"] != "website", "the spam trap must not be reachable by Tab"
        if focused["name"] in values:
            page.keyboard.type(values[focused["name"]], delay=20)
        elif focused["name"] == "privacy":
            page.keyboard.press("Space")
        elif focused["tag"] == "BUTTON" and focused["type"] == "submit":
            time.sleep(max(0.0, MIN_FILL_SECONDS - (time.monotonic() - loaded)))
            page.keyboard.press("Enter")
            break
    else:
        pytest.fail(f"never reached the submit button: {visited}")
    expect(page.get_by_test_id("request-sent")).to_be_visible()
    assert visited.index("name") < visited.index("phone") < visited.index("privacy")
    item = next(r for r in AppointmentRequest.objects.all() if r.name == "Tastatur Test")
    assert item.phone == "0171 1234567" and item.centre == centre
    assert not item.suspected_spam  # a person, not a bot
