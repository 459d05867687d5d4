"""Password reset without a reachable mail server: a clear page and a warning, not a 500."""

from __future__ import annotations

import logging

import pytest
from django.test import Client as HttpClient
from django.test import override_settings
from django.urls import reverse

NO_MAIL_SERVER = override_settings(
    MAILERS={
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            # port 9 (discard): nothing listens, the connection is refused
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2},
        }
    }
)


@NO_MAIL_SERVER
@pytest.mark.parametrize("persona", ["counsellor", None])
def test_password_reset_without_mail_server_says_so(org, persona, caplog) -> None:
    email = org.users[persona].email if persona else "nobody@example.org"
    http = HttpClient()
    http.cookies["django_language"] = "en"
    with caplog.at_level(logging.WARNING, logger="lotse.accounts.adapters"):
        response = http.post(reverse("account_reset_password"), {"email": email})
    assert response.status_code == 200
    assert "could not reach its mail server" in response.content.decode()
    warnings = [r for r in caplog.records if r.name == "lotse.accounts.adapters"]
    assert warnings and all(r.levelno == logging.WARNING for r in warnings)
    assert email not in caplog.text


def test_password_reset_with_mail_server_sends_the_link(org) -> None:
    from django.core import mail

    response = HttpClient().post(
        reverse("account_reset_password"), {"email": org.users["counsellor"].email}
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
