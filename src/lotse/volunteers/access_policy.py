"""Who may reach which volunteer page (issue #8); enforced by tests/test_access_matrix.py.

Samples (tests/volunteers/samples.py): ``volunteer_a`` is an active volunteer of team A paired
with client A, so client A's counsellors see that one volunteer and nobody else does;
``jmd_offer_b`` is a group offer of team B, the JMD team in which only ``stranger`` works.
"""

from __future__ import annotations

from lotse.accounts.policy import Rule, _rule, client_a, roles

from .access import FIGURES_ROLES, GROUP_ROLES, VOLUNTEER_ROLES

PAIRED = "a counsellor sees the volunteer paired with their client; others get 404"
JMD_TEAM = "only members of the offer's JMD team (team B) see it; other client roles get 404"


def _paired_volunteer() -> Rule:
    expected = dict.fromkeys(("stranger", "statistics", "dpo", "admin"), 404)
    expected.update(anonymous=302, counsellor=200, reader=200, team_lead=200, coordinator=200)
    return _rule(expected, kwargs={"volunteer_id": "volunteer_a"}, why=PAIRED)


def _jmd_team_b(ok: int = 200, **options: object) -> Rule:
    expected = dict.fromkeys(("counsellor", "reader", "team_lead", "coordinator"), 404)
    expected.update(anonymous=302, stranger=ok, statistics=403, dpo=403, admin=403)
    return _rule(expected, kwargs={"offer_id": "jmd_offer_b"}, why=JMD_TEAM, **options)


VOLUNTEER = {"volunteer_id": "volunteer_a"}
TRAINED = {"volunteer_id": "volunteer_trained"}

POLICY = {
    "volunteer_list": roles(VOLUNTEER_ROLES),
    "volunteer_create": roles(VOLUNTEER_ROLES),
    "volunteer_districts": roles(VOLUNTEER_ROLES),
    "volunteer_figures": roles(FIGURES_ROLES),
    "volunteer_detail": _paired_volunteer(),
    "volunteer_edit": roles(VOLUNTEER_ROLES, kwargs=VOLUNTEER),
    "volunteer_status": roles(VOLUNTEER_ROLES, ok=302, method="post", kwargs=VOLUNTEER),
    "volunteer_document_add": roles(VOLUNTEER_ROLES, kwargs=VOLUNTEER),
    "training_certificate": roles(VOLUNTEER_ROLES, kwargs=TRAINED),
    "training_overview": roles(VOLUNTEER_ROLES),
    "training_session_create": roles(VOLUNTEER_ROLES),
    "training_session_detail": roles(VOLUNTEER_ROLES, kwargs={"session_id": "training_session_a"}),
    "partner_list": roles(VOLUNTEER_ROLES),
    "partner_create": roles(VOLUNTEER_ROLES),
    "partner_detail": roles(VOLUNTEER_ROLES, kwargs={"partner_id": "volunteer_partner_a"}),
    "partner_edit": roles(VOLUNTEER_ROLES, kwargs={"partner_id": "volunteer_partner_a"}),
    "matching_suggestions": roles(VOLUNTEER_ROLES, kwargs={"partner_id": "volunteer_partner_a"}),
    "matching_confirm": roles(
        VOLUNTEER_ROLES, ok=302, method="post", kwargs={"partner_id": "volunteer_partner_a"}
    ),
    "partnership_client_tab": client_a(write=False),
    "partner_refer": client_a(write=True),
    "partnership_list": roles(VOLUNTEER_ROLES),
    "partnership_detail": roles(VOLUNTEER_ROLES, kwargs={"partnership_id": "partnership_a"}),
    "partnership_transition": roles(
        VOLUNTEER_ROLES, ok=302, method="post", kwargs={"partnership_id": "partnership_a"}
    ),
    "partnership_meeting_add": roles(VOLUNTEER_ROLES, kwargs={"partnership_id": "partnership_a"}),
    "group_evening_list": roles(VOLUNTEER_ROLES),
    "group_evening_create": roles(VOLUNTEER_ROLES),
    "group_evening_detail": roles(VOLUNTEER_ROLES, kwargs={"evening_id": "group_evening_a"}),
    "jmd_offer_list": roles(GROUP_ROLES),
    "jmd_offer_create": roles(GROUP_ROLES),
    "jmd_offer_detail": _jmd_team_b(),
    "jmd_offer_date_add": _jmd_team_b(ok=302, method="post"),
    "jmd_offer_participant_add": _jmd_team_b(ok=302, method="post"),
}
