"""Helpers for browser tests: sign-in with password and a fresh TOTP code (demo users)."""

from __future__ import annotations

import re
import time
from datetime import date
from typing import Any

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from playwright.sync_api import Page, expect

from lotse.demo.data import DEMO_PASSWORD, DEMO_TOTP_SECRET

TOTP_PERIOD = 30
DASHBOARD_URL = re.compile(r"/dashboard/$")
TWO_FACTOR_URL = re.compile(r"/accounts/2fa/authenticate/$")
LOGIN_URL = re.compile(r"/accounts/login/(\?.*)?$")
LOGIN_OR_2FA_URL = re.compile(r"/accounts/(login|2fa/authenticate)/(\?.*)?$")

# allauth refuses a code the same person has already used (kept in the cache for a period),
# so remember which (person, counter) pairs this run has spent.
_spent_codes: set[tuple[str, int]] = set()


def fresh_totp_code(email: str, secret: str = DEMO_TOTP_SECRET) -> str:
    """A currently accepted TOTP code for ``email`` that this run has not used yet.

    The server accepts the previous, current and next period. If the current period's code
    is spent, the next period's is used; failing that, wait for a new period.
    """
    while True:
        counter = int(time.time()) // TOTP_PERIOD
        for candidate in (counter, counter + 1):
            if (email, candidate) not in _spent_codes:
                _spent_codes.add((email, candidate))
                return format_hotp_value(hotp_value(secret, candidate))
        time.sleep(TOTP_PERIOD - time.time() % TOTP_PERIOD + 0.5)


def currently_accepted_codes() -> set[str]:
    counter = int(time.time()) // TOTP_PERIOD
    counters = range(counter - 2, counter + 3)
    return {format_hotp_value(hotp_value(DEMO_TOTP_SECRET, c)) for c in counters}


def submit_main_form(page: Page) -> None:
    # The top bar holds the language form with its own submit button: stay inside <main>.
    # The code page also has "Cancel", a button bound to another form (form="logout-...").
    page.locator("main button[type=submit]:not([form])").click()


def enter_password(page: Page, base_url: str, email: str, password: str = DEMO_PASSWORD) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.locator("main input[name=login]").fill(email)
    page.locator("main input[name=password]").fill(password)
    submit_main_form(page)
    expect(page).to_have_url(TWO_FACTOR_URL)


def log_in(
    page: Page,
    base_url: str,
    email: str,
    *,
    password: str = DEMO_PASSWORD,
    totp_secret: str = DEMO_TOTP_SECRET,
) -> None:
    """Password, then a fresh TOTP code; ends on the dashboard. Demo users by default."""
    enter_password(page, base_url, email, password)
    page.locator("main input[name=code]").fill(fresh_totp_code(email, totp_secret))
    submit_main_form(page)
    expect(page).to_have_url(DASHBOARD_URL)
    # Signed in; on a phone the name sits in the folded menu, so it is present, not visible.
    expect(page.get_by_test_id("current-user")).to_be_attached()


def case_in_support_plan(client: Any, counsellor: Any, opened: date) -> Any:
    """A first contact and a case opened on ``opened`` whose assessment is saved that day:
    the case stands in the support-plan phase."""
    from lotse.cases import services as cases
    from lotse.clients.models import Intake

    Intake.objects.create(
        client=client,
        service="mbe",
        date=opened,
        access_channel="walk_in",
        livelihood="unknown",
        outcome="counselling",
        counsellor=counsellor,
    )
    case = cases.case_open(client=client, counsellor=counsellor, opened_on=opened)
    cases.assessment_save(
        case=case,
        data=cases.AssessmentData(assessed_on=opened),
        qualifications=[],
        languages=[],
        by=counsellor,
        expected_version=None,
    )
    case.refresh_from_db()
    return case


from lotse_testing import reseed_migration_data  # noqa: E402, F401 - kept importable here
