"""Who may reach which page — declared for every URL of the project.

``tests/test_access_matrix.py`` walks every URL pattern, requests it as each reference persona
(see lotse/common/policy.py) and compares the status code with what is declared. A URL without
an entry fails the suite, so no page can be added without deciding who may see it.

Core pages are declared here; each domain app declares its own pages in
``lotse/<app>/access_policy.py`` as ``POLICY = {...}``, merged below.
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib import import_module
from types import MappingProxyType

from django.apps import apps

from lotse.accounts.policy import (
    PERSONAS,
    REAUTH,
    Rule,
    anonymous_only,
    client_a,
    everyone,
    roles,
    signed_in,
)
from lotse.accounts.roles import ADMIN_ROLES, AUDIT_ROLES, CLIENT_ROLES

__all__ = ["PERSONAS", "POLICY", "Rule"]

CORE_POLICY: dict[str, Rule] = {
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
    # --- counselling contacts ---
    "client_contacts": client_a(write=False),
    "client_contact_create": client_a(
        write=True, method="post", why="the matrix posts an incomplete form: shown again"
    ),
    "client_contact_edit": Rule(
        expected=client_a(write=True).expected,
        kwargs={"client_id": "client_a", "contact_id": "contact_a"},
    ),
    "client_contact_follow_up_done": Rule(
        expected=client_a(write=True, ok=302).expected,
        method="post",
        kwargs={"client_id": "client_a", "contact_id": "contact_a"},
        why="without HTMX: back to the contact list",
    ),
    "client_timeline": client_a(write=False),
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


def _collect() -> Mapping[str, Rule]:
    merged = dict(CORE_POLICY)
    for config in apps.get_app_configs():
        if not config.name.startswith("lotse."):
            continue
        try:
            module = import_module(f"{config.name}.access_policy")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.access_policy":
                raise
            continue
        clash = set(merged) & set(module.POLICY)
        if clash:
            raise ValueError(f"URL names declared twice in access policies: {sorted(clash)}")
        merged.update(module.POLICY)
    return MappingProxyType(merged)


POLICY: Mapping[str, Rule] = _collect()
