"""Issue #17 §2 in a real browser at 390 px: a mass letter (who gets one, who is skipped and
why, the run's page with its progress bar and result list, the PDF) and "Brief schreiben" on
the client file.

Screenshots go to /tmp/letters-*.png for a human to look at.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from browser.conftest import (  # noqa: F401 - fixtures shared with the other browser tests
    base_url,
    browser_type_launch_args,
    demo_data,
    live_server,
)
from lotse.clientdocs.models import ClientDocument
from lotse.clients.models import Client
from lotse_browser import log_in

from .helpers import pdf_text

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

COUNSELLOR = "jmd@demo.lotse.invalid"
SHOTS = Path("/tmp")  # noqa: S108 - outside the repo, for a human to look at
PHONE = {"width": 390, "height": 844}


def test_mass_letter_and_single_letter_on_a_phone(
    browser: Browser,
    live_server: Any,  # noqa: F811 - the fixtures imported above
    demo_data: dict[str, int],  # noqa: F811
) -> None:
    with_address, without = Client.objects.filter(
        team__service__kind="jmd", is_anonymous=False, anonymised_at__isnull=True
    ).order_by("pk")[:2]
    with_address.address = "Sonnenallee 5\n12045 Berlin"
    with_address.save()
    without.address = ""
    without.save()
    context = browser.new_context(viewport=PHONE, locale="de-DE", accept_downloads=True)
    page = context.new_page()
    try:
        log_in(page, live_server.url, COUNSELLOR)
        page.goto(f"{live_server.url}/letters/templates/")
        expect(page.get_by_test_id("template-list")).to_be_visible()
        page.screenshot(path=str(SHOTS / "letters-390-templates.png"), full_page=True)

        page.goto(f"{live_server.url}/letters/mass/?ids={with_address.pk},{without.pk}")
        form = page.get_by_test_id("mass-form")
        page.locator("select[name=template]").select_option(label="Einladung zu einem Termin")
        expect(page.locator(f"#mass-client-{with_address.pk}")).to_be_checked()
        expect(page.locator(f"#mass-client-{without.pk}")).to_be_checked()
        page.screenshot(path=str(SHOTS / "letters-390-mass-select.png"), full_page=True)
        form.locator("button[type=submit]").click()
        expect(page.get_by_test_id("mass-produced")).to_contain_text(with_address.file_number)
        expect(page.get_by_test_id("mass-skipped")).to_contain_text(without.file_number)
        expect(page.get_by_test_id("mass-skipped")).to_contain_text("keine Postanschrift")
        page.screenshot(path=str(SHOTS / "letters-390-mass-check.png"), full_page=True)
        # The letters are written by a task (run at once here): on to the run's page.
        page.get_by_test_id("mass-create").locator("button[type=submit]").click()
        expect(page.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "2")
        expect(page.get_by_test_id("mass-progress")).to_contain_text("2 von 2 Briefen")
        expect(page.get_by_test_id("mass-produced")).to_contain_text(with_address.file_number)
        expect(page.get_by_test_id("mass-skipped")).to_contain_text(without.file_number)
        expect(page.get_by_test_id("mass-skipped")).to_contain_text("keine Postanschrift")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], width
        page.screenshot(path=str(SHOTS / "letters-390-mass-result.png"), full_page=True)
        with page.expect_download() as download:
            page.get_by_test_id("mass-download").click()
        pdf = Path(download.value.path()).read_bytes()
        assert pdf.startswith(b"%PDF")
        assert with_address.display_name in pdf_text(pdf)
        assert ClientDocument.objects.filter(client=with_address, kind="letter").count() == 1
        assert not ClientDocument.objects.filter(client=without).exists()

        page.goto(f"{live_server.url}/client-documents/client/{with_address.pk}/")
        page.get_by_test_id("write-letter").click()
        letter_form = page.get_by_test_id("letter-form")
        expect(letter_form).to_be_visible()
        box, main = letter_form.bounding_box(), page.locator("main").bounding_box()
        assert box is not None and main is not None
        assert box["x"] + box["width"] <= main["x"] + main["width"] + 1, (box, main)
        page.screenshot(path=str(SHOTS / "letters-390-write.png"), full_page=True)
    finally:
        context.close()
