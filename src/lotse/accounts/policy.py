"""Builders for access rules: expected HTTP status per reference persona.

Reference personas (all in team A unless said otherwise): counsellor (writes), reader
(counsellor with a read-only membership), stranger (counsellor of team B), team_lead,
coordinator, statistics, dpo, admin, and anonymous. Test fixtures create exactly these
(tests/lotse_testing.py); ``kwargs`` name samples the access-matrix test knows how to make.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from lotse.accounts.roles import Role

PERSONA_ROLES: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        "anonymous": frozenset(),
        "counsellor": frozenset({Role.COUNSELLOR}),
        "reader": frozenset({Role.COUNSELLOR}),
        "stranger": frozenset({Role.COUNSELLOR}),
        "team_lead": frozenset({Role.TEAM_LEAD}),
        "coordinator": frozenset({Role.VOLUNTEER_COORDINATOR}),
        "statistics": frozenset({Role.STATISTICS_OFFICER}),
        "dpo": frozenset({Role.DATA_PROTECTION_OFFICER}),
        "admin": frozenset({Role.ADMINISTRATOR}),
    }
)
PERSONAS = tuple(PERSONA_ROLES)
SIGNED_IN = tuple(p for p in PERSONAS if p != "anonymous")
# Who can open client A's file: their own team's client roles.
CLIENT_A_READERS = frozenset({"counsellor", "reader", "team_lead"})
CLIENT_A_WRITERS = frozenset({"counsellor", "team_lead"})


@dataclass(frozen=True)
class Rule:
    """Expected HTTP status per persona for one URL, and how to call it."""

    expected: Mapping[str, int]
    method: str = "get"
    kwargs: Mapping[str, str] = field(default_factory=dict)
    why: str = ""


def _rule(expected: dict[str, int], **options: object) -> Rule:
    missing = set(PERSONAS) - set(expected)
    if missing:
        raise ValueError(f"rule misses personas: {sorted(missing)}")
    return Rule(expected=MappingProxyType(expected), **options)  # type: ignore[arg-type]


def everyone(status: int = 200, **options: object) -> Rule:
    return _rule(dict.fromkeys(PERSONAS, status), **options)


def signed_in(status: int = 200, anonymous: int = 302, **options: object) -> Rule:
    return _rule({p: (anonymous if p == "anonymous" else status) for p in PERSONAS}, **options)


def anonymous_only(**options: object) -> Rule:
    """Sign-in pages: signed-in people are sent on to the dashboard."""
    return _rule({p: (200 if p == "anonymous" else 302) for p in PERSONAS}, **options)


def roles(allowed: frozenset[str], ok: int = 200, **options: object) -> Rule:
    expected = {}
    for persona, persona_roles in PERSONA_ROLES.items():
        if persona == "anonymous":
            expected[persona] = 302
        else:
            expected[persona] = ok if persona_roles & allowed else 403
    return _rule(expected, **options)


def client_a(*, write: bool, ok: int = 200, **options: object) -> Rule:
    """Scoped to one client of team A: strangers and non-client roles get 404, never 403."""
    allowed = CLIENT_A_WRITERS if write else CLIENT_A_READERS
    expected = {}
    for persona in PERSONAS:
        if persona == "anonymous":
            expected[persona] = 302
        elif persona in allowed:
            expected[persona] = ok
        elif persona in CLIENT_A_READERS:
            expected[persona] = 403  # may read, may not write
        else:
            expected[persona] = 404
    kwargs = {"client_id": "client_a", **dict(options.pop("kwargs", {}))}  # type: ignore[call-overload]
    return _rule(expected, kwargs=kwargs, **options)


def writers_only(rule: Rule) -> Rule:
    """A client-role rule where the read-only counsellor gets 403 (bulk actions write)."""
    return Rule(
        expected=MappingProxyType({**rule.expected, "reader": 403}),
        method=rule.method,
        kwargs=rule.kwargs,
        why=rule.why,
    )


REAUTH = (
    "re-authentication first: a fresh sign-in is not enough (tests/accounts/test_authentication.py)"
)
