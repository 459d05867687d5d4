"""Who may reach the import pages (see lotse/access_policy.py): team leads only.

A run belongs to a team; a team lead of another team gets 404 for it (selectors.run_for).
Every other role is refused the pages as a whole (403), the administrator included: the
report shows the names of the sheet's rows.
"""

from __future__ import annotations

from lotse.accounts.policy import Rule, roles
from lotse.accounts.roles import Role

LEADS = frozenset({Role.TEAM_LEAD})
RUN = {"run_id": "import_run_a"}

POLICY: dict[str, Rule] = {
    "import_upload": roles(LEADS),
    "import_template": roles(LEADS),
    "import_run": roles(LEADS, kwargs=RUN),
    "import_progress": roles(
        LEADS, ok=302, kwargs=RUN, why="the bar is an HTMX part: opened alone, the run's page"
    ),
    "import_remap": roles(
        LEADS, ok=302, method="post", kwargs=RUN, why="the matrix posts no mapping: back to the run"
    ),
    "import_confirm": roles(LEADS, ok=302, method="post", kwargs=RUN, why="started, to the run"),
    "import_undo": roles(
        LEADS, ok=302, method="post", kwargs=RUN, why="refused with a message: not imported yet"
    ),
}
