"""Issue #19 §2 in a real browser: what the counsellor sees must be right.

A ticked check box shows its tick; a 10,000-character word in an address or a note wraps
instead of widening the page; the print view shows the file without the navigation.
"""

from __future__ import annotations

import re
from datetime import date
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from lotse.accounts.models import User
from lotse.cases.models import IntegrationAgreement
from lotse.clients.models import Client, CounsellingContact
from lotse.clients.services import ClientData, client_create
from lotse.organisation.models import Team
from lotse_browser import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# The page's own form, not the flag forms under the client's name (lotse.office).
FILE_FORM_SUBMIT = "main form:not(#client-flags form) button[type=submit]"

COUNSELLOR = "beratung1@demo.lotse.invalid"
LONG_WORD = "Beispielstraße" + "x" * 10_000

NO_HORIZONTAL_SCROLL = "() => document.documentElement.scrollWidth <= window.innerWidth"
# Every element whose own text holds the long word: (tag, its width, the width of its content,
# how far it reaches beyond the right edge of <main>, or, inside a table that scrolls in its
# own box on a phone (issue #19 §1), beyond the right edge of that box's content).
BOXES_WITH_THE_WORD = """() => {
  const main = document.querySelector('main').getBoundingClientRect();
  return [...document.querySelectorAll('main *')]
    .filter(e => [...e.childNodes].some(n => n.nodeType === 3 && n.data.includes('xxxxxxxxxx')))
    .map(e => {
      const box = e.closest('.table-responsive');
      const right = box ? box.getBoundingClientRect().left + box.scrollWidth : main.right;
      // The box itself stays inside <main>, and the word does not widen the table in it.
      if (box && (box.getBoundingClientRect().right > main.right + 1 || box.scrollWidth > 1280))
        return [e.tagName, 0, 0, 9999];
      return [e.tagName, e.clientWidth, e.scrollWidth,
              Math.round(e.getBoundingClientRect().right - right)];
    });
}"""


