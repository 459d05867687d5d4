"""Who may reach the case-management pages (see lotse/access_policy.py).

Case pages are scoped through the case's client: strangers and roles without client access
get 404, the read-only counsellor gets 403 on everything that writes. Samples (``case_a`` …)
are made by ``tests/cases/samples.py`` through ``tests/test_access_matrix.py::SAMPLES``.
"""

from __future__ import annotations

from lotse.accounts.policy import REAUTH, Rule, client_a, roles, writers_only
from lotse.accounts.roles import CLIENT_ROLES, Role

CASE = {"case_id": "case_a"}


def case_a(
    *, write: bool, ok: int = 200, method: str = "get", why: str = "", **kwargs: str
) -> Rule:
    """Like ``client_a``, for a URL that names a case of client A (and objects inside it)."""
    rule = client_a(write=write, ok=ok)
    return Rule(expected=rule.expected, method=method, kwargs={**CASE, **kwargs}, why=why)


POLICY = {
    "case_overview": client_a(write=False),
    "case_open": client_a(write=True),
    "case_transition": case_a(write=True, ok=302, method="post"),
    "case_close": case_a(write=True),
    "case_reopen": case_a(write=True, ok=302, why="the sample case is open: sent back"),
    "case_assessment": case_a(write=True),
    "case_plan": case_a(write=False),
    "case_plan_edit": case_a(write=True),
    "case_goal_create": case_a(write=True),
    "case_goal_edit": case_a(write=True, goal_id="goal_a"),
    "case_goal_remove": case_a(write=True, ok=302, method="post", goal_id="goal_a"),
    "case_goal_status": case_a(write=True, ok=302, method="post", goal_id="goal_a"),
    "case_step_add": case_a(write=True, ok=302, method="post", goal_id="goal_a"),
    "case_step_toggle": case_a(write=True, ok=302, method="post", step_id="step_a"),
    "case_agreement": case_a(write=False),
    "case_agreement_create": case_a(write=True, ok=302, method="post"),
    "case_agreement_edit": case_a(write=True, agreement_id="agreement_a"),
    "case_agreement_pdf": case_a(write=False, agreement_id="agreement_a"),
    "case_agreement_sign": case_a(write=True, ok=302, method="post", agreement_id="agreement_a"),
    "case_reviews": case_a(write=False),
    "case_review_schedule": case_a(write=True, ok=302, method="post"),
    "case_review_record": case_a(write=True, review_id="review_a"),
    "case_evaluation": case_a(write=True),
    "case_sustainability": case_a(write=True),
    "case_review_list": roles(CLIENT_ROLES),
    "case_limit_list": roles(frozenset({Role.TEAM_LEAD})),
    # The case working list (issue #17 §3): only the cases of the user's teams' files, so a
    # stranger sees a list without team A's cases (tests/cases/test_views_case_list.py); the
    # read-only counsellor reads it as the client list. The export asks for the password first.
    "case_list": roles(CLIENT_ROLES),
    "case_export": roles(CLIENT_ROLES, ok=302, why=REAUTH, kwargs={"fmt": "csv"}),
}


# Bulk close from the working list (issue #17 §3): without selected files both send the user
# back to the list; the page and the run find only files the user may change, so a stranger
# simply finds none of team A's (tests/cases/test_bulk_close.py).
POLICY.update(
    {
        "case_bulk_close": writers_only(roles(CLIENT_ROLES, ok=302)),
        "case_bulk_close_run": writers_only(roles(CLIENT_ROLES, ok=302, method="post")),
    }
)


# Saved filters and bulk actions of the case list (issue #17 §3; tests/cases/
# test_case_worklist_actions.py). Saving without a filter sends the user back to the list; a
# filter is applied and deleted only by its owner: the sample id belongs to nobody, so every
# client role gets 404, as for another user's filter. The bulk form and the counsellor run
# without rows send the writer back to the list; the read-only counsellor gets 403, a stranger
# finds none of team A's cases.
POLICY.update(
    {
        "case_filter_save": roles(CLIENT_ROLES, ok=302, method="post"),
        "case_filter_apply": roles(CLIENT_ROLES, ok=404, kwargs={"filter_id": "999999"}),
        "case_filter_delete": roles(
            CLIENT_ROLES, ok=404, method="post", kwargs={"filter_id": "999999"}
        ),
        "case_bulk": writers_only(roles(CLIENT_ROLES, ok=302, method="post")),
        "case_bulk_reassign": writers_only(roles(CLIENT_ROLES, ok=302, method="post")),
    }
)
