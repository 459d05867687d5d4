"""Who may reach the statistics pages (tests/test_access_matrix.py enforces it).

Team leads and the statistics officer see aggregates; counsellors, coordinators, the DPO and
administrators get 403. Bundles of other units and the trusted signing keys are the statistics
officer's. Reports, exports and trusting a key re-authenticate first (302 to the
re-authentication page for the allowed roles).
"""

from __future__ import annotations

from lotse.accounts.policy import REAUTH, Rule, roles
from lotse.accounts.roles import Role

STATISTICS = frozenset({Role.TEAM_LEAD, Role.STATISTICS_OFFICER})
OFFICER = frozenset({Role.STATISTICS_OFFICER})
FUNDING = {"period_id": "stats_funding_a"}
BUNDLE = {"bundle_id": "stats_bundle_a"}

POLICY: dict[str, Rule] = {
    "stats_dashboard": roles(STATISTICS),
    "stats_reports": roles(STATISTICS),
    "stats_report_annual_xlsx": roles(STATISTICS, ok=302, why=REAUTH),
    "stats_report_annual_pdf": roles(STATISTICS, ok=302, why=REAUTH),
    "stats_report_municipal": roles(STATISTICS, ok=302, why=REAUTH),
    "stats_report_funder_xlsx": roles(STATISTICS, ok=302, why=REAUTH),
    "stats_bundle_export": roles(STATISTICS, ok=302, why=REAUTH),
    "stats_bundle_list": roles(OFFICER),
    "stats_bundle_merge": roles(
        OFFICER, ok=302, method="post", why="no bundles chosen: back to the list"
    ),
    "stats_bundle_dashboard": roles(OFFICER, kwargs=BUNDLE),
    "stats_bundle_download": roles(OFFICER, ok=302, kwargs=BUNDLE, why=REAUTH),
    "stats_key_list": roles(OFFICER),
    "stats_key_change": roles(OFFICER, ok=302, method="post", why=REAUTH),
    "stats_funding_list": roles(STATISTICS),
    "stats_funding_create": roles(STATISTICS),
    "stats_funding_detail": roles(STATISTICS, kwargs=FUNDING),
    "stats_funding_edit": roles(STATISTICS, kwargs=FUNDING),
    "stats_funding_lines": roles(STATISTICS, kwargs=FUNDING),
    "stats_grant_letter": roles(STATISTICS, ok=302, kwargs=FUNDING, why=REAUTH),
}
