"""Headers on every page; friendly errors without internals."""

from __future__ import annotations

import logging
import re

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client as HttpClient
from django.test import RequestFactory, override_settings
from django.urls import reverse

from lotse.common.middleware import RequestIdLogFilter, RequestIdMiddleware, current_request_id

POWERFUL_FEATURES = ("camera", "microphone", "geolocation", "payment", "usb", "display-capture")


def assert_restrictive_permissions_policy(response) -> None:  # type: ignore[no-untyped-def]
    directives = {
        part.strip().split("=", 1)[0]: part.strip().split("=", 1)[1]
        for part in response["Permissions-Policy"].split(",")
    }
    for feature in POWERFUL_FEATURES:
        assert directives.get(feature) == "()", (feature, response["Permissions-Policy"])


@pytest.mark.django_db
def test_login_page_has_strict_headers() -> None:
    response = HttpClient().get(reverse("account_login"))
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self' 'nonce-" in csp
    assert "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Content-Language"] == "de"
    assert_restrictive_permissions_policy(response)
    assert '<html lang="de"' in response.content.decode()


def test_pages_of_signed_in_users_are_never_cached(org, as_persona) -> None:
    response = as_persona("counsellor").get(reverse("client_detail", args=[org.client_a.pk]))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"


def test_scripts_carry_the_nonce_of_the_policy(org, as_persona) -> None:
    response = as_persona("counsellor").get(reverse("dashboard"))
    csp = response["Content-Security-Policy"]
    nonce = csp.split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"' in response.content.decode()


def test_not_found_is_friendly_and_quotes_the_request_id(org, as_persona) -> None:
    response = as_persona("stranger").get(reverse("client_detail", args=[org.client_a.pk]))
    assert response.status_code == 404
    body = response.content.decode()
    assert response["X-Request-ID"] in body
    assert org.client_a.file_number not in body


@pytest.mark.expect_error_log
@override_settings(DEBUG_PROPAGATE_EXCEPTIONS=False)
def test_server_error_shows_no_traceback(org, as_persona, monkeypatch) -> None:
    from lotse.accounts import views

    def boom(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(views, "dashboard_panels", boom)
    http = as_persona("counsellor")
    http.raise_request_exception = False
    response = http.get(reverse("dashboard"))
    assert response.status_code == 500
    body = response.content.decode()
    assert "secret internals" not in body and "Traceback" not in body


@pytest.mark.django_db
def test_english_can_be_chosen_and_sticks() -> None:
    http = HttpClient()
    http.post(reverse("set_language"), {"language": "en", "next": "/accounts/login/"})
    response = http.get(reverse("account_login"))
    assert '<html lang="en"' in response.content.decode()


def test_permissions_policy_on_pages_of_signed_in_users_and_downloads(org, as_persona) -> None:
    http = as_persona("counsellor")
    assert_restrictive_permissions_policy(http.get(reverse("dashboard")))
    flyer = http.get(
        reverse("public_centre_flyer", kwargs={"lang": "de", "centre_id": org.centre.pk})
    )
    assert_restrictive_permissions_policy(flyer)


def test_permissions_policy_header_format() -> None:
    from lotse.common.middleware import permissions_policy

    assert permissions_policy({"camera": (), "geolocation": ("self",)}) == (
        "camera=(), geolocation=(self)"
    )


@pytest.mark.parametrize(
    ("sent", "logged"),
    [
        ("nginx-0123456789abcdef", "nginx-0123456789abcdef"),  # sane: kept for the log only
        ("x" * 65, "-"),  # too long
        ("bad id; Injected: 1", "-"),  # outside the charset
        ("", "-"),
    ],
)
def test_the_request_id_is_made_by_the_server(sent: str, logged: str) -> None:
    """A client-sent X-Request-ID is never the id; a sane one is only logged beside it."""
    seen: dict[str, str] = {}

    def view(request: HttpRequest) -> HttpResponse:
        record = logging.LogRecord("t", logging.INFO, __file__, 1, "msg", None, None)
        RequestIdLogFilter().filter(record)
        seen.update(id=record.request_id, fwd=record.forwarded_request_id)  # type: ignore[attr-defined]
        seen["audit"] = current_request_id()
        return HttpResponse("ok")

    headers = {"HTTP_X_REQUEST_ID": sent} if sent else {}
    response = RequestIdMiddleware(view)(RequestFactory().get("/", **headers))
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])
    assert response["X-Request-ID"] != sent
    assert seen == {
        "id": response["X-Request-ID"],
        "fwd": logged,
        "audit": response["X-Request-ID"],
    }
    assert current_request_id() == "-"  # nothing leaks into the next request
