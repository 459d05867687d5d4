"""Whose centre it is: the rule that scopes requests, office hours and request appointments.

Public requests belong to a centre; the client roles of any team of that centre work with them
(see ``selectors`` for the reads). Here, not in ``selectors``, because the models' querysets
(``Appointment.objects.visible_to``) apply it too.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from lotse.accounts.models import Membership


def centre_ids_for(user: Any, *, write: bool = False) -> QuerySet[Membership, int]:
    """Centres in which ``user`` holds a client role (not read-only when ``write``)."""
    memberships = Membership.objects.with_client_role(user, writable=write)
    return memberships.values_list("team__service__centre_id", flat=True)
