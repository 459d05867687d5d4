"""Issue #2: sign-in with a second factor, language switch and sign-out in a real browser.

Only ``html[lang]``, URLs, test ids and status codes are asserted, never translated words.
"""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from playwright.sync_api import Page, expect

from lotse.demo.data import DEMO_PASSWORD, DEMO_TOTP_SECRET

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COUNSELLOR = "beratung1@demo.lotse.invalid"
STATISTICS_OFFICER = "statistik@demo.lotse.invalid"
SCREENSHOT = "/tmp/lotse-dashboard.png"  # noqa: S108 - outside the repo, for a human to look at
TOTP_PERIOD = 30

DASHBOARD_URL = re.compile(r"/dashboard/$")
TWO_FACTOR_URL = re.compile(r"/accounts/2fa/authenticate/$")
LOGIN_URL = re.compile(r"/accounts/login/(\?.*)?$")
LOGIN_OR_2FA_URL = re.compile(r"/accounts/(login|2fa/authenticate)/(\?.*)?$")

# allauth refuses a code the same person has already used (kept in the cache for a period),
# so remember which (person, counter) pairs this run has spent.
_spent_codes: set[tuple[str, int]] = set()


def fresh_totp_code(email: str) -> str:
    """A currently accepted TOTP code for ``email`` that this run has not used yet.

    The server accepts the previous, current and next period. If the current period's code
    is spent, the next period's is used; failing that, wait for a new period.
    """
    while True:
        counter = int(time.time()) // TOTP_PERIOD
        for candidate in (counter, counter + 1):
            if (email, candidate) not in _spent_codes:
                _spent_codes.add((email, candidate))
                return format_hotp_value(hotp_value(DEMO_TOTP_SECRET, candidate))
        time.sleep(TOTP_PERIOD - time.time() % TOTP_PERIOD + 0.5)


def currently_accepted_codes() -> set[str]:
    counter = int(time.time()) // TOTP_PERIOD
    counters = range(counter - 2, counter + 3)
    return {format_hotp_value(hotp_value(DEMO_TOTP_SECRET, c)) for c in counters}


def submit_main_form(page: Page) -> None:
    # The top bar holds the language form with its own submit button: stay inside <main>.
    # The code page also has "Cancel", a button bound to another form (form="logout-...").
    page.locator("main button[type=submit]:not([form])").click()


def enter_password(page: Page, base_url: str, email: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.locator("main input[name=login]").fill(email)
    page.locator("main input[name=password]").fill(DEMO_PASSWORD)
    submit_main_form(page)
    expect(page).to_have_url(TWO_FACTOR_URL)


def log_in(page: Page, base_url: str, email: str) -> None:
    """Password, then a fresh TOTP code; ends on the dashboard."""
    enter_password(page, base_url, email)
    page.locator("main input[name=code]").fill(fresh_totp_code(email))
    submit_main_form(page)
    expect(page).to_have_url(DASHBOARD_URL)
    expect(page.get_by_test_id("current-user")).to_be_visible()


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
