from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from lotse.accounts.roles import AUDIT_ROLES
from lotse.common.registry import nav_entry

nav_entry(
    "retention",
    _("Retention and erasure"),
    "privacy_retention",
    order=81,
    visible=lambda user: user.has_role(*AUDIT_ROLES),
    active_for=("privacy_retention", "privacy_erasure"),
)
