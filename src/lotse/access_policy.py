"""Who may reach which page — declared for every URL of the project.

``tests/test_access_matrix.py`` walks every URL pattern, requests it as each reference
persona below and compares the status code with what is declared here. A URL without an
entry fails the suite, so no page can be added without deciding who may see it.

Reference personas (all in team A unless said otherwise):
counsellor (writes), reader (counsellor with a read-only membership), stranger (counsellor
of team B), team_lead, coordinator, statistics, dpo, admin, and anonymous.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from lotse.accounts.roles import ADMIN_ROLES, AUDIT_ROLES, CLIENT_ROLES, Role

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
    return _rule(expected, kwargs={"client_id": "client_a"}, **options)


REAUTH = "re-authentication first: a fresh sign-in is not enough (tests/accounts/test_reauth.py)"

POLICY: Mapping[str, Rule] = MappingProxyType(
    {
        # --- Lotse ---------------------------------------------------------------------
        "home": signed_in(302, why="redirects to the dashboard or the login page"),
        "dashboard": signed_in(),
        "client_list": roles(CLIENT_ROLES),
        "client_create": roles(CLIENT_ROLES),
        "client_detail": client_a(write=False),
        "client_edit": client_a(write=True),
        "audit_trail": roles(AUDIT_ROLES),
        "audit_verify": roles(AUDIT_ROLES, ok=302, method="post"),
        "user_list": roles(ADMIN_ROLES),
        "user_create": roles(ADMIN_ROLES, ok=302, why=REAUTH),
        "user_roles": roles(ADMIN_ROLES, ok=302, kwargs={"user_id": "counsellor_user"}, why=REAUTH),
        "membership_revoke": roles(
            ADMIN_ROLES, ok=302, method="post", kwargs={"membership_id": "reader_membership"}
        ),
        "set_language": everyone(302, method="post"),
        # --- sign-in (django-allauth) ----------------------------------------------------
        "account_login": anonymous_only(),
        "account_signup": anonymous_only(why="self-registration is closed: a notice page"),
        "account_logout": signed_in(why="GET shows a confirmation; POST signs out"),
        "account_inactive": everyone(),
        "account_reauthenticate": signed_in(),
        "account_email": signed_in(),
        "account_email_verification_sent": everyone(),
        "account_change_password": signed_in(),
        "account_set_password": signed_in(302, why="everyone has a password: sent to change"),
        "account_reset_password": everyone(),
        "account_reset_password_done": everyone(),
        "account_reset_password_from_key": everyone(
            kwargs={"uidb36": "x", "key": "bad-key"}, why="an invalid key shows a notice"
        ),
        "account_reset_password_from_key_done": everyone(),
        "account_confirm_login_code": everyone(302, why="no login code pending"),
        "account_confirm_email": everyone(kwargs={"key": "bad-key"}),
        "mfa_index": signed_in(),
        "mfa_authenticate": everyone(302, why="no sign-in pending"),
        "mfa_reauthenticate": signed_in(),
        "mfa_activate_totp": signed_in(302, why="everyone in the matrix has TOTP already"),
        "mfa_deactivate_totp": signed_in(302, why=REAUTH),
        "mfa_view_recovery_codes": signed_in(404, why="no recovery codes generated yet"),
        "mfa_generate_recovery_codes": signed_in(302, why=REAUTH),
        "mfa_download_recovery_codes": signed_in(404, why="no recovery codes generated yet"),
    }
)
