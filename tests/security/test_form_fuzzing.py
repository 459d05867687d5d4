"""Hypothesis-generated input on every form of the project (issue #7 §8).

For each page that shows a POST form to a counsellor, the form's field names are read from the
HTML and filled with generated text — odd Unicode, very long strings, markup, SQL, dates in
every shape. The app must never answer 500, and a request that is not accepted (anything but
a redirect) must not have written a single row.
"""

from __future__ import annotations

import re

import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lotse.access_policy import POLICY
from test_access_matrix import SAMPLES

# Rows that every request may legitimately write: sessions, cache, audit of the read itself.
IGNORED_TABLES = {"django_session", "lotse_cache", "audit_auditentry", "audit_chainhead"}
COUNSELLOR_PAGES = sorted(
    name
    for name, rule in POLICY.items()
    if rule.method == "get"
    and rule.expected.get("counsellor") == 200
    and not name.startswith(("account_", "mfa_"))
)
# Documents, calendars and read-only public pages: nothing to post. Checked below, so a page
# that gains a form is fuzzed rather than skipped.
FORMLESS_PAGES = frozenset(
    {
        "appointment_calendar_ics",
        "appointment_ics",
        "appointment_letter",
        "case_agreement_pdf",
        "client_consent_pdf",
        "clientdoc_download",
        "clientdoc_preview",
        "client_privacy_notice_pdf",
        "letters_mass_download",
        "letters_version_preview",
        "network_agreement_document",
        "public_centre_detail",
        "public_centre_flyer",
        "public_centre_list",
        "public_imprint",
        "public_privacy",
        "public_request_sent",
        "public_start",
        "referral_letter",
    }
)
FORM_PAGES = [name for name in COUNSELLOR_PAGES if name not in FORMLESS_PAGES]
_INPUT = re.compile(r'<(?:input|textarea|select)[^>]*\bname="([^"]+)"', re.IGNORECASE)
_POST_FORM = re.compile(r'<form[^>]*method="post"[^>]*>(.*?)</form>', re.IGNORECASE | re.DOTALL)

nasty_text = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "",
            " ",
            "31.02.2026",
            "2026-13-45",
            "-1",
            "99999999999999999999",
            "0",
            "<script>alert(1)</script>",
            "'; DROP TABLE clients_client; --",
            "\u202eevil",
            "a" * 5000,
            "\x00",
            "١٢٣",
            "ç" * 300,
        ]
    ),
)


def _row_counts() -> dict[str, int]:
    counts = {}
    with connection.cursor() as cursor:
        for model in apps.get_models():
            table = model._meta.db_table
            if table in IGNORED_TABLES or not model._meta.managed:
                continue
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


def _form_fields(http, url: str) -> list[str]:  # type: ignore[no-untyped-def]
    forms = _POST_FORM.findall(http.get(url).content.decode(errors="replace"))
    return sorted(
        {name for form in forms for name in _INPUT.findall(form)} - {"csrfmiddlewaretoken"}
    )


def _url(name: str, org) -> str:
    rule = POLICY[name]
    kwargs = {k: str(SAMPLES[v](org)) if v in SAMPLES else v for k, v in rule.kwargs.items()}
    return reverse(name, kwargs=kwargs)


@pytest.mark.parametrize("url_name", FORM_PAGES)
def test_generated_input_never_breaks_a_form(url_name: str, org, as_persona) -> None:
    http = as_persona("counsellor")
    url = _url(url_name, org)
    fields = _form_fields(http, url)
    assert fields, f"{url_name} shows no POST form to a counsellor: list it in FORMLESS_PAGES"

    @settings(
        max_examples=12,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(st.fixed_dictionaries({name: nasty_text for name in fields}))
    def post_garbage(data: dict[str, str]) -> None:
        before = _row_counts()
        response = http.post(url, {k: v.replace("\x00", "") for k, v in data.items()})
        assert response.status_code < 500, (url_name, data)
        if response.status_code not in (301, 302, 303):
            assert _row_counts() == before, (url_name, response.status_code, data)

    post_garbage()


def test_an_id_beyond_64_bits_is_an_invalid_choice_not_a_crash(org, as_persona) -> None:
    """Found by the fuzzing above: SQLite raised OverflowError for such ids (a 500)."""
    from django.urls import reverse

    response = as_persona("counsellor").post(
        reverse("client_intake_create", args=[org.client_a.pk]),
        {"problem_areas": ["9223372036854775808"], "service": "mbe"},
    )
    assert response.status_code == 200
    assert "problem_areas" in response.context["form"].errors


@pytest.mark.parametrize("value", ["²", "-³", "٣"])
def test_a_superscript_or_foreign_digit_id_is_an_invalid_choice_not_a_crash(
    org, as_persona, value
) -> None:
    """Found by the fuzzing above: "²" counts as a digit but int() refuses it (a 500)."""
    from django.urls import reverse

    response = as_persona("counsellor").post(
        reverse("client_intake_create", args=[org.client_a.pk]),
        {"problem_areas": [value], "service": "mbe"},
    )
    assert response.status_code == 200
    assert "problem_areas" in response.context["form"].errors


@pytest.mark.parametrize("url_name", sorted(FORMLESS_PAGES))
def test_formless_pages_really_have_no_form(url_name: str, org, as_persona) -> None:
    assert url_name in COUNSELLOR_PAGES, f"{url_name} is no counsellor page any more"
    assert _form_fields(as_persona("counsellor"), _url(url_name, org)) == []
