"""Issue #17 §4 in a real browser at 390 px: the residence status is recorded on the client's
overview without a page reload; an error keeps what was typed."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from lotse.clients.models import ResidencePermit
from lotse.clients.services import ClientData, client_create
from lotse.organisation.models import Team
from lotse_browser import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

COUNSELLOR = "beratung1@demo.lotse.invalid"


def test_recording_a_residence_permit_on_a_phone(
    live_server: Any, page: Page, demo_data: dict[str, int], tmp_path
) -> None:
    client = client_create(
        team=Team.objects.get(name="MBE-Team"),
        data=ClientData(first_name="Olena", last_name="Petrenko"),
    )
    page.set_viewport_size({"width": 390, "height": 844})
    base = live_server.url
    log_in(page, base, COUNSELLOR)
    page.goto(f"{base}/clients/{client.pk}/")
    page.evaluate("window.notReloaded = true")
    form = page.get_by_test_id("permit-form")
    page.locator("#client-permits summary").last.click()
    form.locator("#id_kind").select_option("aufenthaltserlaubnis")
    form.locator("#id_valid_from").fill("01.03.2026")
    form.locator("#id_valid_until").fill("28.02.2027")
    form.locator("#id_note").fill("Verlängerung beantragt")
    form.locator("button[type=submit]").click()
    expect(page.locator("#id_legal_basis_error")).to_be_visible()
    expect(page.locator("#id_note")).to_have_value("Verlängerung beantragt")
    expect(page.locator("#id_valid_from")).to_have_value("01.03.2026")
    assert page.evaluate("window.notReloaded") is True
    page.screenshot(path=str(tmp_path / "permit-error-390.png"), full_page=True)

    page.locator("#id_legal_basis").fill("§ 24 AufenthG")
    page.get_by_test_id("permit-form").locator("button[type=submit]").click()
    expect(page.get_by_test_id("permit-current")).to_contain_text("§ 24 AufenthG")
    expect(page.get_by_test_id("permit-current")).to_contain_text("28.02.2027")
    assert page.evaluate("window.notReloaded") is True
    assert ResidencePermit.objects.get(client=client).legal_basis == "§ 24 AufenthG"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways at 390 px ({width} px)"
