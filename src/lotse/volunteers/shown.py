"""Who a volunteers page shows, for the list-read audit (``lotse.audit.services.reads``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def partnership_people(partnerships: Iterable[Any]) -> dict[str, list[int]]:
    """Volunteers and tandem partners of ``partnerships``, and the client files of partners.

    A partner who is also a client (``partner.client_id``) is named as that client too, so that
    "who looked at client X" finds the tandem pages that showed them.
    """
    rows = list(partnerships)
    return {
        "volunteers": [p.volunteer_id for p in rows],
        "partners": [p.partner_id for p in rows],
        "clients": [p.partner.client_id for p in rows if p.partner.client_id is not None],
    }


def partner_people(partners: Iterable[Any]) -> dict[str, list[int]]:
    rows = list(partners)
    return {
        "partners": [p.pk for p in rows],
        "clients": [p.client_id for p in rows if p.client_id is not None],
    }
