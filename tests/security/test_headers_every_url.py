"""Every URL of the project, as a signed-in counsellor and anonymously: security headers hold.

Reuses the access matrix's URL walk and sample objects, so a new page is covered the moment
it gets its access policy.
"""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse

from lotse.access_policy import POLICY
from test_access_matrix import SAMPLES

CSP_MUST = ("default-src 'self'", "frame-ancestors 'none'", "object-src 'none'", "base-uri 'none'")


def _url(name: str, org) -> str:
    rule = POLICY[name]
    kwargs = {k: str(SAMPLES[v](org)) if v in SAMPLES else v for k, v in rule.kwargs.items()}
    return reverse(name, kwargs=kwargs)


@pytest.mark.parametrize("persona", ["anonymous", "counsellor"])
@pytest.mark.parametrize("url_name", sorted(POLICY))
def test_security_headers_on_every_url(url_name: str, persona: str, org, as_persona) -> None:
    rule = POLICY[url_name]
    http = as_persona(persona)
    response = getattr(http, rule.method)(_url(url_name, org))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"], url_name
    if response.get("Content-Type", "").startswith("text/html"):
        csp = response["Content-Security-Policy"]
        for directive in CSP_MUST:
            assert directive in csp, (url_name, directive)
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    if persona != "anonymous":
        # Anything a signed-in person sees may hold client data: never cached.
        assert response["Cache-Control"] == "no-store", url_name


@override_settings(SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True)
def test_hsts_is_sent_over_https(org, as_persona) -> None:
    response = as_persona("counsellor").get(reverse("dashboard"), secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def test_production_settings_turn_hsts_on() -> None:
    import os
    import subprocess
    import sys
    import tempfile
    from pathlib import Path

    from test_production_settings import PRODUCTION_ENV

    env = {k: v for k, v in os.environ.items() if not k.startswith(("LOTSE_", "DJANGO_"))}
    env.update(
        PRODUCTION_ENV, DJANGO_SETTINGS_MODULE="lotse.settings", LOTSE_VAR_DIR=tempfile.gettempdir()
    )
    env.pop("DATABASE_URL", None)
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_HSTS_SECONDS, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE)"
    )
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).parent,
    ).stdout.split()
    assert out == ["31536000", "True", "True"]
