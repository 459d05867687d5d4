"""Bulk close and saved filters on the case list at 390 px (issue #17 §3): tick two cases,
close them with a reason, read each row's outcome; "all on this page" ticks the rows; a
filter saved by HTMX is listed and applied."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, expect

from browser.test_accessibility import audit
from browser.test_mobile_layout import (
    DESKTOP,
    PHONE,
    SMALL_TARGETS,
    layout_problems,
    signed_in_context,
)
from lotse.cases import services
from lotse.cases.models import Case
from lotse.cases.phases import Phase
from lotse.clients.services import ClientData, client_create
from lotse_testing import build_org

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_bulk_close_two_cases_on_a_phone(live_server: Any, browser: Browser) -> None:
    org = build_org()
    today = timezone.localdate()
    cases = []
    for i in range(3):
        client = client_create(
            team=org.team_a, data=ClientData(first_name=f"Person{i}", last_name="Mustermann")
        )
        cases.append(
            services.case_open(
                client=client,
                counsellor=org.users["counsellor"],
                opened_on=today - timedelta(days=10 * i + 1),
            )
        )
    context = signed_in_context(browser, live_server.url, org, "counsellor")
    page = context.new_page()
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + reverse("case_list"))
    assert layout_problems(page) == []
    assert page.evaluate(SMALL_TARGETS) == []
    picks = page.locator("[data-testid=case-pick]")
    expect(picks).to_have_count(3)

    # "All on this page" ticks every row; clearing one row clears it again.
    page.get_by_label("Alle Fälle auf dieser Seite auswählen").check()
    for i in range(3):
        expect(picks.nth(i)).to_be_checked()
    picks.nth(0).uncheck()
    expect(page.locator("[data-testid=case-pick-all]")).not_to_be_checked()
    for i in range(3):
        picks.nth(i).set_checked(False)

    # Two cases, by keyboard-reachable check boxes, closed with a reason.
    chosen = [int(picks.nth(i).get_attribute("value") or 0) for i in (0, 1)]
    picks.nth(0).check()
    picks.nth(1).check()
    page.locator("#case-bulk-action").select_option("close")
    page.get_by_test_id("case-bulk-continue").click()
    expect(page.get_by_test_id("bulk-plan").locator("tbody tr")).to_have_count(2)
    assert layout_problems(page) == []
    page.locator("#id_reason").select_option("moved_away")
    page.get_by_role("button", name="Jetzt abschließen").click()
    result = page.get_by_test_id("bulk-result")
    expect(result.locator("tbody tr")).to_have_count(2)
    expect(result.get_by_text("erledigt")).to_have_count(2)
    assert layout_problems(page) == []
    phases = dict(Case.objects.values_list("pk", "phase"))
    assert [pk for pk, phase in phases.items() if phase == Phase.CLOSED] == sorted(chosen)
    page.get_by_role("link", name="Zurück zur Liste").click()
    expect(page.locator("[data-testid=case-row]")).to_have_count(3)

    # A filter chosen by HTMX, saved by HTMX, then applied from its link.
    page.locator("#id_status").select_option("open")
    expect(page.locator("[data-testid=case-row]")).to_have_count(1)
    page.locator("#case-filter-name").fill("Meine offenen")
    page.get_by_test_id("case-save-filter").click()
    saved = page.locator("[data-testid=case-saved-filter]")
    expect(saved).to_have_count(1)
    assert page.evaluate(SMALL_TARGETS) == []
    page.goto(live_server.url + reverse("case_list"))
    expect(page.locator("[data-testid=case-row]")).to_have_count(3)
    page.get_by_role("link", name="Meine offenen").click()
    expect(page.locator("[data-testid=case-row]")).to_have_count(1)
    assert "status=open" in page.url
    assert layout_problems(page) == []
    context.close()

    # The saved filter, its delete button, the save form and the check boxes: no serious axe
    # violation on a phone or a desktop.
    axe = signed_in_context(browser, live_server.url, org, "counsellor", for_axe=True)
    page = axe.new_page()
    for size in (PHONE, DESKTOP):
        page.set_viewport_size(size)
        page.goto(live_server.url + reverse("case_list") + "?status=open")
        expect(page.locator("[data-testid=case-saved-filter]")).to_have_count(1)
        assert audit(page) == [], size
    axe.close()
