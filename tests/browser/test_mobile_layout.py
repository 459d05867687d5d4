"""Issue #19 §1 in a real browser: every staff page is usable on a 390 px phone and a 768 px tablet.

Every page of the access matrix (lotse/access_policy.py, with the sample objects of
tests/test_access_matrix.py) that a counsellor may open with GET is opened at 390 px; the pages
only other roles reach (statistics, volunteers, audit, users) are opened as the first of those
roles who may. A page fails when the document scrolls sideways (scrollWidth > clientWidth) or
when something lies over the main content (the folded navigation, a bar), or when a button,
field, tab or page link is less than 44 px high (checkboxes and radios: their label is the
target). A handful of pages is also checked at 768 px. The menu button opens and closes the
navigation by keyboard; on the key pages the open menu's targets are 44 px high too, axe finds
nothing serious, and the client list shows one card per client.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.test import Client as HttpClient
from django.urls import reverse
from playwright.sync_api import Browser, BrowserContext, Page, expect

from browser.test_accessibility import audit
from lotse.access_policy import POLICY
from lotse_testing import Org, build_org, sign_in
from test_access_matrix import _sample

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 390, "height": 844}
TABLET = {"width": 768, "height": 1024}
DESKTOP = {"width": 1280, "height": 900}
# Who opens a page: the counsellor wherever allowed, else the first of these roles who may.
PERSONAS = ("counsellor", "team_lead", "statistics", "dpo", "admin", "coordinator")
TABLET_PAGES = (
    "dashboard",
    "client_list",
    "client_detail",
    "client_contacts",
    "case_plan",
    "case_assessment",
    "appointment_list",
    "stats_dashboard",
)
KEY_PAGES = ("dashboard", "client_list", "client_detail", "case_plan", "stats_dashboard")

# Sideways overflow of the document, and what lies over the main content: points on a grid
# over the part of <main> inside the viewport must hit <main> itself or something inside it.
LAYOUT_PROBLEMS = """() => {
  const doc = document.documentElement;
  const problems = [];
  if (doc.scrollWidth > doc.clientWidth) {
    const wide = [...document.querySelectorAll('body *')]
      .filter(e => e.getBoundingClientRect().right > doc.clientWidth + 1)
      .filter(e => !e.closest('.table-responsive'))
      .slice(0, 3)
      .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
                + (e.className && e.className.baseVal === undefined ? '.' + e.className : ''));
    problems.push(`page scrolls sideways: ${doc.scrollWidth} > ${doc.clientWidth} (${wide})`);
  }
  const main = document.querySelector('main');
  if (!main) { problems.push('no <main>'); return problems; }
  window.scrollTo(0, 0);
  const box = main.getBoundingClientRect();
  const top = Math.max(box.top, 0) + 4, bottom = Math.min(box.bottom, window.innerHeight) - 4;
  const left = Math.max(box.left, 0) + 4, right = Math.min(box.right, doc.clientWidth) - 4;
  if (right - left < 200) problems.push(`main is only ${Math.round(right - left)} px wide`);
  for (let i = 0; i <= 4; i++) {
    for (let j = 0; j <= 4; j++) {
      const x = left + (right - left) * i / 4, y = top + (bottom - top) * j / 4;
      const hit = document.elementFromPoint(x, y);
      if (hit && hit !== main && !main.contains(hit)) {
        problems.push(`(${Math.round(x)}, ${Math.round(y)}) of main is covered by `
          + hit.tagName.toLowerCase() + (hit.className ? '.' + hit.className : ''));
        return problems;
      }
    }
  }
  return problems;
}"""

SMALL_TARGETS = """() => [...document.querySelectorAll(
    'main .btn, main .form-control, main .form-select, main .nav-link, main .page-link,'
    + ' .lotse-topbar .btn, .lotse-topbar .form-control, .lotse-topbar .form-select,'
    + ' .lotse-sidenav .nav-link')]
  .filter(e => e.offsetParent !== null && !['hidden', 'checkbox', 'radio'].includes(e.type))
  .map(e => [e, e.getBoundingClientRect()])
  .filter(([e, r]) => r.height < 44)
  .map(([e, r]) => `${e.tagName.toLowerCase()} "${(e.textContent || e.name || '').trim()
    .slice(0, 30)}" ${Math.round(r.height)} px`)"""


def staff_pages(org: Org) -> Iterator[tuple[str, str, str]]:
    """(url name, URL, persona) of every staff page some role opens with GET."""
    samples: dict[str, str] = {}

    def sample(key: str) -> str:
        if key not in samples:  # each maker creates an object: one per key is enough
            samples[key] = _sample(org, key)
        return samples[key]

    for name in sorted(POLICY):
        rule = POLICY[name]
        if rule.method != "get" or name.startswith("public_"):
            continue
        persona = next((p for p in PERSONAS if rule.expected[p] == 200), None)
        if persona is None:
            continue
        url = reverse(name, kwargs={k: sample(v) for k, v in rule.kwargs.items()})
        yield name, url, persona


def signed_in_context(
    browser: Browser,
    base: str,
    org: Org,
    persona: str,
    *,
    javascript: bool = True,
    for_axe: bool = False,
) -> BrowserContext:
    """A browser context with the session of ``persona`` (password and TOTP done).

    The app's Content Security Policy applies (layout.js must load under it) except for axe,
    which Playwright injects as an inline script.
    """
    http = sign_in(HttpClient(), org.users[persona])
    context = browser.new_context(
        viewport=PHONE, bypass_csp=for_axe, java_script_enabled=javascript
    )
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": http.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": base,
            }
        ]
    )
    return context


def layout_problems(page: Page) -> list[str]:
    return list(page.evaluate(LAYOUT_PROBLEMS))


def open_html(page: Page, url: str) -> bool:
    """Open ``url``; False for a download (PDF, calendar file) rather than a page."""
    response = page.request.get(url)
    if "text/html" not in response.headers.get("content-type", ""):
        return False
    answer = page.goto(url)
    assert answer is not None and answer.status == 200, (url, answer and answer.status)
    return True


def assert_rows_are_cards(page: Page) -> None:
    """The client list on a phone: one card per client, each value beside its column's name,
    still a table with its headers for screen readers; on a tablet a plain table again."""
    table = page.locator("main table.lotse-cards")
    expect(table).to_have_count(1)
    row = table.locator("tbody tr").first
    assert row.evaluate("e => getComputedStyle(e).display") == "block"
    expect(row.locator("td[data-label='Name']")).to_contain_text("Amira Haddad")
    label = row.locator("td[data-label='Name']").evaluate(
        "e => getComputedStyle(e, '::before').content"
    )
    assert label == '"Name"'
    expect(table.get_by_role("columnheader", name="Aktenzeichen")).to_have_count(1)
    page.set_viewport_size(TABLET)
    assert row.evaluate("e => getComputedStyle(e).display") == "table-row"
    page.set_viewport_size(PHONE)
    # The live search swaps the results in by HTMX: the new rows are cards again.
    page.locator("#id_q").press_sequentially("Hadd", delay=20)
    expect(page.locator("#client-results table.lotse-cards td[data-label='Name']")).to_have_text(
        "Amira Haddad"
    )


def test_every_staff_page_fits_a_phone_and_nothing_covers_the_content(
    live_server: Any, browser: Browser
) -> None:
    org = build_org()
    base = live_server.url
    pages = list(staff_pages(org))
    assert len(pages) > 100, "the access matrix should list well over 100 staff pages"
    contexts: dict[str, BrowserContext] = {}
    failures: dict[str, list[str]] = {}
    opened: list[str] = []
    for name, url, persona in pages:
        if persona not in contexts:
            contexts[persona] = signed_in_context(browser, base, org, persona)
            contexts[persona].new_page()
        page = contexts[persona].pages[0]
        page.set_viewport_size(PHONE)
        if not open_html(page, base + url):
            continue
        opened.append(name)
        if problems := layout_problems(page):
            failures[f"390 px {name} {url} ({persona})"] = problems
        if found := page.evaluate(SMALL_TARGETS):
            failures[f"390 px {name} {url} ({persona}): under 44 px"] = found
        if name in TABLET_PAGES:
            page.set_viewport_size(TABLET)
            page.reload()
            if problems := layout_problems(page):
                failures[f"768 px {name} {url} ({persona})"] = problems
    for context in contexts.values():
        context.close()
    assert len(opened) > 90, opened
    assert set(TABLET_PAGES) <= set(opened)
    assert not failures, json.dumps(failures, indent=1, ensure_ascii=False)


def test_the_menu_button_folds_the_navigation_away_on_a_phone(
    live_server: Any, browser: Browser
) -> None:
    org = build_org()
    base = live_server.url
    context = signed_in_context(browser, base, org, "counsellor")
    page = context.new_page()
    page.goto(base + reverse("client_list"))
    nav = page.locator("nav#lotse-sidenav")
    button = page.get_by_test_id("menu-button")
    expect(nav).to_have_count(1)
    expect(button).to_have_text("Menü")

    # Closed: the navigation takes no room, the button says so.
    expect(nav).to_be_hidden()
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(button).to_have_attribute("aria-controls", "lotse-sidenav lotse-topbar-tools")

    # By keyboard: the skip link first, then the menu button; Enter opens it.
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(button).to_be_focused()
    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(nav).to_be_visible()
    expect(page.get_by_test_id("current-user")).to_be_visible()
    # Open, the navigation lies above the content, not over it.
    nav_box, main_box = nav.bounding_box(), page.locator("main").bounding_box()
    assert nav_box and main_box and nav_box["y"] + nav_box["height"] <= main_box["y"] + 1
    assert not layout_problems(page)
    page.keyboard.press("Tab")  # the navigation's links are reachable
    page.keyboard.press("Escape")
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(nav).to_be_hidden()
    expect(button).to_be_focused()

    # A click opens and closes it too; its links lead on.
    button.click()
    nav.get_by_role("link", name="Übersicht").click()
    expect(page).to_have_url(base + reverse("dashboard"))
    expect(nav).to_be_hidden()

    # On a desktop the navigation is always there and the button is not.
    page.set_viewport_size(DESKTOP)
    expect(nav).to_be_visible()
    expect(button).to_be_hidden()
    context.close()

    # Without JavaScript nothing is folded away and there is no button that would do nothing.
    context = signed_in_context(browser, base, org, "counsellor", javascript=False)
    page = context.new_page()
    page.goto(base + reverse("client_list"))
    expect(page.locator("nav#lotse-sidenav")).to_be_visible()
    expect(page.get_by_test_id("menu-button")).to_be_hidden()
    width = page.evaluate("() => [document.documentElement.scrollWidth, innerWidth]")
    assert width[0] <= width[1], width
    context.close()


def test_key_pages_have_44_px_targets_and_no_serious_axe_violations_on_a_phone(
    live_server: Any, browser: Browser
) -> None:
    org = build_org()
    base = live_server.url
    by_name = {name: (url, persona) for name, url, persona in staff_pages(org)}
    small: dict[str, list[str]] = {}
    violations: dict[str, object] = {}
    contexts: dict[str, BrowserContext] = {}
    for name in KEY_PAGES:
        url, persona = by_name[name]
        if persona not in contexts:
            contexts[persona] = signed_in_context(browser, base, org, persona, for_axe=True)
            contexts[persona].new_page()
        page = contexts[persona].pages[0]
        for opened in (False, True):
            page.goto(base + url)
            if opened:  # the open menu too: its links and the top-bar tools
                page.get_by_test_id("menu-button").click()
            if name == "client_list":
                assert_rows_are_cards(page)
            if found := page.evaluate(SMALL_TARGETS):
                small[f"{name} (menu {'open' if opened else 'closed'})"] = found
            if found := audit(page):
                violations[f"{name} (menu {'open' if opened else 'closed'})"] = found
    for context in contexts.values():
        context.close()
    assert not small, json.dumps(small, indent=1, ensure_ascii=False)
    assert not violations, json.dumps(violations, indent=1, ensure_ascii=False)


def test_every_staff_page_has_no_serious_axe_violations_on_a_phone_and_a_desktop(
    live_server: Any, browser: Browser
) -> None:
    """axe-core (serious and critical, WCAG 2.1 A/AA and best practice) on every staff page
    a role opens with GET, at 390 px and at 1280 px (issue #19 Done-when)."""
    org = build_org()
    base = live_server.url
    contexts: dict[str, BrowserContext] = {}
    violations: dict[str, object] = {}
    audited: list[str] = []
    for name, url, persona in staff_pages(org):
        if persona not in contexts:
            contexts[persona] = signed_in_context(browser, base, org, persona, for_axe=True)
            contexts[persona].new_page()
        page = contexts[persona].pages[0]
        page.set_viewport_size(PHONE)
        if not open_html(page, base + url):
            continue
        audited.append(name)
        if found := audit(page):
            violations[f"390 px {name} {url} ({persona})"] = found
        page.set_viewport_size(DESKTOP)
        page.reload()
        if found := audit(page):
            violations[f"1280 px {name} {url} ({persona})"] = found
    for context in contexts.values():
        context.close()
    assert len(audited) > 90, audited
    assert not violations, json.dumps(violations, indent=1, ensure_ascii=False)
