"""Issue #17 §3 in a real browser at 390 px: a JMD counsellor asks to pass a file to the MBE
team from the working list's pages; the MBE lead sees the request on the dashboard, reads the
handover note and accepts; the file then opens for the lead."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from lotse.clients.models import Client, TeamTransfer, TransferStatus
from lotse.clients.services import ClientData, client_create
from lotse.organisation.models import Team
from lotse_browser import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NOTE = "Wechselt zur Erwachsenenberatung; braucht Hilfe beim Antrag auf Einbürgerung."


def _fits(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways at 390 px ({width} px)"


def test_transfer_asked_and_accepted_on_a_phone(
    live_server: Any, page: Page, demo_data: dict[str, int], tmp_path
) -> None:
    client = client_create(
        team=Team.objects.get(name="JMD-Team"),
        data=ClientData(first_name="Daria", last_name="Melnyk"),
    )
    mbe = Team.objects.get(name="MBE-Team")
    page.set_viewport_size({"width": 390, "height": 844})
    base = live_server.url
    log_in(page, base, "jmd@demo.lotse.invalid")
    page.goto(f"{base}/clients/transfer/?ids={client.pk}")
    form = page.get_by_test_id("transfer-form")
    form.locator("#id_to_team").select_option(str(mbe.pk))
    form.locator("#id_note").fill(NOTE)
    _fits(page)
    page.screenshot(path=str(tmp_path / "transfer-form-390.png"), full_page=True)
    form.locator("button[type=submit]").click()
    expect(page.get_by_test_id("bulk-plan")).to_contain_text("wird angefragt")
    _fits(page)
    page.screenshot(path=str(tmp_path / "transfer-confirm-390.png"), full_page=True)
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_test_id("bulk-result")).to_contain_text("Übergabe angefragt")
    assert Client.objects.get(pk=client.pk).team.name == "JMD-Team"

    page.context.clear_cookies()
    log_in(page, base, "teamleitung@demo.lotse.invalid")
    expect(page.get_by_test_id("panel-transfer-requests")).to_contain_text(client.file_number)
    page.goto(f"{base}/clients/transfers/")
    row = page.get_by_test_id("transfer-incoming-row").filter(has_text=client.file_number)
    expect(row.get_by_test_id("transfer-note")).to_have_text(NOTE)
    expect(row).to_contain_text("Daria Melnyk")
    _fits(page)
    page.screenshot(path=str(tmp_path / "transfer-incoming-390.png"), full_page=True)
    row.get_by_role("button", name="Annehmen").click()
    expect(page).to_have_url(f"{base}/clients/{client.pk}/")
    expect(page.get_by_test_id("transfer-state")).to_contain_text("angenommen")
    _fits(page)
    assert Client.objects.get(pk=client.pk).team_id == mbe.pk
    assert TeamTransfer.objects.get(client=client).status == TransferStatus.ACCEPTED
