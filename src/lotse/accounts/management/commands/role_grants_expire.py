"""Mark role proposals past their seven days as expired and audit each (run daily).

Pages never write this on a read: an overdue proposal already counts as expired everywhere
(``RoleGrant.is_open``); this writes the status and the ``role_grant.expired`` entry.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from lotse.accounts.services import role_grants_expire


class Command(BaseCommand):
    help = "Mark role proposals older than seven days as expired (audited)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"Role proposals marked expired: {role_grants_expire()}")
