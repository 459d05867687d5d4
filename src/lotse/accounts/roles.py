"""The six roles and what each may do — the one place that says so (DOMAIN §D15, issue #2)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COUNSELLOR = "counsellor", _("Counsellor")
    TEAM_LEAD = "team_lead", _("Team lead")
    VOLUNTEER_COORDINATOR = "volunteer_coordinator", _("Volunteer coordinator")
    STATISTICS_OFFICER = "statistics_officer", _("Statistics officer")
    DATA_PROTECTION_OFFICER = "data_protection_officer", _("Data-protection officer")
    ADMINISTRATOR = "administrator", _("Administrator")


# Roles that may open the files of their own teams' clients.
CLIENT_ROLES: frozenset[str] = frozenset({Role.COUNSELLOR, Role.TEAM_LEAD})
# Roles that must sign in with a second factor: every staff role. The statistics officer sees
# aggregates only, but exports what leaves the centre and could pin people with badly chosen
# periods; a stolen password must not be enough for that either (issue #15, DOMAIN §D16).
TWO_FACTOR_ROLES: frozenset[str] = frozenset(Role)
# Roles that reach personal data of clients in any form (files, volunteer pairings, erasure
# look-ups): granted only through a confirmed RoleGrant (issue #15), never to an account that
# holds the administrator role — such a membership is ignored wherever access is decided.
CLIENT_DATA_ROLES: frozenset[str] = frozenset(
    {
        Role.COUNSELLOR,
        Role.TEAM_LEAD,
        Role.VOLUNTEER_COORDINATOR,
        Role.DATA_PROTECTION_OFFICER,
    }
)
AUDIT_ROLES: frozenset[str] = frozenset({Role.DATA_PROTECTION_OFFICER})
ADMIN_ROLES: frozenset[str] = frozenset({Role.ADMINISTRATOR})
STATISTICS_ROLES: frozenset[str] = frozenset({Role.STATISTICS_OFFICER, Role.TEAM_LEAD})
