"""The task queue's navigation entry (administrators)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from lotse.accounts.roles import ADMIN_ROLES
from lotse.common.registry import nav_entry

nav_entry(
    "jobs",
    _("Background jobs"),
    "job_list",
    order=92,
    visible=lambda user: user.has_role(*ADMIN_ROLES),
    active_for=("job_list",),
)
