"""The import's navigation entry (team leads)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from lotse.accounts.roles import Role
from lotse.common.registry import nav_entry

nav_entry(
    "imports",
    _("Import"),
    "import_upload",
    order=88,
    visible=lambda user: user.has_role(Role.TEAM_LEAD),
    active_for=("import_upload", "import_run"),
)
