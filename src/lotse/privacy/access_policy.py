from __future__ import annotations

from lotse.accounts.policy import REAUTH, Rule, _rule, client_a, roles
from lotse.accounts.roles import AUDIT_ROLES

_reauth_client = client_a(write=True, ok=302, why=REAUTH)

POLICY: dict[str, Rule] = {
    "privacy_retention": roles(AUDIT_ROLES),
    "privacy_retention_run": roles(AUDIT_ROLES, ok=302, method="post", why=REAUTH),
    "privacy_erasure": roles(AUDIT_ROLES, ok=302, why=REAUTH),
    "privacy_erasure_run": roles(AUDIT_ROLES, ok=302, method="post", why=REAUTH),
    # Team leads may set a hold for their teams' files; the matrix posts no file number.
    "privacy_legal_hold": _rule(
        {
            "anonymous": 302,
            "counsellor": 403,
            "reader": 403,
            "stranger": 403,
            "team_lead": 302,
            "coordinator": 403,
            "statistics": 403,
            "dpo": 302,
            "admin": 403,
        },
        method="post",
    ),
    "client_subject_access": _reauth_client,
    "client_subject_access_json": _reauth_client,
    "client_subject_access_pdf": _reauth_client,
    "client_file_close": client_a(write=True, ok=302, method="post"),
}
