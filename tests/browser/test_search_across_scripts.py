"""Issue 19 §4 in a real browser: the search finds a name written in another script, and the
new-file page flags a transliterated name with a date of birth one day off, saying why."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from lotse.clients.services import ClientData, client_create
from lotse.organisation.models import Team
from lotse_browser import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

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
    page.locator("main form button[type=submit]").click()
    warning = page.get_by_test_id("duplicate-warning")
    expect(warning).to_be_visible()
    candidate = warning.get_by_test_id("duplicate-candidate")
    expect(candidate).to_contain_text(cyrillic.file_number)
    expect(candidate).to_contain_text("Tag und Monat der Geburt vertauscht")
