"""Issue #18 §2 "done when" in a real browser: SMS consent in Arabic recorded on the file (the
SMS channel ticked), an appointment booked, the queued message shown with Arabic text and the
right time; the SMS tick removed (consent withdrawn), the message cancelled. Screenshots go
to /tmp/messaging-*.png.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, expect

from browser.conftest import (  # noqa: F401 - fixtures shared with the other browser tests
    base_url,
    browser_type_launch_args,
    demo_data,
    live_server,
)
from lotse.accounts.models import User
from lotse.appointments.models import Appointment
from lotse.clients.models import Client
from lotse.messaging.models import OutgoingMessage, State
from lotse_browser import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

COUNSELLOR = "beratung1@demo.lotse.invalid"  # speaks Arabic (demo data)
SHOTS = Path("/tmp")  # noqa: S108 - outside the repo, for a human to look at


def test_sms_consent_in_arabic_booking_and_withdrawal(
    browser: Browser,
    live_server: Any,  # noqa: F811 - the fixtures imported above
    demo_data: dict[str, int],  # noqa: F811
) -> None:
    counsellor = User.objects.get(email=COUNSELLOR)
    team_ids = counsellor.client_team_ids(writable=True)
    client = (
        Client.objects.filter(team_id__in=team_ids, anonymised_at__isnull=True)
        .order_by("pk")
        .first()
    )
    assert client is not None
    client.phone = "+49 151 11122233"
    client.save()
    OutgoingMessage.objects.filter(client=client).delete()
    context = browser.new_context(locale="de-DE")
    page = context.new_page()
    try:
        log_in(page, live_server.url, COUNSELLOR)
        page.goto(f"{live_server.url}/clients/{client.pk}/")
        card = page.get_by_test_id("client-messages")
        card.get_by_test_id("messages-preference-edit").click()
        form = card.get_by_test_id("messages-preference-form")
        form.locator("input[name=sms_agreed]").check()
        yesterday = timezone.localdate() - timedelta(days=1)
        form.locator("input[name=sms_consent_on]").fill(yesterday.strftime("%d.%m.%Y"))
        form.locator("select[name=language]").select_option("ar")
        form.get_by_test_id("messages-preference-save").click()
        expect(page.get_by_test_id("messages-preference")).to_contain_text(
            yesterday.strftime("%d.%m.%Y")
        )

        page.goto(f"{live_server.url}/appointments/clients/{client.pk}/book/")
        slot = page.locator("#id_slot option").first.get_attribute("value")
        assert slot
        page.select_option("#id_slot", slot)
        page.locator("main form[data-testid=booking-form] button[type=submit]").click()
        expect(page.get_by_test_id("appointment-status")).to_be_visible()
        expect(page.get_by_test_id("appointment-messages")).to_contain_text("wartet auf Versand")
        appointment = Appointment.objects.get(client=client, starts_at=datetime.fromisoformat(slot))
        local = timezone.localtime(appointment.starts_at)

        page.goto(f"{live_server.url}/clients/{client.pk}/")
        rows = page.get_by_test_id("message-row")
        expect(rows.first).to_have_attribute("data-state", "queued")
        confirmation = page.locator("[data-testid=message-row]", has_text="Bestätigung")
        confirmation.locator("summary").click()
        text = confirmation.get_by_test_id("message-text")
        expect(text).to_be_visible()
        expect(text).to_contain_text("موعدك")
        expect(text).to_contain_text(f"\u2068{local:%H:%M}\u2069")
        expect(text).to_have_attribute("dir", "rtl")
        page.screenshot(path=str(SHOTS / "messaging-queued.png"), full_page=True)

        card.get_by_test_id("messages-preference-edit").click()
        form = page.get_by_test_id("messages-preference-form")
        form.locator("input[name=sms_agreed]").uncheck()
        form.get_by_test_id("messages-preference-save").click()
        expect(page.get_by_test_id("messages-preference")).to_contain_text("widerrufen")
        states = page.get_by_test_id("message-row")
        for index in range(states.count()):
            expect(states.nth(index)).to_have_attribute("data-state", "cancelled")
        page.screenshot(path=str(SHOTS / "messaging-withdrawn.png"), full_page=True)
        assert set(
            OutgoingMessage.objects.filter(client=client).values_list("state", flat=True)
        ) == {State.CANCELLED}
    finally:
        context.close()
