"""Who may reach the network pages (see lotse/network/access.py for the reasoning).

Network pages (partners, agreements, coverage, indicators, activities): counsellors, team
leads, volunteer coordinators and administrators of the centre read; counsellors and team
leads without a read-only membership, and administrators, change. The stranger persona is a
counsellor of team B in the *same* centre, so partner data is open to them too. Statistics
and data-protection officers get 403. Referrals are client data: the client file's rules.
"""

from __future__ import annotations

from lotse.accounts.policy import PERSONAS, Rule, _rule, client_a, roles
from lotse.accounts.roles import CLIENT_ROLES

READERS = frozenset({"counsellor", "reader", "stranger", "team_lead", "coordinator", "admin"})
WRITERS = frozenset({"counsellor", "stranger", "team_lead", "admin"})


def network(*, write: bool, ok: int = 200, **options: object) -> Rule:
    allowed = WRITERS if write else READERS
    expected = {p: 302 if p == "anonymous" else (ok if p in allowed else 403) for p in PERSONAS}
    return _rule(expected, **options)


def client_object(
    *, write: bool, ok: int = 200, method: str = "get", why: str = "", **kwargs: str
) -> Rule:
    """A page of one object in client A's file: the client file's rules, more URL kwargs."""
    base = client_a(write=write, ok=ok)
    return Rule(expected=base.expected, method=method, kwargs={**base.kwargs, **kwargs}, why=why)


POLICY: dict[str, Rule] = {
    "network_partner_list": network(write=False),
    "network_partner_create": network(write=True),
    "network_partner_detail": network(write=False, kwargs={"partner_id": "network_partner_a"}),
    "network_partner_edit": network(write=True, kwargs={"partner_id": "network_partner_a"}),
    "network_contact_add": network(
        write=True,
        ok=302,
        method="post",
        kwargs={"partner_id": "network_partner_a"},
        why="without HTMX the form posts back to the partner page",
    ),
    "network_contact_delete": network(
        write=True, ok=302, method="post", kwargs={"contact_id": "network_contact_a"}
    ),
    "network_agreement_list": network(write=False),
    "network_agreement_create": network(write=True, kwargs={"partner_id": "network_partner_a"}),
    "network_agreement_edit": network(write=True, kwargs={"agreement_id": "network_agreement_a"}),
    "network_agreement_document": network(
        write=False, kwargs={"agreement_id": "network_agreement_a"}
    ),
    "network_coverage": network(write=False),
    "network_indicators": network(write=False),
    "activity_list": network(write=False),
    "activity_create": network(write=True),
    "activity_edit": network(write=True, kwargs={"activity_id": "network_activity_a"}),
    "project_list": network(write=False),
    "project_create": network(write=True),
    "project_detail": network(write=False, kwargs={"project_id": "network_project_a"}),
    "project_edit": network(write=True, kwargs={"project_id": "network_project_a"}),
    "project_goal_add": network(
        write=True,
        ok=302,
        method="post",
        kwargs={"project_id": "network_project_a"},
        why="without HTMX the form posts back to the project page",
    ),
    "project_goal_status": network(
        write=True, ok=302, method="post", kwargs={"goal_id": "network_project_goal_a"}
    ),
    "district_needs": network(write=False),
    "district_need_create": network(write=True),
    "district_need_edit": network(write=True, kwargs={"need_id": "network_district_need_a"}),
    "referral_overdue": roles(CLIENT_ROLES),
    "referral_list": client_a(write=False),
    "referral_create": client_a(write=True),
    "referral_incoming": client_a(write=True),
    "referral_outcome": client_object(write=True, referral_id="network_referral_a"),
    "referral_letter": client_object(write=False, referral_id="network_referral_a"),
}
