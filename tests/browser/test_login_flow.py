"""Issue #2: sign-in with a second factor, language switch and sign-out in a real browser.

Only ``html[lang]``, URLs, test ids and status codes are asserted, never translated words.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from lotse_browser import (  # noqa: F401 - re-exported for older imports
    DASHBOARD_URL,
    LOGIN_OR_2FA_URL,
    LOGIN_URL,
    TWO_FACTOR_URL,
    currently_accepted_codes,
    enter_password,
    fresh_totp_code,
    log_in,
    submit_main_form,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

COUNSELLOR = "beratung1@demo.lotse.invalid"
STATISTICS_OFFICER = "statistik@demo.lotse.invalid"
SCREENSHOT = "/tmp/lotse-dashboard.png"  # noqa: S108 - outside the repo, for a human to look at


def switch_language(page: Page, code: str) -> None:
    form = page.locator("form[action='/i18n/setlang/']")
    form.locator("select#language-select").select_option(code)
    form.locator("button[type=submit]").click()
    expect(page.locator("html")).to_have_attribute("lang", code)


def test_counsellor_signs_in_switches_language_and_signs_out(
    live_server: Any, page: Page, demo_data: dict[str, int]
) -> None:
    log_in(page, live_server.url, COUNSELLOR)
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.locator("main h1")).to_be_visible()
    page.screenshot(path=SCREENSHOT, full_page=True)

    switch_language(page, "en")
    expect(page).to_have_url(DASHBOARD_URL)
    expect(page.get_by_test_id("clients-total")).to_be_visible()

    switch_language(page, "de")
    expect(page).to_have_url(DASHBOARD_URL)

    page.locator("form[action='/accounts/logout/'] button[type=submit]").click()
    expect(page).to_have_url(LOGIN_URL)
    expect(page.get_by_test_id("current-user")).to_have_count(0)

    page.goto(f"{live_server.url}/dashboard/")
    expect(page).to_have_url(LOGIN_URL)
    expect(page.get_by_test_id("current-user")).to_have_count(0)
    expect(page.get_by_test_id("clients-total")).to_have_count(0)


def test_wrong_totp_code_keeps_the_person_out(
    live_server: Any, page: Page, demo_data: dict[str, int]
) -> None:
    # "000000" unless it happens to be a valid code right now (one in a few hundred thousand).
    wrong = next(c for c in ("000000", "999999", "123456") if c not in currently_accepted_codes())
    enter_password(page, live_server.url, COUNSELLOR)
    page.locator("main input[name=code]").fill(wrong)
    submit_main_form(page)
    expect(page).to_have_url(TWO_FACTOR_URL)

    page.goto(f"{live_server.url}/dashboard/")
    expect(page).to_have_url(LOGIN_OR_2FA_URL)
    expect(page.get_by_test_id("current-user")).to_have_count(0)
    expect(page.get_by_test_id("clients-total")).to_have_count(0)


def test_statistics_officer_is_refused_the_client_list(
    live_server: Any, page: Page, demo_data: dict[str, int]
) -> None:
    log_in(page, live_server.url, STATISTICS_OFFICER)

    response = page.goto(f"{live_server.url}/clients/")
    assert response is not None
    assert response.status == 403
    expect(page).to_have_url(re.compile(r"/clients/$"))
    expect(page.get_by_test_id("current-user")).to_be_visible()
