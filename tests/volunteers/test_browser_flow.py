"""Issue #8 in a real browser: register, train, match, confirm, meet — and the silent pair.

Only test ids, form names, URLs and data (names, dates) are asserted, never translated words.
The silent partnership is made by data: its last meeting is 30 days old.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

import lotse_browser
from lotse.volunteers import services
from lotse.volunteers.models import Partnership, TandemPartner, TrainingModule, TrainingSession
from lotse_testing import PASSWORD, TOTP_SECRET
from volunteers.samples import district, make_partner, make_partnership, make_volunteer

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SCREENSHOT = "/tmp/lotse-volunteers-dashboard.png"  # noqa: S108 - for a human to look at


def submit(page: Page, scope: str = "main") -> None:
    page.locator(f"{scope} button[type=submit]:not([form])").first.click()


def log_in(page: Page, base: str, email: str) -> None:
    """The persona users of lotse_testing, not the demo users."""
    lotse_browser.log_in(page, base, email, password=PASSWORD, totp_secret=TOTP_SECRET)


@pytest.fixture
def programme(org) -> dict[str, Any]:
    """Four planned sessions, a waiting partner, and a partnership that went silent."""
    today = timezone.localdate()
    district(org, "Nordstadt")
    for offset, module in enumerate(TrainingModule.objects.order_by("position")[1:], start=1):
        services.training_session_create(
            team=org.team_a,
            module=module,
            date=today - timedelta(days=7 * offset),
            hours=module.hours,
            created_by=org.users["coordinator"],
        )
    make_volunteer(org, first_name="Klaus", last_name="Berger", gender="male")
    silent_volunteer = make_volunteer(org, first_name="Henrike", last_name="Stumm")
    silent = make_partnership(org, silent_volunteer, make_partner(org, first_name="Olena"))
    services.meeting_log(
        partnership=silent,
        date=today - timedelta(days=30),
        duration_minutes=60,
        activities=["german"],
        logged_by=org.users["coordinator"],
    )
    partner = make_partner(
        org, first_name="Samira", wants_bilingual_contact=True, slots=["tue_evening"]
    )
    return {"partner": partner, "silent": silent}


def test_coordinator_registers_trains_matches_confirms_and_logs(
    live_server: Any, page: Page, org, programme: dict[str, Any]
) -> None:
    base = live_server.url
    log_in(page, base, org.users["coordinator"].email)

    # 1. Register a volunteer who speaks Arabic and offers to be a bilingual contact person.
    page.goto(f"{base}/volunteers/new/")
    form = page.get_by_test_id("volunteer-form")
    form.locator("input[name=first_name]").fill("Nadia")
    form.locator("input[name=last_name]").fill("Haddad-Weber")
    form.locator("input[name=phone]").fill("0176 2345678")
    form.locator("select[name=gender]").select_option("female")
    form.locator("input[name=consent_on]").fill(timezone.localdate().strftime("%d.%m.%Y"))
    form.locator("input[name=bilingual_contact]").check()
    form.locator("select[name=lang_de]").select_option("C")
    form.locator("select[name=lang_ar]").select_option("native")
    form.locator("#slot-tue_evening").check()
    form.locator("input[name=interests][value=cooking]").check()
    form.get_by_label("Nordstadt").check()
    submit(page)
    expect(page.get_by_test_id("volunteer-name")).to_have_text("Nadia Haddad-Weber")
    volunteer_url = page.url

    # 2. Record the training: one new session in the browser, then attendance at all five.
    page.goto(f"{base}/volunteers/training/sessions/new/")
    first_module = TrainingModule.objects.order_by("position").first()
    assert first_module is not None
    page.locator("main select[name=module]").select_option(str(first_module.pk))
    page.locator("main input[name=date]").fill(timezone.localdate().strftime("%d.%m.%Y"))
    submit(page)
    expect(page.get_by_test_id("attendance-form")).to_be_visible()
    for session in TrainingSession.objects.order_by("date"):
        page.goto(f"{base}/volunteers/training/sessions/{session.pk}/")
        form = page.get_by_test_id("attendance-form")
        form.get_by_label(re.compile("^Nadia Haddad-Weber")).check()
        submit(page, "[data-testid=attendance-form]")
        expect(page.get_by_test_id("attendance-form")).to_be_visible()
    page.goto(volunteer_url)
    expect(page.locator("#h-training ~ progress")).to_have_attribute("value", "40")
    expect(page.get_by_test_id("certificate-link")).to_be_visible()
    page.get_by_test_id("status-form").locator("select[name=target]").select_option("active")
    submit(page, "[data-testid=status-form]")
    expect(page.get_by_test_id("volunteer-status")).not_to_have_text("")
    expect(
        page.get_by_test_id("status-form").locator("select[name=target] option[value=active]")
    ).to_have_count(0)

    # 3. Ranked suggestions with reasons for Samira: the bilingual contact person first.
    partner: TandemPartner = programme["partner"]
    page.goto(f"{base}/volunteers/partners/{partner.pk}/suggestions/")
    suggestions = page.get_by_test_id("suggestion")
    expect(suggestions).to_have_count(2)  # Henrike is taken; Klaus and Nadia are free
    expect(suggestions.first).to_contain_text("Nadia Haddad-Weber")
    expect(suggestions.first.get_by_test_id("reason")).to_have_count(5)
    expect(suggestions.nth(1)).to_contain_text("Klaus Berger")

    # 4. Confirm: the partnership is proposed; start it.
    suggestions.first.get_by_test_id("confirm").click()
    expect(page).to_have_url(re.compile(r"/volunteers/partnerships/\d+/$"))
    partnership = Partnership.objects.get(partner=partner)
    assert partnership.volunteer.first_name == "Nadia"
    transition = page.get_by_test_id("transition-form")
    transition.locator("select[name=target]").select_option("active")
    submit(page, "[data-testid=transition-form]")
    expect(page.get_by_test_id("partnership-status")).to_be_visible()

    # 5. Log a meeting with the quick log (HTMX: the list refreshes in place).
    meeting = page.get_by_test_id("meeting-form")
    meeting.locator("input[name='meeting-duration_minutes']").fill("75")
    meeting.locator("input[name='meeting-activities'][value=german]").check()
    meeting.locator("input[name='meeting-activities'][value=authority]").check()
    submit(page, "[data-testid=meeting-form]")
    rows = page.get_by_test_id("meeting-table").locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(timezone.localdate().strftime("%d.%m.%Y"))
    expect(rows.first).to_contain_text("75")
    assert partnership.meetings.get().activities == ["authority", "german"]

    # 6. The dashboard flags only the partnership whose last meeting is 30 days old.
    page.goto(f"{base}/dashboard/")
    flagged = page.get_by_test_id("silent-partnership")
    expect(flagged).to_have_count(1)
    expect(flagged).to_contain_text("Henrike Stumm")
    expect(flagged).to_contain_text(
        (timezone.localdate() - timedelta(days=30)).strftime("%d.%m.%Y")
    )
    page.screenshot(path=SCREENSHOT, full_page=True)
