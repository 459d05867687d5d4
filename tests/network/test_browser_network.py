"""Issue #5 in a real browser: partner, agreement with PDF, referral with and without consent,
outcome, and a course participant at risk on the counsellor's dashboard.

Only URLs, test ids, form values and names typed by the test are asserted, never translated words.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from lotse.accounts.models import User
from lotse.clients.models import Client
from lotse.clients.selectors import consent_current
from lotse.clients.services import consent_record, consent_withdraw
from lotse.courses.models import IntegrationCourse
from lotse.network.models import CooperationAgreement, Partner, Referral
from lotse.organisation.models import ServiceKind
from lotse_browser import log_in
from network.samples import minimal_pdf

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

COUNSELLOR = "beratung1@demo.lotse.invalid"
PARTNER = "Kita Sonnenschein Musterstadt"
SHOTS = Path("/tmp/lotse-network-shots")  # noqa: S108 - outside the repo, for a human to look at


def submit(page: Page) -> None:
    page.locator("main form[method=post] button[type=submit]").last.click()


def prepare_clients() -> tuple[Client, Client]:
    """One client whose written consent names the new partner, one without any consent.

    After the partner exists: a consent names network partners by key."""
    counsellor = User.objects.get(email=COUNSELLOR)
    mbe = Client.objects.filter(team__service__kind=ServiceKind.MBE).order_by("pk")
    with_consent, without = mbe.first(), mbe.last()
    assert with_consent is not None and without is not None
    today = timezone.localdate()
    consent_record(
        client=with_consent,
        recorded_by=counsellor,
        informed_on=today,
        information_language="de",
        written=True,
        signed_on=today,
        scope_storage=True,
        scope_share_with_partners=True,
        partners=[Partner.objects.get(name=PARTNER)],
        scope_contact_phone=False,
        scope_contact_email=False,
    )
    while (consent := consent_current(without)) is not None:
        consent_withdraw(consent=consent, withdrawn_on=today, recorded_by=counsellor)
    return with_consent, without


def test_partner_agreement_referrals_and_course_risk(
    live_server: Any, page: Page, small_demo: dict[str, int], tmp_path: Path
) -> None:
    SHOTS.mkdir(exist_ok=True)
    base = live_server.url
    log_in(page, base, COUNSELLOR)

    # 1. a new partner
    page.goto(f"{base}/network/partners/new/")
    page.locator("#id_name").fill(PARTNER)
    page.locator("#id_category").select_option("childcare")
    page.locator("#id_street").fill("Gartenweg 3")
    page.locator("#id_postal_code").fill("12345")
    page.locator("#id_city").fill("Musterstadt")
    page.locator("#id_opening_hours").fill("Mo–Fr 07:00–16:00")
    submit(page)
    expect(page).to_have_url(re.compile(r"/network/partners/\d+/$"))
    expect(page.get_by_test_id("partner-name")).to_contain_text(PARTNER)
    with_consent, without = prepare_clients()

    # 2. a cooperation agreement with the signed PDF
    page.locator("a[href$='/agreements/new/']").click()
    page.locator("#id_title").fill("Kinderbetreuung während der Kurse")
    page.locator("#id_valid_from").fill(timezone.localdate().replace(day=1).strftime("%d.%m.%Y"))
    page.locator("#id_topic_dropout_alerts").check()
    signed = tmp_path / "Vereinbarung Kita.pdf"
    signed.write_bytes(minimal_pdf())
    page.locator("#id_document").set_input_files(str(signed))
    submit(page)
    expect(page).to_have_url(re.compile(r"/network/partners/\d+/$"))
    link = page.get_by_test_id("agreement-document")
    expect(link).to_have_text("Vereinbarung Kita.pdf")
    download = page.request.get(base + link.get_attribute("href"))
    assert download.status == 200 and download.body() == minimal_pdf()
    assert CooperationAgreement.objects.get(partner__name=PARTNER).document_file
    page.screenshot(path=str(SHOTS / "partner.png"), full_page=True)
    page.goto(f"{base}/network/coverage/")
    expect(page.get_by_test_id("coverage-childcare")).to_have_attribute("data-status", "covered")

    # 3. a referral of the client whose consent names this partner, then its outcome
    page.goto(f"{base}/network/clients/{with_consent.pk}/referrals/new/")
    page.locator("#id_partner").select_option(label=PARTNER)
    page.locator("#id_purpose").fill("Betreuungsplatz während des Integrationskurses")
    page.locator("input[name=data_items][value=contact]").check()
    submit(page)
    expect(page).to_have_url(re.compile(rf"/network/clients/{with_consent.pk}/referrals/$"))
    row = page.get_by_test_id("referral-row").filter(has_text=PARTNER)
    expect(row).to_have_count(1)
    referral = Referral.objects.get(client=with_consent, partner__name=PARTNER)
    assert referral.data_items == ["contact"] and not referral.without_personal_data
    row.locator("a[href$='/outcome/']").click()
    page.locator("#id_outcome").select_option("accepted")
    submit(page)
    expect(page).to_have_url(re.compile(rf"/network/clients/{with_consent.pk}/referrals/$"))
    referral.refresh_from_db()
    assert referral.outcome == "accepted"
    page.screenshot(path=str(SHOTS / "referrals.png"), full_page=True)

    # 4. without consent, passing data is refused with a clear message; nothing is saved
    page.goto(f"{base}/network/clients/{without.pk}/referrals/new/")
    page.locator("#id_partner").select_option(label=PARTNER)
    page.locator("#id_purpose").fill("Betreuungsplatz")
    page.locator("input[name=data_items][value=contact]").check()
    submit(page)
    expect(page).to_have_url(re.compile(rf"/network/clients/{without.pk}/referrals/new/$"))
    expect(page.locator("#form-errors")).to_contain_text(PARTNER)
    expect(page.locator("#id_purpose")).to_have_value("Betreuungsplatz")
    assert not Referral.objects.filter(client=without, partner__name=PARTNER).exists()
    page.screenshot(path=str(SHOTS / "refused.png"), full_page=True)

    # 5. a course participation with a drop-out risk reaches the counsellor's dashboard
    page.goto(f"{base}/courses/clients/{with_consent.pk}/new/")
    running = IntegrationCourse.objects.filter(start_on__lte=timezone.localdate()).first()
    assert running is not None
    page.locator("#id_course").select_option(str(running.pk))
    page.locator("#id_status").select_option("attending")
    submit(page)
    expect(page).to_have_url(re.compile(rf"/courses/clients/{with_consent.pk}/$"))
    page.locator("a[href*='/risk/']").first.click()
    expect(page.locator("#id_at_risk")).to_be_checked()
    page.locator("#id_risk_reason").select_option("childcare")
    page.locator("#id_intervention").fill("Gespräch mit der Kursleitung")
    submit(page)
    expect(page.get_by_test_id("risk-flag")).to_be_visible()
    page.goto(f"{base}/dashboard/")
    expect(page.get_by_test_id("course-risk-list")).to_contain_text(with_consent.file_number)
    page.screenshot(path=str(SHOTS / "dashboard.png"), full_page=True)
