"""Who may reach the appointment pages (issue #9).

Calendar, requests, capacity: the client roles (counsellors and team leads). Requests from
the public page belong to a centre and a service: the counsellors and team leads of that
centre's teams for that service see them; the stranger persona (JMD team of the same centre)
gets 404 for team A's MBE request; read-only memberships may not change them.
Appointments follow the client file (client A's appointment: client A's rules). Office hours:
client roles and administrators read; team leads and administrators change them.
"""

from __future__ import annotations

from lotse.accounts.policy import PERSONAS, Rule, _rule, client_a, roles
from lotse.accounts.roles import CLIENT_ROLES, Role

CENTRE_WRITERS = frozenset({"counsellor", "team_lead"})
CENTRE_READERS = CENTRE_WRITERS | {"reader"}
OTHER_SERVICE = frozenset({"stranger"})


def centre_request(*, write: bool, ok: int = 200, **options: object) -> Rule:
    """An MBE request of team A's centre: its MBE client roles read, read-only ones never write."""
    allowed = CENTRE_WRITERS if write else CENTRE_READERS

    def status(persona: str) -> int:
        if persona == "anonymous":
            return 302
        if persona in OTHER_SERVICE:
            return 404
        return ok if persona in allowed else 403

    expected = {p: status(p) for p in PERSONAS}
    return _rule(expected, kwargs={"request_id": "appointment_request_a"}, **options)


def appointment(*, write: bool, ok: int = 200, method: str = "get", why: str = "") -> Rule:
    base = client_a(write=write, ok=ok)
    return Rule(
        expected=base.expected,
        method=method,
        kwargs={"appointment_id": "appointment_a"},
        why=why,
    )


POLICY: dict[str, Rule] = {
    "appointment_list": roles(CLIENT_ROLES),
    "appointment_calendar_ics": roles(CLIENT_ROLES),
    "appointment_detail": appointment(write=False),
    "appointment_status": appointment(
        write=True, ok=302, method="post", why="back to the appointment with a message"
    ),
    "appointment_letter": appointment(write=False),
    "appointment_ics": appointment(write=False),
    "appointment_request_list": roles(CLIENT_ROLES),
    "appointment_request_detail": centre_request(write=False),
    "appointment_request_status": centre_request(
        write=True, ok=302, method="post", why="back to the request with a message"
    ),
    "appointment_request_book": centre_request(write=True),
    "appointment_client_list": client_a(write=False),
    "appointment_client_book": client_a(write=True),
    "capacity_overview": roles(CLIENT_ROLES),
    "office_hours_list": roles(CLIENT_ROLES | {Role.ADMINISTRATOR}),
    "office_hours_edit": roles(
        frozenset({Role.TEAM_LEAD, Role.ADMINISTRATOR}), kwargs={"centre_id": "public_centre"}
    ),
}
