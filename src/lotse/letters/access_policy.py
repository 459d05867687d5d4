"""Who may reach the letter pages (see lotse/access_policy.py).

Templates hold no client data: every client role of the centre (counsellor, read-only
counsellor, team lead, the other team's counsellor of the same centre) sees them; only a team
lead uploads. Writing a letter stores a document in the client's file: client scoping, writers
only (stranger 404, read-only counsellor 403). Roles without client access get 403 or 404.
"""

from __future__ import annotations

from types import MappingProxyType

from lotse.accounts.policy import PERSONAS, Rule, client_a, roles
from lotse.accounts.roles import CLIENT_ROLES, Role

TEMPLATE = {"template_id": "letter_template_a"}
VERSION = {"version_id": "letter_version_a"}
RUN = {"run_id": "letter_mass_run_a"}


def _expect(default: int, **status: int) -> MappingProxyType[str, int]:
    expected = {p: status.get(p, default) for p in PERSONAS}
    expected["anonymous"] = 302
    return MappingProxyType(expected)


_CENTRE_READERS = {"counsellor": 200, "reader": 200, "stranger": 200, "team_lead": 200}

POLICY: dict[str, Rule] = {
    "letters_template_list": roles(CLIENT_ROLES),
    "letters_install_defaults": Rule(
        expected=_expect(403, counsellor=302, stranger=302, team_lead=302, reader=302),
        method="post",
        why="installs nothing for read-only members; redirects back to the list",
    ),
    "letters_template_create": roles(frozenset({Role.TEAM_LEAD})),
    "letters_template_detail": Rule(expected=_expect(403, **_CENTRE_READERS), kwargs=TEMPLATE),
    "letters_version_upload": Rule(
        expected=_expect(403, team_lead=200),
        method="post",
        kwargs=TEMPLATE,
        why="the matrix posts no file: the form is shown again",
    ),
    "letters_version_preview": Rule(
        expected=_expect(403, **_CENTRE_READERS),
        kwargs=VERSION,
        why="demo data only: no client in it",
    ),
    "letters_client_letter": client_a(write=True),
    "letters_mass": roles(CLIENT_ROLES, why="lists only the user's writable clients"),
    # A mass letter run is only its creator's (the counsellor): every other client role 404.
    "letters_mass_run": Rule(
        expected=_expect(403, counsellor=200, reader=404, stranger=404, team_lead=404),
        kwargs=RUN,
    ),
    "letters_mass_progress": Rule(
        expected=_expect(403, counsellor=302, reader=404, stranger=404, team_lead=404),
        kwargs=RUN,
        why="the bar is an HTMX part: opened alone, the run's page",
    ),
    "letters_mass_download": Rule(
        expected=_expect(403, counsellor=200, reader=404, stranger=404, team_lead=404),
        kwargs=RUN,
    ),
    "letters_mass_output_delete": Rule(
        expected=_expect(403, counsellor=302, reader=404, stranger=404, team_lead=404),
        method="post",
        kwargs=RUN,
        why="deleted, back to the run's page",
    ),
}
