"""Staff mails: invitations of new accounts, and what happens without a mail server."""

from __future__ import annotations

import json
import logging
import os
import re
import subprocess
import sys

import pytest
from django.core import mail
from django.test import Client as HttpClient
from django.test import override_settings
from django.urls import reverse

from lotse.accounts.models import User
from lotse.audit.models import AuditEntry
from lotse_testing import PASSWORD, sign_in

from .failing_mail import FAILING_MAILERS

NEW = {"full_name": "Neu Person", "email": "neu@test.invalid", "fte": "0.5", "password": PASSWORD}


def _admin(org) -> HttpClient:
    http = sign_in(HttpClient(), org.users["admin"])
    http.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    return http


def test_an_invitation_mails_a_link_to_choose_the_password(org) -> None:
    http = _admin(org)
    response = http.post(reverse("user_create"), {**NEW, "invite": "on"})
    assert response.status_code == 302
    user = User.objects.get(email="neu@test.invalid")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["neu@test.invalid"]
    assert "Neu Person" in message.body
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+)", message.body)
    assert link, message.body
    assert "http://testserver/accounts/login/" in message.body
    assert AuditEntry.objects.filter(action="user.invited", object_id=str(user.pk)).exists()
    # The link works: the new person sets a password of their own and signs in with it.
    person = HttpClient()
    page = person.get(link[1], follow=True)
    assert page.status_code == 200
    form_url = page.redirect_chain[-1][0] if page.redirect_chain else link[1]
    chosen = "a brand new password of mine 7"
    done = person.post(form_url, {"password1": chosen, "password2": chosen})
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password(chosen)


def test_without_the_box_ticked_no_mail_is_sent(org) -> None:
    response = _admin(org).post(reverse("user_create"), NEW)
    assert response.status_code == 302
    assert mail.outbox == []


@override_settings(MAILERS=FAILING_MAILERS)
def test_an_invitation_without_mail_server_tells_the_admin_in_german(org, caplog) -> None:
    http = _admin(org)
    http.cookies["django_language"] = "de"
    with caplog.at_level(logging.WARNING, logger="lotse.accounts.services.invitations"):
        response = http.post(reverse("user_create"), {**NEW, "invite": "on"}, follow=True)
    assert response.status_code == 200
    assert User.objects.filter(email="neu@test.invalid").exists()  # the account is there
    page = response.content.decode()
    assert "die Einladung konnte nicht gesendet werden" in page
    assert not AuditEntry.objects.filter(action="user.invited").exists()
    warnings = [r for r in caplog.records if r.name == "lotse.accounts.services.invitations"]
    assert warnings and "neu@test.invalid" not in caplog.text


@override_settings(MAILERS=FAILING_MAILERS)
def test_password_reset_with_a_failing_mail_backend_gives_a_german_page(org) -> None:
    http = HttpClient()
    http.cookies["django_language"] = "de"
    response = http.post(
        reverse("account_reset_password"), {"email": org.users["counsellor"].email}
    )
    assert response.status_code == 200
    assert "Zurzeit können keine E-Mails versendet werden" in response.content.decode()


@pytest.mark.parametrize(
    ("env", "backend"),
    [
        ({"LOTSE_DEBUG": "1"}, "django.core.mail.backends.console.EmailBackend"),
        ({"LOTSE_DEBUG": "1", "LOTSE_MAIL_BACKEND": "file"}, "filebased.EmailBackend"),
        ({"LOTSE_SKIP_SECRET_CHECK": "1"}, "django.core.mail.backends.smtp.EmailBackend"),
    ],
)
def test_development_mails_to_the_console_production_to_smtp(env, backend, tmp_path) -> None:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("LOTSE_")}
    script = "import json, lotse.settings as s; print(json.dumps(s.MAILERS['default']))"
    out = subprocess.run(  # noqa: S603 - our own settings module, fixed arguments
        [sys.executable, "-c", script],
        env={**clean, **env, "LOTSE_VAR_DIR": str(tmp_path), "LOTSE_MAIL_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    mailer = json.loads(out.strip().splitlines()[-1])
    assert mailer["BACKEND"].endswith(backend)
    if "file" in backend:
        assert mailer["OPTIONS"]["file_path"] == str(tmp_path)
