"""The client list sorted on a phone (issue #17 §3): the column headers are hidden in the cards,
so the sort is chosen from a select; the list is swapped in by HTMX and the address follows."""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from browser.test_mobile_layout import PHONE, layout_problems, signed_in_context
from lotse.clients.models import Client
from lotse.clients.services import ClientData, client_create
from lotse_testing import build_org

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_choosing_a_sort_on_a_phone_reorders_the_list(live_server: Any, browser: Browser) -> None:
    org = build_org()
    changed = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)
    Client.objects.filter(pk=org.client_a.pk).update(
        file_number="T-300", updated_at=changed, birth_year=1980
    )
    # Newest change first: T-200, T-100, T-300; by file number: T-100, T-200, T-300.
    for minutes, number, year in ((5, "T-100", 2001), (9, "T-200", None)):
        client = client_create(team=org.team_a, data=ClientData(first_name="Mia", last_name="K"))
        Client.objects.filter(pk=client.pk).update(
            file_number=number, updated_at=changed + timedelta(minutes=minutes), birth_year=year
        )
    context = signed_in_context(browser, live_server.url, org, "counsellor")
    page = context.new_page()
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + reverse("client_list"))
    numbers = page.locator("#client-results table tbody tr td:nth-child(2) a")
    expect(numbers).to_have_text(["T-200", "T-100", "T-300"])
    sort = page.get_by_label("Sortierung")
    expect(sort).to_have_value("-changed")
    assert sort.is_visible()

    sort.select_option("file_number")
    expect(numbers).to_have_text(["T-100", "T-200", "T-300"])
    expect(page).to_have_url(live_server.url + reverse("client_list") + "?sort=file_number")
    expect(page.get_by_label("Sortierung")).to_have_value("file_number")
    # The whole list came along: the export link keeps the sort.
    expect(page.get_by_test_id("client-export-xlsx")).to_have_attribute(
        "href", reverse("client_export", args=["xlsx"]) + "?sort=file_number"
    )

    # By keyboard: an arrow key chooses the next sort, the select keeps the focus after the swap.
    page.get_by_label("Sortierung").focus()
    page.keyboard.press("ArrowDown")
    expect(numbers).to_have_text(["T-300", "T-200", "T-100"])
    expect(page.get_by_label("Sortierung")).to_be_focused()
    assert page.url.endswith("?sort=-file_number")
    page.get_by_label("Sortierung").select_option("-birth_year")
    expect(numbers).to_have_text(["T-100", "T-300", "T-200"])  # no year of birth last
    assert "sort=-birth_year" in page.url
    # The swapped-in table is made into cards once htmx has settled it: measure after that
    # (a page that keeps scrolling sideways still fails below).
    page.wait_for_load_state("networkidle")
    with contextlib.suppress(PlaywrightTimeoutError):
        page.wait_for_function(
            "() => document.documentElement.scrollWidth <= window.innerWidth", timeout=5000
        )
    assert layout_problems(page) == []

    # Reload and back keep what the address says.
    page.reload()
    expect(numbers).to_have_text(["T-100", "T-300", "T-200"])
    page.go_back()
    expect(numbers).to_have_text(["T-300", "T-200", "T-100"])
    expect(page.get_by_label("Sortierung")).to_have_value("-file_number")
    context.close()
