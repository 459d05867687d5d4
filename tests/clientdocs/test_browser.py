"""Issue #17 §1 in a real browser on a phone-sized screen (390 × 844): upload two documents at
once from the client file, see their server-rendered previews, and a refused file's message.

Screenshots go to /tmp/clientdocs-*.png for a human to look at.
"""

from __future__ import annotations

import re
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

from . import files

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

COUNSELLOR = "jmd@demo.lotse.invalid"
SHOTS = Path("/tmp")  # noqa: S108 - outside the repo, for a human to look at
PHONE = {"width": 390, "height": 844}


def test_upload_from_a_phone(
    browser: Browser,
    live_server: Any,  # noqa: F811 - the fixtures imported above
    demo_data: dict[str, int],  # noqa: F811
    tmp_path: Path,
) -> None:
    client = Client.objects.filter(team__service__kind="jmd").order_by("pk").first()
    assert client is not None
    context = browser.new_context(viewport=PHONE, locale="de-DE")
    page = context.new_page()
    try:
        log_in(page, live_server.url, COUNSELLOR)
        page.goto(f"{live_server.url}/client-documents/client/{client.pk}/")
        form = page.get_by_test_id("upload-form")
        expect(form).to_be_visible()
        file_input = page.locator("input[type=file][name=files]")
        assert file_input.get_attribute("multiple") is not None
        assert "image/*" in (file_input.get_attribute("accept") or "")
        page.screenshot(path=str(SHOTS / "clientdocs-390-empty.png"), full_page=True)
        # The upload form stays inside the page's main column: it adds no width of its own
        # (the shell around it, side navigation and top bar, is laid out elsewhere).
        box, main = form.bounding_box(), page.locator("main").bounding_box()
        assert box is not None and main is not None
        assert box["x"] + box["width"] <= main["x"] + main["width"] + 1, (box, main)

        pdf_path = tmp_path / "bescheid.pdf"
        pdf_path.write_bytes(files.pdf())
        photo_path = tmp_path / "IMG_0042.jpg"
        photo_path.write_bytes(files.jpeg_with_location())
        file_input.set_input_files([str(pdf_path), str(photo_path)])
        page.locator("#id_kind").select_option("decision")
        page.locator("input[name=document_date]").fill("02.12.2026")
        form.locator("button[type=submit]").click()

        items = page.get_by_test_id("document-list").locator("li")
        expect(items).to_have_count(2)
        previews = page.get_by_test_id("document-list").locator("img")
        expect(previews).to_have_count(2)
        for index in range(2):
            preview = previews.nth(index)
            preview.scroll_into_view_if_needed()
            # The server-rendered PNG really arrived and decoded.
            page.wait_for_function(
                "img => img.complete && img.naturalWidth > 0", arg=preview.element_handle()
            )
        page.screenshot(path=str(SHOTS / "clientdocs-390-list.png"), full_page=True)
        assert ClientDocument.objects.filter(client=client).count() == 2

        # A refused file: the message names it and nothing more is stored.
        bad = tmp_path / "brief.pdf"
        bad.write_bytes(files.pdf_with_javascript())
        page.locator("input[type=file][name=files]").set_input_files([str(bad)])
        page.get_by_test_id("upload-form").locator("button[type=submit]").click()
        errors = page.get_by_test_id("upload-errors")
        expect(errors).to_be_visible()
        expect(errors).to_contain_text("brief.pdf")
        page.screenshot(path=str(SHOTS / "clientdocs-390-refused.png"), full_page=True)
        assert ClientDocument.objects.filter(client=client).count() == 2

        page.get_by_test_id("document-list").locator("li a.fw-semibold").first.click()
        big = page.locator("img.lotse-doc-preview")
        expect(big).to_be_visible()
        page.wait_for_function(
            "img => img.complete && img.naturalWidth > 0", arg=big.element_handle()
        )
        expect(page.get_by_role("link", name=re.compile("Dokumente"))).to_have_count(2)
        page.screenshot(path=str(SHOTS / "clientdocs-390-detail.png"), full_page=True)
    finally:
        context.close()
