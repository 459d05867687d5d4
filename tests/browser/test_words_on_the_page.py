"""Issue #19 §2 in a real browser, the words people read: the sign-in page says "Sie" and
offers no sign-up; the public pages link the imprint and the privacy notice; the dashboard
names each client with name and file number; the audit trail says in German what happened,
who did it and when.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, expect

from accounts.test_account_pages_german import DU
from lotse.audit.models import AuditEntry
from lotse.clients.models import Client
from lotse_browser import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

COUNSELLOR = "beratung1@demo.lotse.invalid"
DPO = "datenschutz@demo.lotse.invalid"
FILE_NUMBER = re.compile(r"^\(\w+-\d{4}-\d{5}\)$")


def test_sign_in_public_footer_dashboard_names_and_audit_trail_in_words(
    live_server: Any, browser: Browser, demo_data: dict[str, int]
) -> None:
    base = live_server.url
    visitor = browser.new_context(viewport={"width": 390, "height": 844})
    page = visitor.new_page()

    # Sign-in: "Sie", no way to a sign-up that is switched off.
    page.goto(f"{base}/accounts/login/")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    text = page.locator("main").inner_text()
    assert not DU.findall(text), DU.findall(text)
    expect(page.locator(f"a[href^='{reverse('account_signup')}']")).to_have_count(0)

    # Every public page links the imprint and the privacy notice, and both open.
    page.goto(f"{base}/public/de/")
    footer = page.locator("footer")
    for name, path in (("Impressum", "imprint"), ("Datenschutz", "privacy")):
        link = footer.get_by_role("link", name=re.compile(name))
        expect(link).to_be_visible()
        expect(link).to_have_attribute("href", f"/public/de/{path}/")
    footer.get_by_role("link", name=re.compile("Impressum")).click()
    expect(page).to_have_url(f"{base}/public/de/imprint/")
    expect(page.locator("main h1")).to_be_visible()
    visitor.close()

    # The dashboard names each recently changed file: name, then (file number).
    staff = browser.new_context(viewport={"width": 390, "height": 844})
    page = staff.new_page()
    log_in(page, base, COUNSELLOR)
    names = page.locator("main [data-testid=client-name]")
    expect(names.first).to_be_visible()
    assert names.count() >= 5
    for i in range(min(names.count(), 8)):
        name = names.nth(i)
        assert name.inner_text().strip(), i
        number = name.locator("xpath=following-sibling::span[1]").inner_text().strip()
        assert FILE_NUMBER.match(number), (i, number)
        shown = Client.objects.get(file_number=number.strip("()"))
        assert name.inner_text().strip() == shown.display_name
    # Opening a file, which the trail records.
    names.first.click()
    expect(page).to_have_url(re.compile(r"/clients/\d+/$"))
    staff.close()

    # The data protection officer reads the trail: German words, a person, a date and time.
    dpo = browser.new_context(viewport={"width": 1280, "height": 900})
    page = dpo.new_page()
    log_in(page, base, DPO)
    page.goto(f"{base}{reverse('audit_trail')}")
    actions = page.get_by_test_id("audit-action")
    expect(actions.first).to_be_visible()
    words = [a.strip() for a in actions.all_inner_texts()]
    assert "Akte geöffnet" in words, words
    assert not [w for w in words if "." in w or "_" in w], words
    viewed = AuditEntry.objects.filter(action="client.viewed").latest("seq")
    row = page.locator("main tr", has=page.get_by_test_id("audit-action")).filter(
        has_text="Akte geöffnet"
    )
    expect(row.first).to_contain_text(viewed.actor_label)
    expect(row.first).to_contain_text(timezone.localtime(viewed.at).strftime("%d.%m.%Y %H:%M"))
    dpo.close()
