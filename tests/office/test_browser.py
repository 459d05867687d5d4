"""Issue #17 §5 in a real browser on a phone-sized screen (390 × 844): set a flag under the
client's name, clear it after the confirmation, add a task on the file and tick it off —
all without a full page load (HTMX). Screenshots go to /tmp/office-*.png.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from browser.conftest import (  # noqa: F401 - fixtures shared with the other browser tests
    base_url,
    browser_type_launch_args,
    demo_data,
    live_server,
)
from lotse.clients.models import Client
from lotse.office.models import ClientFlag, Task
from lotse_browser import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

COUNSELLOR = "jmd@demo.lotse.invalid"
SHOTS = Path("/tmp")  # noqa: S108 - outside the repo, for a human to look at
PHONE = {"width": 390, "height": 844}


def test_flag_and_task_on_the_client_file_from_a_phone(
    browser: Browser,
    live_server: Any,  # noqa: F811 - the fixtures imported above
    demo_data: dict[str, int],  # noqa: F811
) -> None:
    client = (
        Client.objects.filter(team__service__kind="jmd")
        .exclude(pk__in=ClientFlag.objects.active().filter(kind="crisis").values("client_id"))
        .order_by("pk")
        .first()
    )
    assert client is not None
    context = browser.new_context(viewport=PHONE, locale="de-DE")
    page = context.new_page()
    try:
        log_in(page, live_server.url, COUNSELLOR)
        page.goto(f"{live_server.url}/clients/{client.pk}/")
        loads: list[str] = []
        page.on("framenavigated", lambda frame: loads.append(frame.url))
        page.get_by_test_id("flag-add").click()
        page.locator("#flag-kind").select_option("crisis")
        page.get_by_test_id("flag-submit").click()
        badge = page.get_by_test_id("flag-crisis")
        expect(badge).to_be_visible()
        expect(badge).to_contain_text("Krise")
        expect(badge).to_contain_text("gesetzt von")
        page.screenshot(path=str(SHOTS / "office-390-flag.png"), full_page=True)
        flags = page.get_by_test_id("client-flags").bounding_box()
        assert flags is not None and flags["x"] + flags["width"] <= PHONE["width"] + 1, flags
        assert ClientFlag.objects.active().filter(client=client, kind="crisis").exists()

        page.once("dialog", lambda dialog: dialog.accept())
        page.get_by_test_id("flag-clear-crisis").click()
        expect(page.get_by_test_id("flag-crisis")).to_have_count(0)
        assert not ClientFlag.objects.active().filter(client=client, kind="crisis").exists()

        page.get_by_test_id("task-add").click()
        form = page.get_by_test_id("client-task-form")
        expect(form).to_be_visible()
        form.locator("input[name=title]").fill("Bescheid der Familienkasse prüfen")
        form.locator("input[name=due_date]").fill("24.12.2026")
        form.get_by_test_id("task-submit").click()
        row = page.get_by_test_id("client-tasks").get_by_text(
            "Bescheid der Familienkasse prüfen", exact=True
        )
        expect(row).to_be_visible()
        page.screenshot(path=str(SHOTS / "office-390-task.png"), full_page=True)
        task = Task.objects.filter(client=client).latest("pk")
        page.locator(f"#task-{task.pk}").get_by_test_id("task-done").click()
        # The row comes back marked done, without its button.
        expect(page.locator(f"#task-{task.pk}").get_by_test_id("task-done")).to_have_count(0)
        expect(page.locator(f"#task-{task.pk}")).to_contain_text("erledigt")
        page.screenshot(path=str(SHOTS / "office-390-done.png"), full_page=True)
        task.refresh_from_db()
        assert task.done_at is not None
        assert loads == [], f"full page loads: {loads}"
    finally:
        context.close()
