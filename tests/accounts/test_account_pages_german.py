"""Login and account pages speak to staff with "Sie", in German, without a sign-up link.

allauth's own German catalogue says "du"; Lotse's catalogue (LOCALE_PATHS, searched first)
overrides the strings its pages show (issue #19 §2).
"""

from __future__ import annotations

import re

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils.html import strip_tags

from lotse_testing import sign_in

# "du" and its forms, and imperatives of the familiar form that allauth uses.
DU = re.compile(
    r"\b(du|dein|deine|deinen|deinem|deiner|dich|dir|gib|melde|bestätige|versuche|kannst|"
    r"musst|hast|bist|möchtest|erhältst|solltest|lass|kontaktiere|überprüfe|erstelle)\b",
    re.IGNORECASE,
)

ANONYMOUS_PAGES = [
    "account_login",
    "account_reset_password",
    "account_reset_password_done",
    "account_signup",
]
SIGNED_IN_PAGES = [
    "account_logout",
    "account_change_password",
    "account_reauthenticate",
    "mfa_index",
    "mfa_generate_recovery_codes",
    "mfa_deactivate_totp",
]


def _text(html: str) -> str:
    main = re.search(r"<main.*?</main>", html, flags=re.S)
    return " ".join(strip_tags(main.group(0) if main else html).split())


def _check(html: str, name: str) -> None:
    text = _text(html)
    found = DU.findall(text)
    assert not found, f"{name}: {found} in {text[:400]}"
    if name != "account_signup":  # that page names itself in the language form
        assert reverse("account_signup") not in html, name
    assert "Sign In" not in text and "Sign Out" not in text, name


@pytest.mark.parametrize("name", ANONYMOUS_PAGES)
def test_anonymous_account_pages_say_sie(org, name: str) -> None:
    response = HttpClient().get(reverse(name), HTTP_ACCEPT_LANGUAGE="de", follow=True)
    assert response.status_code == 200
    _check(response.content.decode(), name)


@pytest.mark.parametrize("name", SIGNED_IN_PAGES)
def test_account_pages_of_a_signed_in_person_say_sie(org, name: str) -> None:
    user = org.users["counsellor"]
    http = sign_in(HttpClient(), user)
    response = http.get(reverse(name), HTTP_ACCEPT_LANGUAGE="de", follow=True)
    assert response.status_code == 200, name
    _check(response.content.decode(), name)


def test_login_page_offers_no_sign_up_and_says_whom_to_ask(org) -> None:
    html = HttpClient().get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    text = _text(html)
    assert "Anmelden" in text and 'data-testid="login-hint"' in html
    assert "registrier" not in text.lower() and "Konto erstellen" not in text
    assert "Sie" in text