def _luminance(rgb: tuple[int, int, int]) -> float:
    """Relative luminance (WCAG 2.1)."""
    channels = [c / 255 for c in rgb]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def middle_contrast(png: bytes) -> float:
    """Contrast ratio of the lightest and the darkest pixel in the middle half of an image of
    a check box: about 1 for an empty box, the tick against its background for a ticked one."""
    image = Image.open(BytesIO(png)).convert("RGB")
    width, height = image.size
    middle = image.crop((width // 4, height // 4, width - width // 4, height - height // 4))
    values = [_luminance(pixel) for pixel in middle.get_flattened_data()]
    return (max(values) + 0.05) / (min(values) + 0.05)


def _client(**extra: Any) -> Client:
    names = {"first_name": "Amira", "last_name": "Haddad", **extra}
    return client_create(
        team=Team.objects.get(name="MBE-Team"),
        data=ClientData(birth_date=date(1980, 5, 17), **names),
    )


def test_checked_boxes_show_a_tick(live_server: Any, page: Page, demo_data: dict[str, int]) -> None:
    client = _client()
    base = live_server.url
    log_in(page, base, COUNSELLOR)
    page.goto(f"{base}/clients/{client.pk}/edit/")
    group = page.locator("fieldset#id_protection_needs")
    expect(group.locator("legend")).to_have_text("Besonderer Schutzbedarf")
    box = group.locator("input[type=checkbox]").first
    label = group.locator("label").first
    expect(label).to_be_visible()
    # Each box is a check box, not a text field ("form-control" hid the tick).
    assert box.evaluate("e => getComputedStyle(e).appearance") == "none"
    assert "form-control" not in (box.get_attribute("class") or "")
    unchecked = box.screenshot()
    assert box.evaluate("e => getComputedStyle(e).backgroundImage") == "none"
    box.check()
    expect(box).to_be_checked()
    checked = box.screenshot()
    # Bootstrap draws the tick as a background image of the checked box.
    assert "svg" in box.evaluate("e => getComputedStyle(e).backgroundImage")
    assert checked != unchecked
    # Seen as pixels: the empty box is plain in the middle, the ticked one shows a tick that
    # stands out from its background at least 3:1 (WCAG 1.4.11), not just a coloured square.
    assert middle_contrast(unchecked) < 1.5
    assert middle_contrast(checked) >= 3, middle_contrast(checked)
    # A visible box of a usual size, with a tick in a colour other than the background.
    size = box.bounding_box()
    assert size is not None and 12 <= size["width"] <= 30 and 12 <= size["height"] <= 30
    value = box.get_attribute("value")
    page.locator(FILE_FORM_SUBMIT).first.click()
    page.goto(f"{base}/clients/{client.pk}/edit/")
    expect(page.locator(f"fieldset#id_protection_needs input[value='{value}']")).to_be_checked()

    # The problem areas of a first contact are the same kind of group.
    page.goto(f"{base}/clients/{client.pk}/first-contact/")
    areas = page.locator("fieldset#id_problem_areas input[type=checkbox]")
    expect(areas.first).to_be_visible()
    areas.first.check()
    assert "svg" in areas.first.evaluate("e => getComputedStyle(e).backgroundImage")


@pytest.mark.parametrize("width", [1280, 390])
def test_a_10000_character_word_wraps(
    live_server: Any, page: Page, demo_data: dict[str, int], width: int
) -> None:
    client = _client(address=LONG_WORD, migration_history=LONG_WORD)
    CounsellingContact.objects.create(
        client=client,
        date=date(2026, 3, 1),
        duration_minutes=30,
        form="in_person",
        notes=LONG_WORD,
        counsellor=User.objects.get(email=COUNSELLOR),
    )
    page.set_viewport_size({"width": width, "height": 900})
    base = live_server.url
    log_in(page, base, COUNSELLOR)
    for path in (f"/clients/{client.pk}/", f"/clients/{client.pk}/contacts/"):
        page.goto(f"{base}{path}")
        expect(page.locator("main")).to_contain_text("Beispielstraße")
        boxes = page.evaluate(BOXES_WITH_THE_WORD)
        assert boxes, path
        for tag, client_width, scroll_width, beyond in boxes:
            # Unwrapped, the word alone would be some 70,000 px wide.
            assert scroll_width <= client_width + 1, (path, tag, client_width, scroll_width)
            assert beyond <= 1, (path, tag, beyond)
        assert page.evaluate(NO_HORIZONTAL_SCROLL), path


def test_print_view_of_client_page_plan_and_agreement_shows_the_file_only(
    live_server: Any, page: Page, demo_data: dict[str, int], tmp_path: Path
) -> None:
    agreement = (
        IntegrationAgreement.objects.filter(plan__case__client__team__name="MBE-Team")
        .select_related("plan__case__client")
        .first()
    )
    assert agreement is not None
    case = agreement.plan.case
    client = case.client
    base = live_server.url
    log_in(page, base, COUNSELLOR)
    for path in (
        f"/clients/{client.pk}/",
        f"/cases/{case.pk}/plan/",
        f"/cases/{case.pk}/agreement/",
    ):
        page.goto(f"{base}{path}")
        page.emulate_media(media="print")
        expect(page.locator("main"), path).to_contain_text(client.file_number)
        expect(page.locator(".lotse-sidenav"), path).to_be_hidden()
        expect(page.locator(".lotse-topbar"), path).to_be_hidden()
        expect(page.locator(".lotse-footer"), path).to_be_hidden()
        buttons = page.locator("main .btn")
        for i in range(buttons.count()):
            expect(buttons.nth(i), path).to_be_hidden()
        # Printed, the content starts at the left margin, not beside a navigation column.
        box = page.locator("main").bounding_box()
        assert box is not None and box["x"] < 20, (path, box)
        pdf = tmp_path / (path.strip("/").replace("/", "-") + ".pdf")
        pdf.write_bytes(page.pdf(format="A4"))
        assert pdf.stat().st_size > 1000
        page.emulate_media(media="screen")
        expect(page.locator(".lotse-topbar")).to_be_visible()


def test_a_search_with_one_hit_opens_the_file(
    live_server: Any, page: Page, demo_data: dict[str, int]
) -> None:
    client = _client(last_name="Quenzelhuber")
    base = live_server.url
    log_in(page, base, COUNSELLOR)
    page.fill("#topbar-search", "Quenzelh")
    page.press("#topbar-search", "Enter")
    expect(page).to_have_url(re.compile(rf"/clients/{client.pk}/$"))
    expect(page.locator("main h1")).to_contain_text("Quenzelhuber")
    # The name never went into the address bar.
    assert "quenzel" not in page.url.lower()

    # A file number without its service prefix ("2026-00021") finds that one file.
    _, year, running = client.file_number.split("-")
    page.goto(f"{base}/clients/")
    page.fill("#id_q", f"{year}-{running}")
    page.press("#id_q", "Enter")
    numbers = page.locator("#client-results tbody tr td[data-label='Aktenzeichen']")
    expect(numbers).to_have_text([client.file_number])
