"""Issue #3 in a real browser: the first complete counselling workflow.

Create a client (with a duplicate warning), check eligibility, record consent, print the consent
form in Arabic, record two contacts, see them on the timeline — and a colleague from another
team gets 404 for that client.
"""

from __future__ import annotations

import re
import subprocess
from datetime import date
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from lotse.clients.models import Client
from lotse.clients.services import ClientData, client_create
from lotse.organisation.models import Team
from lotse_browser import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# The page's own form, not the flag forms under the client's name (lotse.office).
FILE_FORM_SUBMIT = "main form:not(#client-flags form) button[type=submit]"

COUNSELLOR = "beratung1@demo.lotse.invalid"
JMD_COLLEAGUE = "jmd@demo.lotse.invalid"


def _submit(page: Page, form_selector: str = "main form[method=post]") -> None:
    page.locator(f"{form_selector} button[type=submit]").last.click()


def test_counselling_workflow_from_new_client_to_timeline(
    live_server: Any, page: Page, demo_data: dict[str, int], tmp_path
) -> None:
    mbe_team = Team.objects.get(name="MBE-Team")
    existing = client_create(
        team=mbe_team,
        data=ClientData(first_name="Amira", last_name="Haddad", birth_date=date(1980, 5, 17)),
    )
    base = live_server.url
    log_in(page, base, COUNSELLOR)

    # 1. New client: a similar name with the same birth date is shown before saving.
    page.goto(f"{base}/clients/new/")
    page.fill("#id_first_name", "Amirah")
    page.fill("#id_last_name", "Hadad")
    page.fill("#id_birth_date", "17.05.1980")
    page.select_option("#id_residence", "permanent")
    page.fill("#id_entry_date", "01.02.2025")
    page.fill("#id_permanent_status_date", "01.08.2025")
    page.check("#id_course_obligation")
    page.select_option("#id_document_language", "ar")
    page.locator(FILE_FORM_SUBMIT).click()
    warning = page.get_by_test_id("duplicate-warning")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text(existing.file_number)
    # Everything typed is still there; confirm that it is a different person.
    expect(page.locator("#id_first_name")).to_have_value("Amirah")
    page.check("#id_no_duplicate")
    page.locator(FILE_FORM_SUBMIT).click()
    expect(page).to_have_url(re.compile(r"/clients/\d+/$"))
    client_id = int(page.url.rstrip("/").rsplit("/", 1)[1])
    client = Client.objects.get(pk=client_id)

    # 2. Eligibility, without leaving the page (HTMX).
    page.get_by_test_id("check-eligibility").click()
    expect(page.get_by_test_id("eligibility-result")).to_be_visible()
    assert client.eligibility_decisions.get().mbe == "eligible"

    # 3. Consent with scope.
    page.goto(f"{base}/clients/{client_id}/consent/")
    page.check("#id_written")
    page.fill("#id_signed_on", date.today().strftime("%d.%m.%Y"))
    page.check("#id_scope_share_with_partners")
    # Consent names network partners by key: the counsellor ticks the centre's Jobcenter.
    page.locator("#id_partners").get_by_label("Jobcenter Musterstadt").check()
    page.locator(FILE_FORM_SUBMIT).click()
    expect(page.get_by_test_id("consent-state")).to_contain_text("Jobcenter Musterstadt")

    # 4. The consent form as a PDF in Arabic, fetched with the browser's own session.
    response = page.request.get(f"{base}/clients/{client_id}/documents/consent.pdf?lang=ar")
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    pdf = tmp_path / "consent-ar.pdf"
    pdf.write_bytes(response.body())
    text = subprocess.run(  # noqa: S603
        ["/usr/bin/pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert client.file_number in text
    assert re.search("[\u0600-\u06ff]", text), "no Arabic script in the consent form"

    # 5. Two contacts, each saved without a page reload.
    page.goto(f"{base}/clients/{client_id}/contacts/")
    for notes, minutes in (("Bescheid erklärt", "45"), ("Antrag ausgefüllt", "30")):
        form = page.get_by_test_id("contact-form")
        form.locator("[name=duration_minutes]").fill(minutes)
        form.locator("[name=topics]").first.check()
        form.locator("[name=notes]").fill(notes)
        form.locator("button[type=submit]").click()
        expect(page.get_by_test_id("contact-saved")).to_be_visible()
    expect(page.get_by_test_id("contact-row")).to_have_count(2)
    assert client.contacts.count() == 2

    # 6. Both contacts on the timeline.
    page.goto(f"{base}/clients/{client_id}/timeline/")
    contact_links = page.locator("main a[href*='/contacts/?contact=']")
    expect(contact_links).to_have_count(2)
    expect(page.locator("main")).to_contain_text(re.compile(r"45\s?min", re.IGNORECASE))
    expect(page.locator("main")).to_contain_text(re.compile(r"30\s?min", re.IGNORECASE))

    # 7. A colleague of another team: the file does not exist for them.
    page.context.clear_cookies()
    log_in(page, base, JMD_COLLEAGUE)
    response = page.goto(f"{base}/clients/{client_id}/")
    assert response is not None and response.status == 404
    expect(page.locator("main")).not_to_contain_text("Hadad")
