"""Issue 19 §3 and §4 in a real browser: the search finds a name written in another script, the
new-file page flags a transliterated name with day and month of birth swapped, saying why; the
pages this changed (duplicate warning, flagged first contact, the way back in a case, a review
that cannot be saved yet) have no serious axe violations."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from browser.test_accessibility import Auditor, csp_free
from lotse.accounts.models import User
from lotse.cases.models import Review
from lotse.clients.services import ClientData, client_create
from lotse.organisation.models import Team
from lotse_browser import case_in_support_plan, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# The page's own form, not the flag forms under the client's name (lotse.office).
FILE_FORM_SUBMIT = "main form:not(#client-flags form) button[type=submit]"

COUNSELLOR = "beratung1@demo.lotse.invalid"


def test_search_and_duplicate_check_across_scripts(
    live_server: Any, page: Page, demo_data: dict[str, int]
) -> None:
    team = Team.objects.get(name="MBE-Team")
    cyrillic = client_create(
        team=team,
        data=ClientData(first_name="Олена", last_name="Шевчук", birth_date=date(1990, 3, 7)),
    )
    arabic = client_create(team=team, data=ClientData(first_name="محمد", last_name="Quenzelmann"))
    latin = client_create(
        team=team, data=ClientData(first_name="Muhammad", last_name="Quenzelmann")
    )
    base = live_server.url
    log_in(page, base, COUNSELLOR)

    # Latin letters find the Cyrillic name; "Mohammed" finds محمد and Muhammad.
    page.goto(f"{base}/clients/")
    page.fill("#id_q", "Olena Shevchuk")
    page.press("#id_q", "Enter")
    expect(page.locator("main")).to_contain_text(cyrillic.file_number)
    page.goto(f"{base}/clients/")
    page.fill("#id_q", "Mohammed Quenzelmann")
    page.press("#id_q", "Enter")
    results = page.locator("#client-results")
    expect(results).to_contain_text(arabic.file_number)
    expect(results).to_contain_text(latin.file_number)

    # A new file in Latin letters, birth date with day and month swapped: flagged, with why.
    page.goto(f"{base}/clients/new/")
    page.fill("#id_first_name", "Olena")
    page.fill("#id_last_name", "Shevchuk")
    page.fill("#id_birth_date", "03.07.1990")
    page.locator(FILE_FORM_SUBMIT).click()
    warning = page.get_by_test_id("duplicate-warning")
    expect(warning).to_be_visible()
    candidate = warning.get_by_test_id("duplicate-candidate")
    expect(candidate).to_contain_text(cyrillic.file_number)
    expect(candidate).to_contain_text("Tag und Monat der Geburt vertauscht")


def test_changed_pages_have_no_serious_axe_violations(
    live_server: Any, browser: Browser, demo_data: dict[str, int]
) -> None:
    team = Team.objects.get(name="MBE-Team")
    counsellor = User.objects.get(email=COUNSELLOR)
    client_create(
        team=team,
        data=ClientData(first_name="Олена", last_name="Шевчук", birth_date=date(1990, 3, 7)),
    )
    person = client_create(team=team, data=ClientData(first_name="Ilse", last_name="Quenzel"))
    today = timezone.localdate()
    case = case_in_support_plan(person, counsellor, today)
    review = Review.objects.create(case=case, scheduled_on=today)
    base = live_server.url
    auditor = Auditor(csp_free(browser), base)
    page = auditor.page
    log_in(page, base, COUNSELLOR)

    page.goto(f"{base}/clients/new/")
    page.fill("#id_first_name", "Olena")
    page.fill("#id_last_name", "Shevchuk")
    page.fill("#id_birth_date", "03.07.1990")
    page.locator(FILE_FORM_SUBMIT).click()
    expect(page.get_by_test_id("duplicate-warning")).to_be_visible()
    auditor.check("new file with duplicate warning")

    page.goto(f"{base}/clients/{person.pk}/first-contact/")
    page.fill("#id_date", today.strftime("%d.%m.%Y"))
    page.fill("#id_concern", "Wohnung")
    page.locator(FILE_FORM_SUBMIT).click()
    expect(page.locator("#id_same_day_confirmed")).to_be_visible()
    auditor.check("first contact flagged on the same day")

    page.goto(f"{base}/cases/client/{person.pk}/")
    back = page.get_by_test_id("back-assessment")
    back.locator("summary").click()
    expect(back.locator("input[name=reason]")).to_be_visible()
    # The pointer leaves the button and its 0.15 s colour transition ends: axe must see the
    # colours a reader sees, not a frame in between (it failed once mid-transition).
    page.mouse.move(0, 0)
    page.wait_for_timeout(400)
    auditor.check("case page with the way back open")

    auditor.visit(f"/cases/{case.pk}/reviews/{review.pk}/")
    expect(page.get_by_test_id("review-blockers")).to_be_visible()
    auditor.assert_clean()
