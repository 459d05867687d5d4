"""Issue #15 in a real browser: searching for a person never puts the name into a URL.

The top-bar search (Enter) and the live search of the client list (HTMX while typing) are
POSTed; the address bar shows ``?search=<token>``, paging and back work, and no request the
browser sends carries the typed name.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from playwright.sync_api import Page, Request, expect

from lotse.clients.services import ClientData, client_create
from lotse.organisation.models import Team
from lotse_browser import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

COUNSELLOR = "beratung1@demo.lotse.invalid"
NAME = "Quenzelhuber"


def test_searching_by_name_keeps_the_name_out_of_every_url(
    live_server: Any, page: Page, demo_data: dict[str, int]
) -> None:
    client = client_create(
        team=Team.objects.get(name="MBE-Team"),
        data=ClientData(first_name="Ilse", last_name=NAME, birth_date=date(1979, 3, 4)),
    )
    # A second hit for the top-bar search: with one hit it would open the file directly.
    client_create(
        team=Team.objects.get(name="MBE-Team"),
        data=ClientData(first_name="Ida", last_name="Quenzerling", birth_date=date(1985, 6, 7)),
    )
    base = live_server.url
    log_in(page, base, COUNSELLOR)
    sent: list[Request] = []
    page.on("request", lambda request: sent.append(request))

    # 1. The top-bar search: type, press Enter.
    page.fill("#topbar-search", NAME[:6])
    page.press("#topbar-search", "Enter")
    expect(page).to_have_url(re.compile(r"/clients/\?search=[\w-]+$"))
    expect(page.locator("#client-results")).to_contain_text(client.file_number)
    expect(page.locator("#id_q")).to_have_value(NAME[:6])

    # 2. The live search on the list page (HTMX while typing) pushes a token URL too.
    page.fill("#id_q", "")
    page.locator("#id_q").press_sequentially(NAME[:8].lower(), delay=20)
    expect(page.locator("#client-results")).to_contain_text(client.file_number)
    expect(page.locator("#client-results tbody tr")).to_have_count(1)
    expect(page).to_have_url(re.compile(r"/clients/\?search=[\w-]+$"))

    # 3. Reload keeps the results (the token names the search in the session).
    page.reload()
    expect(page.locator("#client-results")).to_contain_text(client.file_number)

    posts = [r for r in sent if r.method == "POST" and "/clients/" in r.url]
    assert posts, "the search was not POSTed"
    for request in sent:
        assert NAME[:6].lower() not in request.url.lower(), request.url
        referer = request.headers.get("referer", "")
        assert NAME[:6].lower() not in referer.lower(), referer
