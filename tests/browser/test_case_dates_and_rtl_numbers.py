"""Issue #19 §2 and §3 in a real browser, on a 390 px phone.

The case page warns from the 30th month with the date of the three-year limit; the way back
says "Zurück zu …", is not taken without a reason and is taken with one; a review that cannot
be saved says, before and after the click, what is missing. On an Arabic (right-to-left) page
a phone number keeps its digits in order: "01234 56789-0", not "56789-0 01234"; on the
German staff pages an address and a contact note in Arabic script read right to left.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from lotse.accounts.models import User
from lotse.cases.models import Case, PhaseChange, Review
from lotse.cases.phases import Phase, add_months
from lotse.clients.models import CounsellingContact
from lotse.clients.services import ClientData, client_create
from lotse.organisation.models import Centre, Team
from lotse_browser import case_in_support_plan, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

COUNSELLOR = "beratung1@demo.lotse.invalid"
PHONE = {"width": 390, "height": 844}
PHONE_NUMBER = "01234 56789-0"
BACK_TO_ASSESSMENT = "Zurück zu: Sozial-, Kompetenz- und Bedarfsanalyse"

# Left edges of the first and the last word of an element's text as the reader sees them.
WORD_LEFT_EDGES = """e => {
  const node = [...e.childNodes].find(n => n.nodeType === 3 && n.data.trim());
  const text = node.data, space = text.indexOf(' ');
  const edge = (start, end) => {
    const range = document.createRange();
    range.setStart(node, start);
    range.setEnd(node, end);
    return range.getBoundingClientRect().left;
  };
  return [edge(0, space), edge(space + 1, text.length)];
}"""


def test_case_page_warns_goes_back_with_a_reason_and_a_review_says_what_is_missing(
    live_server: Any, page: Page, demo_data: dict[str, int]
) -> None:
    team = Team.objects.get(name="MBE-Team")
    counsellor = User.objects.get(email=COUNSELLOR)
    person = client_create(team=team, data=ClientData(first_name="Ilse", last_name="Quenzel"))
    today = timezone.localdate()
    opened = add_months(today, -30)
    case = case_in_support_plan(person, counsellor, opened)
    assert case.phase == Phase.SUPPORT_PLAN and case.limit_date is not None
    review = Review.objects.create(case=case, scheduled_on=today)
    page.set_viewport_size(PHONE)
    base = live_server.url
    log_in(page, base, COUNSELLOR)

    # The 30th month: a warning with the limit's date, whole on the phone's screen.
    page.goto(f"{base}/cases/client/{person.pk}/")
    warning = page.get_by_test_id("limit-warning")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("seit 30 Monaten")
    expect(warning).to_contain_text(case.limit_date.strftime("%d.%m.%Y"))
    box = warning.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]

    # The way back to the assessment says so, and needs a reason.
    back = page.get_by_test_id("back-assessment")
    expect(back.locator("summary")).to_have_text(BACK_TO_ASSESSMENT)
    expect(page.locator("main")).not_to_contain_text("Weiter zu: Sozial")
    back.locator("summary").click()
    reason = back.locator("input[name=reason]")
    expect(reason).to_be_visible()
    button = back.get_by_test_id("to-assessment")
    expect(button).to_have_text(BACK_TO_ASSESSMENT)
    button.click()
    assert reason.evaluate("e => e.validity.valueMissing")  # the browser asks for the reason
    assert Case.objects.get(pk=case.pk).phase == Phase.SUPPORT_PLAN
    reason.fill("Familie ist nachgezogen")
    with page.expect_navigation():
        button.click()
    assert Case.objects.get(pk=case.pk).phase == Phase.ASSESSMENT
    assert PhaseChange.objects.filter(case=case).first().reason == "Familie ist nachgezogen"
    # Back in the assessment, the way on says "Weiter zu", and there is no way back.
    expect(page.get_by_test_id("to-support_plan")).to_contain_text("Weiter zu:")
    expect(page.get_by_test_id("back-assessment")).to_have_count(0)

    # A review before the signed agreement: said before typing and after saving.
    page.goto(f"{base}/cases/{case.pk}/reviews/{review.pk}/")
    blockers = page.get_by_test_id("review-blockers")
    expect(blockers).to_be_visible()
    expect(blockers).to_contain_text("die unterschriebene Integrationsvereinbarung")
    # Saved empty: the field that is missing, linked from the summary at the top.
    page.get_by_test_id("submit").click()
    summary = page.get_by_role("alert").filter(has_text="Bitte prüfen Sie Ihre Eingaben")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("link", name="Kurze Einschätzung")).to_have_attribute(
        "href", "#id_assessment"
    )
    expect(summary).to_contain_text("Dieses Feld ist zwingend erforderlich.")
    # Filled in: the rule refuses, saying why, and what was typed is kept.
    page.fill("#id_assessment", "Fortschritt beim Sprachkurs")
    page.get_by_test_id("submit").click()
    refusal = page.get_by_role("alert").filter(
        has_text="Die Überprüfung kann noch nicht gespeichert werden."
    )
    expect(refusal).to_be_visible()
    expect(refusal).to_contain_text("Es fehlt oder stimmt nicht:")
    expect(refusal).to_contain_text("die unterschriebene Integrationsvereinbarung")
    expect(page.locator("#id_assessment")).to_have_value("Fortschritt beim Sprachkurs")
    review.refresh_from_db()
    assert not review.is_held


def test_a_phone_number_keeps_its_order_on_an_arabic_page(
    live_server: Any, browser: Browser, demo_data: dict[str, int]
) -> None:
    centre = Centre.objects.get(name="Migrationsberatung Musterstadt")
    Centre.objects.filter(pk=centre.pk).update(phone=PHONE_NUMBER)
    context = browser.new_context(locale="ar", viewport=PHONE)
    page = context.new_page()
    for lang in ("de", "ar"):
        page.goto(f"{live_server.url}/public/{lang}/centres/{centre.pk}/")
        expect(page.locator("html")).to_have_attribute("dir", "rtl" if lang == "ar" else "ltr")
        number = page.get_by_test_id("centre-phone")
        expect(number).to_have_text(PHONE_NUMBER)
        assert number.evaluate("e => getComputedStyle(e).direction") == "ltr"
        assert number.evaluate("e => getComputedStyle(e).unicodeBidi") == "isolate"
        first, last = number.evaluate(WORD_LEFT_EDGES)
        assert first < last, (lang, first, last)  # "01234" stands left of "56789-0"
    # The same number without isolation would be turned round: the check can fail.
    number.evaluate("e => e.removeAttribute('dir')")
    first, last = number.evaluate(WORD_LEFT_EDGES)
    assert first > last
    context.close()


# The note begins with "ناقشنا" and ends with "ABH-4711.": read right to left, the first
# word stands at the right end of the line, the full stop at the left.
FIRST_WORD_RIGHT_OF_LAST = """e => {
  const node = e.firstChild, text = node.data;
  const box = (start, end) => {
    const range = document.createRange();
    range.setStart(node, start);
    range.setEnd(node, end);
    return range.getBoundingClientRect();
  };
  return box(0, text.indexOf(' ')).left > box(text.length - 1, text.length).left;
}"""
ARABIC_NOTE = "ناقشنا طلب الإقامة الدائمة، رقم الملف ABH-4711."


@pytest.mark.parametrize("width", [390, 1280])
def test_arabic_address_and_notes_read_right_to_left_on_a_german_page(
    live_server: Any, page: Page, demo_data: dict[str, int], width: int
) -> None:
    counsellor = User.objects.get(email=COUNSELLOR)
    person = client_create(
        team=Team.objects.get(name="MBE-Team"),
        data=ClientData(
            first_name="محمد",
            last_name="الحسيني",
            address="شارع الملك فيصل ١٢، 12345 Musterstadt",
            migration_history="وصل إلى ألمانيا عام 2019 مع عائلته.",
        ),
    )
    CounsellingContact.objects.create(
        client=person,
        date=date(2026, 3, 1),
        duration_minutes=30,
        form="in_person",
        notes=ARABIC_NOTE,
        counsellor=counsellor,
    )
    page.set_viewport_size({"width": width, "height": 900})
    base = live_server.url
    log_in(page, base, COUNSELLOR)
    page.goto(f"{base}/clients/{person.pk}/")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    for testid in ("client-address", "migration-history"):
        value = page.get_by_test_id(testid)
        assert value.evaluate("e => getComputedStyle(e).direction") == "rtl", testid
        assert value.evaluate(FIRST_WORD_RIGHT_OF_LAST), testid
        # Still inside its column, beside its label.
        box, main = value.bounding_box(), page.locator("main").bounding_box()
        assert box and main and box["x"] >= main["x"] and box["x"] + box["width"] <= width
    page.goto(f"{base}/clients/{person.pk}/contacts/")
    note = page.locator("main bdi", has_text="ABH-4711")
    expect(note).to_have_text(ARABIC_NOTE)
    assert note.evaluate("e => getComputedStyle(e).direction") == "rtl"
    assert note.evaluate(FIRST_WORD_RIGHT_OF_LAST)
