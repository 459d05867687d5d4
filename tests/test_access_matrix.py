"""Every URL × every persona against lotse/access_policy.py (issue #2, 'access matrix')."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from lotse.access_policy import PERSONAS, POLICY
from lotse_testing import Org


def _url_names(patterns: list, namespace: str = "") -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name}" if pattern.name else f"<unnamed {pattern.pattern}>"


def all_url_names() -> list[str]:
    return sorted(set(_url_names(get_resolver().url_patterns)))


def test_every_url_has_a_declared_policy() -> None:
    undeclared = [name for name in all_url_names() if name not in POLICY]
    assert not undeclared, f"URLs without an access policy in lotse/access_policy.py: {undeclared}"


def test_policy_names_no_url_that_does_not_exist() -> None:
    stale = sorted(set(POLICY) - set(all_url_names()))
    assert not stale, f"Access policy entries for URLs that no longer exist: {stale}"


# Sample objects for URL parameters: name used in a policy's kwargs -> maker (org) -> value.
# Domain apps add theirs here; each maker creates (or finds) an object of client A / team A.
SAMPLES: dict[str, Callable[[Org], object]] = {
    "client_a": lambda org: org.client_a.pk,
    "counsellor_user": lambda org: org.users["counsellor"].pk,
    "reader_membership": lambda org: org.membership("reader").pk,
}


def _sample(org: Org, key: str) -> str:
    return str(SAMPLES[key](org)) if key in SAMPLES else key


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("url_name", sorted(POLICY))
def test_access_matrix(url_name: str, persona: str, org, as_persona) -> None:
    rule = POLICY[url_name]
    url = reverse(url_name, kwargs={k: _sample(org, v) for k, v in rule.kwargs.items()})
    http = as_persona(persona)
    response = getattr(http, rule.method)(
        url, data={"language": "de"} if rule.method == "post" else None
    )
    expected = rule.expected[persona]
    assert response.status_code == expected, (
        f"{rule.method.upper()} {url} as {persona}: got {response.status_code}, "
        f"policy says {expected} ({rule.why or 'see lotse/access_policy.py'})"
    )
    if response.status_code == 302 and persona == "anonymous" and expected == 302:
        location = response["Location"]
        assert (
            "/accounts/login/" in location or url_name in {"set_language", "home"} or (rule.why)
        ), f"anonymous {url} redirected to {location}, not to the login page"
