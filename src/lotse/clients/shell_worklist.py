"""The working list's filters on the client list, through the ``list_filter`` hook
(the same way lotse/office offers ``flag=``); the conditions live in selectors/worklist.py."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from lotse.accounts.models import Membership
from lotse.accounts.roles import CLIENT_ROLES
from lotse.common.registry import demo_step

from .file_sections import ListFilter, list_filter
from .models import Client
from .selectors import worklist as w

list_filter(ListFilter("service", _("Service"), w.service_choices, w.with_service))
list_filter(ListFilter("language", _("Language"), w.language_choices, w.with_language))
list_filter(ListFilter("age", _("Age group"), w.age_choices, w.in_age_group))
list_filter(
    ListFilter(
        "contact_older", _("Last contact older than"), w.contact_choices, w.contact_older_than
    )
)
list_filter(ListFilter("follow_up", _("Follow-up"), w.follow_up_choices, w.follow_up_due))
list_filter(
    ListFilter("permit_within", _("Permit expires within"), w.permit_choices, w.permit_within)
)


@demo_step("client_responsible", order=13)
def demo_responsible(context: Any) -> dict[str, int]:
    """Two of three demo files get a responsible counsellor of their team, so that the
    working list's "Zuständig" column and filter show something. A plain UPDATE per
    counsellor and batch: demo data, no version or audit entry to keep."""
    if Client.objects.filter(responsible__isnull=False).exists():
        return {"responsible_set": 0}
    done = 0
    for team in context.teams.values():
        staff = list(
            Membership.objects.filter(team=team, role__in=CLIENT_ROLES, read_only=False)
            .order_by("user_id")
            .values_list("user_id", flat=True)
        )
        if not staff:
            continue
        ids = list(Client.objects.filter(team=team).order_by("pk").values_list("pk", flat=True))
        chosen = [pk for n, pk in enumerate(ids) if n % 3]
        for start in range(0, len(chosen), 900):
            batch = chosen[start : start + 900]
            for k, user_id in enumerate(staff):
                done += Client.objects.filter(pk__in=batch[k :: len(staff)]).update(
                    responsible_id=user_id
                )
    return {"responsible_set": done}
