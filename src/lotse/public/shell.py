"""The administrator's navigation entry for the public pages' legal texts."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from lotse.accounts.roles import ADMIN_ROLES
from lotse.common.registry import nav_entry

nav_entry(
    "legal_texts",
    _("Imprint and privacy notice"),
    "legal_texts",
    order=93,
    visible=lambda user: user.has_role(*ADMIN_ROLES),
    active_for=("legal_texts", "legal_texts_edit"),
)
