"""Who may reach the course pages. Courses are network data (see lotse/network/access.py);
participations are client data and follow the client file; the at-risk list of a provider
names clients, so only client roles see it (and only their teams' clients with consent)."""

from __future__ import annotations

from lotse.accounts.policy import Rule, client_a, roles
from lotse.accounts.roles import CLIENT_ROLES
from lotse.network.access_policy import client_object, network

POLICY: dict[str, Rule] = {
    "course_list": network(write=False),
    "course_create": network(write=True),
    "course_detail": network(write=False, kwargs={"course_id": "network_course_a"}),
    "course_edit": network(write=True, kwargs={"course_id": "network_course_a"}),
    "course_at_risk": roles(CLIENT_ROLES, kwargs={"partner_id": "network_course_provider_a"}),
    "course_client_tab": client_a(write=False),
    "course_participation_create": client_a(write=True),
    "course_participation_edit": client_object(
        write=True, participation_id="network_participation_a"
    ),
    "course_participation_risk": client_object(
        write=True, participation_id="network_participation_a"
    ),
    "course_attendance_add": client_object(
        write=True,
        ok=302,
        method="post",
        participation_id="network_participation_a",
        why="without HTMX the form posts back to the client's course tab",
    ),
}
