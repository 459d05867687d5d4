"""Role grants (issue #15): who sees, confirms and refuses proposals for client-data roles.

The other accounts pages are declared in lotse/access_policy.py. The sample grant proposes the
stranger (counsellor of team B) as counsellor of team A; the administrator proposed it.
"""

from __future__ import annotations

from lotse.accounts.policy import REAUTH, Rule, _rule, roles
from lotse.accounts.roles import Role

DECIDE = {
    "anonymous": 302,
    "counsellor": 403,
    "reader": 403,
    "stranger": 403,
    "team_lead": 302,
    "coordinator": 403,
    "statistics": 403,
    "dpo": 403,
    "admin": 404,
}

POLICY: dict[str, Rule] = {
    "role_grant_list": roles(
        frozenset({Role.TEAM_LEAD, Role.DATA_PROTECTION_OFFICER, Role.ADMINISTRATOR})
    ),
    "role_grant_confirm": _rule(
        DECIDE,
        method="post",
        kwargs={"grant_id": "role_grant_a"},
        why=f"the proposing administrator may not decide (404); team lead: {REAUTH}",
    ),
    "role_grant_refuse": _rule(
        DECIDE,
        method="post",
        kwargs={"grant_id": "role_grant_a"},
        why="the proposing administrator may not decide (404); team lead refuses, back to list",
    ),
    "role_grant_withdraw": _rule(
        {
            **{persona: 403 for persona in DECIDE},
            "anonymous": 302,
            "admin": 302,
        },
        method="post",
        kwargs={"grant_id": "role_grant_a"},
        why="only administrators take a proposal back; back to the list",
    ),
}
