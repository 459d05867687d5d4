"""Who may open the statistics pages (the navigation entry asks the same)."""

from __future__ import annotations

from lotse.accounts.roles import Role

STATISTICS_VIEW_ROLES = (Role.STATISTICS_OFFICER, Role.TEAM_LEAD)
BUNDLE_ROLES = (Role.STATISTICS_OFFICER,)
