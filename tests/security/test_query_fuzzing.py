"""Hypothesis-generated query strings on every page (issue #15, item 5): never a 500.

Every GET page a counsellor or a team lead may open is requested with odd values for the query
parameters the views read: Unicode digits that ``isdigit()`` or ``int()`` accept ("¹²",
"١٢"), numbers beyond 64 bits, dates far in the past and future, ISO weeks, empty values and
links to other sites. The parameter names are the declared ``QUERY_PARAMETERS`` (a test below
keeps the list complete against the source) plus the fields of the page's own GET forms.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lotse.access_policy import POLICY
from test_access_matrix import SAMPLES

PERSONAS = ("counsellor", "team_lead")
# Every name a view reads from request.GET (directly or through lotse.common.query).
QUERY_PARAMETERS = (
    "after",
    "all",
    "box",
    "centre",
    "contact",
    "counsellor",
    "flag",
    "form",
    "format",
    "kind",
    "lang",
    "language",
    "module",
    "next",
    "page",
    "per_page",
    "provider",
    "q",
    "section",
    "service",
    "show",
    "sort",
    "status",
    "type",
    "version",
    "week",
    "within",
    "year",
)
PAGES = sorted(
    (name, persona)
    for name, rule in POLICY.items()
    for persona in PERSONAS
    if rule.method == "get" and rule.expected.get(persona) == 200
)
_GET_FORM = re.compile(r"<form(?![^>]*method=\"post\")[^>]*>(.*?)</form>", re.I | re.S)
_INPUT = re.compile(r'<(?:input|textarea|select)[^>]*\bname="([^"]+)"', re.IGNORECASE)
_READS = re.compile(
    r'request\.GET(?:\.get\(|\[)"([a-z_]+)"|query_[a-z]+\(request, "([a-z_]+)"'
    r'|"([a-z_]+)" in request\.GET'
)

KNOWN_BAD = ("¹²", "١٢", "99999999999999999999", "9999-12-31", "", "//evil.example")
odd_value = st.one_of(
    st.sampled_from(
        [
            "",
            " ",
            "¹²",
            "²",
            "١٢",
            "１２",
            "߁",
            "0",
            "-1",
            "99999999999999999999",
            "9223372036854775808",
            "1e999",
            "NaN",
            "9999-12-31",
            "0001-01-01",
            "2026-02-30",
            "٢٠٢٦-٠٣-٠٤",
            "2026-W99",
            "99999-01-01",
            "https://evil.example/",
            "//evil.example",
            "\x00",
        ]
    ),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.text(alphabet=st.characters(categories=["Nd", "No", "Nl"]), min_size=1, max_size=6),
    st.dates().map(lambda d: d.isoformat()),
)


def _url(name: str, org) -> str:  # type: ignore[no-untyped-def]
    rule = POLICY[name]
    kwargs = {k: str(SAMPLES[v](org)) if v in SAMPLES else v for k, v in rule.kwargs.items()}
    return reverse(name, kwargs=kwargs)


def _get_form_fields(content: bytes) -> set[str]:
    forms = _GET_FORM.findall(content.decode(errors="replace"))
    return {name for form in forms for name in _INPUT.findall(form)}


@pytest.mark.parametrize(("url_name", "persona"), PAGES)
def test_odd_query_values_never_break_a_page(url_name: str, persona: str, org, as_persona) -> None:
    http = as_persona(persona)
    url = _url(url_name, org)
    first = http.get(url)
    assert first.status_code == 200, (url_name, persona)
    names = sorted(set(QUERY_PARAMETERS) | _get_form_fields(first.content))

    def check(query: dict[str, str]) -> None:
        response = http.get(url, query)
        assert response.status_code < 500, (url_name, persona, query)
        location = response.headers.get("Location", "")
        assert "evil.example" not in location, (url_name, persona, location)

    # The values of issue #15 in every parameter at once, then generated mixtures.
    for value in KNOWN_BAD:
        check(dict.fromkeys(names, value))

    @settings(
        max_examples=3,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(st.fixed_dictionaries({name: odd_value for name in names}))
    def get_with(query: dict[str, str]) -> None:
        check({k: v.replace("\x00", "") for k, v in query.items()})

    get_with()


def test_every_query_parameter_a_view_reads_is_fuzzed() -> None:
    source = Path(__file__).resolve().parents[2] / "src" / "lotse"
    read = {
        next(group for group in match if group)
        for path in source.rglob("*.py")
        for match in _READS.findall(path.read_text(encoding="utf-8"))
    }
    assert read, "the pattern finds the views' reads"
    missing = sorted(read - set(QUERY_PARAMETERS))
    assert not missing, f"add to QUERY_PARAMETERS: {missing}"


def test_the_fuzzing_covers_counsellor_and_team_lead_pages() -> None:
    assert {persona for _name, persona in PAGES} == set(PERSONAS)
    assert len(PAGES) > 50
