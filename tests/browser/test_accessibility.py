"""Accessibility audit with axe-core (vendored: tests/assets/axe.min.js, MPL-2.0, see
tests/assets/axe-core.LICENSE) over the public pages in German and Arabic and the internal
pages a team lead reaches: zero serious or critical violations (issue #9 §5).

The app's Content Security Policy refuses inline scripts, and Playwright injects axe as one:
the browser context bypasses the CSP (tests only). Every page is audited after load, forms
also after a submission with errors.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings
from playwright.sync_api import Browser, BrowserContext, Page, expect

from lotse.accounts.models import User
from lotse.appointments.models import Appointment, AppointmentRequest
from lotse.clients.models import Client
from lotse.organisation.models import Centre
from lotse_browser import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def world(transactional_db: None) -> dict[str, object]:
    """The demo-like centre with its staff (tests/appointments/samples.py)."""
    from appointments.samples import build_public_world

    return build_public_world()


AXE = Path(__file__).resolve().parent.parent / "assets" / "axe.min.js"
TEAM_LEAD = "teamleitung@demo.lotse.invalid"
SEVERE = {"serious", "critical"}


def audit(page: Page) -> list[dict[str, Any]]:
    """Serious and critical axe violations of the page as it is now."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async () => await axe.run(document, {resultTypes: ['violations'],"
        " runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa',"
        " 'best-practice']}})"
    )
    return [
        {
            "rule": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "targets": [node["target"] for node in v["nodes"]][:5],
        }
        for v in result["violations"]
        if v["impact"] in SEVERE
    ]


class Auditor:
    def __init__(self, context: BrowserContext, base: str) -> None:
        self.page = context.new_page()
        self.base = base
        self.found: dict[str, list[dict[str, Any]]] = {}
        self.audited: list[str] = []

    def visit(self, path: str, *, status: int = 200) -> Page:
        response = self.page.goto(self.base + path)
        assert response is not None and response.status == status, (path, response)
        self.check(path)
        return self.page

    def check(self, label: str) -> None:
        self.audited.append(label)
        violations = audit(self.page)
        if violations:
            self.found[label] = violations

    def assert_clean(self) -> None:
        assert not self.found, "serious/critical axe violations:\n" + json.dumps(
            self.found, indent=1, ensure_ascii=False
        )


def submit(page: Page, button: str) -> None:
    """Click a full-page form's submit button and wait for the answer page: auditing
    right after the click could catch the browser between two documents."""
    with page.expect_navigation():
        page.locator(button).click()


def csp_free(browser: Browser) -> BrowserContext:
    return browser.new_context(bypass_csp=True)


@pytest.mark.parametrize("lang", ["de", "ar"])
def test_public_pages_have_no_serious_violations(
    live_server: Any, browser: Browser, world: dict[str, object], lang: str
) -> None:
    centre = Centre.objects.get(name="Migrationsberatung Musterstadt")
    context = csp_free(browser)
    auditor = Auditor(context, live_server.url)
    auditor.visit("/public/")
    auditor.visit(f"/public/{lang}/")
    auditor.visit(f"/public/{lang}/?place=12345&service=mbe&language=ar")
    auditor.visit(f"/public/{lang}/?place=99999")
    auditor.visit(f"/public/{lang}/centres/{centre.pk}/")
    page = auditor.visit(f"/public/{lang}/which-service/")
    submit(page, "main form.public-form button[type=submit]")  # errors shown
    auditor.check(f"/public/{lang}/which-service/ (errors)")
    page.fill("#id_age", "40")
    page.check("#id_residence_4")  # asylum
    page.check("#id_crisis_0")
    page.check("#id_course_obligation_2")
    page.locator("main form.public-form button[type=submit]").click()
    expect(page.get_by_test_id("check-result")).to_be_visible()
    auditor.check(f"/public/{lang}/which-service/ (result)")
    page = auditor.visit(f"/public/{lang}/request/?centre={centre.pk}")
    submit(page, "main form[data-testid=request-form] button[type=submit]")
    auditor.check(f"/public/{lang}/request/ (errors)")
    auditor.visit(f"/public/{lang}/request/sent/?centre={centre.pk}")
    with override_settings(LOTSE_PUBLIC_REQUEST_LIMIT=1):
        page = auditor.page
        for _ in range(2):
            page.goto(f"{live_server.url}/public/{lang}/request/?centre={centre.pk}")
            page.locator("main form[data-testid=request-form] button[type=submit]").click()
        expect(page.get_by_test_id("rate-limited")).to_be_visible()
        auditor.check(f"/public/{lang}/request/ (429)")
    context.close()
    auditor.assert_clean()


def test_internal_pages_have_no_serious_violations(
    live_server: Any, browser: Browser, world: dict[str, object]
) -> None:
    base = live_server.url
    context = csp_free(browser)
    auditor = Auditor(context, base)
    log_in(auditor.page, base, TEAM_LEAD)
    auditor.check("/dashboard/")
    client = Client.objects.filter(team__name="MBE-Team").order_by("pk").first()
    assert client is not None
    appointment = Appointment.objects.order_by("pk").first()
    item = AppointmentRequest.objects.filter(suspected_spam=False).order_by("pk").first()
    spam = AppointmentRequest.objects.filter(suspected_spam=True).order_by("pk").first()
    centre = Centre.objects.get(name="Migrationsberatung Musterstadt")
    assert appointment and item and spam
    for path in (
        "/dashboard/",
        "/clients/",
        f"/clients/{client.pk}/",
        "/clients/waiting-list/",
        "/appointments/",
        "/appointments/?all=1",
        "/appointments/requests/",
        "/appointments/requests/?box=spam",
        f"/appointments/requests/{item.pk}/",
        f"/appointments/requests/{spam.pk}/",
        f"/appointments/requests/{item.pk}/book/",
        f"/appointments/{appointment.pk}/",
        f"/appointments/clients/{client.pk}/",
        f"/appointments/clients/{client.pk}/book/",
        "/appointments/capacity/",
        "/appointments/office-hours/",
        f"/appointments/office-hours/{centre.pk}/edit/",
    ):
        auditor.visit(path)
    # forms with errors: a colleague takes the chosen time meanwhile; wrong office hours
    page = auditor.visit(f"/appointments/clients/{client.pk}/book/")
    slot = page.locator("#id_slot option").first.get_attribute("value")
    assert slot
    lead = User.objects.get(email=TEAM_LEAD)  # the page offers the team lead's own times
    Appointment.objects.create(
        centre=centre,
        counsellor=lead,
        client=client,
        starts_at=datetime.fromisoformat(slot),
        created_by=lead,
    )
    page.select_option("#id_slot", slot)
    page.locator("main form[data-testid=booking-form] button[type=submit]").click()
    expect(page.locator("#form-errors")).to_be_visible()
    auditor.check(f"/appointments/clients/{client.pk}/book/ (errors)")
    page = auditor.visit(f"/appointments/office-hours/{centre.pk}/edit/")
    page.fill("#id_d0_0_start", "15:00")
    page.fill("#id_d0_0_end", "09:00")
    submit(page, "main form[method=post] button[type=submit]")
    auditor.check("/appointments/office-hours/ (errors)")
    context.close()
    auditor.assert_clean()
