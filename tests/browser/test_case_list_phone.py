"""The case working list on a phone (issue #17 §3): cards, 44 px targets, no sideways scroll,
no serious axe violation, and a filter chosen from a select swaps the rows in by HTMX."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
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
from lotse.cases.models import Case, Review
from lotse.cases.phases import Phase
from lotse.clients.services import ClientData, client_create
from lotse_testing import build_org

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SHOT = Path("/tmp/lotse-case-list-390.png")  # noqa: S108 - outside the repo, for a human


def test_case_list_on_a_phone(live_server: Any, browser: Browser) -> None:
    org = build_org()
    today = timezone.localdate()
    for i, phase in enumerate([Phase.ASSESSMENT, Phase.IMPLEMENTATION, Phase.REVIEW]):
        client = client_create(
            team=org.team_a, data=ClientData(first_name=f"Person{i}", last_name="Mustermann")
        )
        case = Case.objects.create(
            client=client,
            service="mbe",
            phase=phase,
            phase_since=today,
            opened_on=today - timedelta(days=10 * i),
            counsellor=org.users["counsellor"],
        )
        Review.objects.create(case=case, scheduled_on=today + timedelta(days=i - 1))
    url = live_server.url + reverse("case_list")

    context = signed_in_context(browser, live_server.url, org, "counsellor")
    page = context.new_page()
    page.set_viewport_size(PHONE)
    page.goto(url)
    assert layout_problems(page) == []
    assert page.evaluate(SMALL_TARGETS) == []
    table = page.locator("main table.lotse-cards")
    expect(table).to_have_count(1)
    row = table.locator("tbody tr").first
    assert row.evaluate("e => getComputedStyle(e).display") == "block"
    expect(table.locator("tbody tr")).to_have_count(3)
    page.screenshot(path=str(SHOT), full_page=True)

    # A filter from a select: the rows are swapped in by HTMX, the address follows.
    page.locator("#id_phase").select_option("implementation")
    expect(table.locator("tbody tr")).to_have_count(1)
    expect(page.locator("#case-results table.lotse-cards td[data-label='Phase']")).to_have_text(
        "Umsetzung"
    )
    assert "phase=implementation" in page.url
    assert layout_problems(page) == []
    context.close()

    axe = signed_in_context(browser, live_server.url, org, "counsellor", for_axe=True)
    page = axe.new_page()
    for size in (PHONE, DESKTOP):
        page.set_viewport_size(size)
        page.goto(url + "?opened_from=99.99.9999")  # the error summary too
        assert audit(page) == [], size
    axe.close()
