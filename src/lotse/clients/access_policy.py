"""Access to the client record, first contact, consent and the waiting list."""

from __future__ import annotations

from types import MappingProxyType

from lotse.accounts.policy import REAUTH, Rule, client_a, roles, writers_only
from lotse.accounts.roles import CLIENT_ROLES

POLICY: dict[str, Rule] = {
    "client_merge": client_a(write=True),
    "client_language_add": client_a(write=True, ok=302, method="post"),
    "client_language_remove": client_a(
        write=True, ok=302, method="post", kwargs={"language_id": "client_a_language"}
    ),
    "client_household_add": client_a(write=True, ok=302, method="post"),
    "client_household_remove": client_a(
        write=True, ok=302, method="post", kwargs={"member_id": "client_a_member"}
    ),
    "waiting_list": roles(CLIENT_ROLES),
    # Residence permits: the expiry list shows only the user's teams' clients (an empty list
    # for a lead of another team); recording is a write on client A (a blank POST shows the
    # overview again with the errors beside the fields).
    "client_permits_expiring": roles(CLIENT_ROLES),
    "client_permit_add": client_a(write=True, method="post"),
    "waiting_list_done": client_a(
        write=True, ok=302, method="post", kwargs={"intake_id": "client_a_waiting"}
    ),
    "client_intake_create": client_a(write=True),
    "client_eligibility_check": client_a(write=True, ok=302, method="post"),
    "client_consent_create": client_a(write=True),
    "client_consent_withdraw": client_a(write=True, kwargs={"consent_id": "client_a_consent"}),
    "client_consent_pdf": client_a(write=False),
    "client_privacy_notice_pdf": client_a(write=False),
}


# Working lists (issue #17 §3): each shows or changes only the user's teams' files; a
# stranger's export or bulk action simply finds none of team A's files (tests/clients/
# test_worklists.py). The export asks for the password first.
POLICY.update(
    {
        "client_export": roles(CLIENT_ROLES, ok=302, why=REAUTH, kwargs={"fmt": "csv"}),
        "client_filter_save": roles(CLIENT_ROLES, ok=302, method="post"),
        "client_filter_delete": roles(
            CLIENT_ROLES, ok=404, method="post", kwargs={"filter_id": "999999"}
        ),
        "client_bulk": writers_only(roles(CLIENT_ROLES, ok=302, method="post")),
        "client_bulk_confirm": writers_only(roles(CLIENT_ROLES, ok=302, method="post")),
    }
)


def _leads_only(rule: Rule) -> Rule:
    """A rule on client A where only its team's lead acts: the counsellor may open the file
    but gets 403, like the read-only counsellor."""
    return Rule(
        expected=MappingProxyType({**rule.expected, "counsellor": 403}),
        method=rule.method,
        kwargs=rule.kwargs,
        why=rule.why,
    )


# Person links (DOMAIN §D16): only a lead of the file's team asks, decides, withdraws or undoes
# (tests/clients/test_person_link.py). A blank POST is answered with a message on the file.
POLICY.update(
    {
        "client_person_link_request": _leads_only(client_a(write=True, ok=302, method="post")),
        "client_person_link_decide": _leads_only(
            client_a(
                write=True,
                ok=302,
                method="post",
                kwargs={"request_id": "person_link_to_client_a"},
            )
        ),
        "client_person_link_withdraw": _leads_only(
            client_a(
                write=True,
                ok=302,
                method="post",
                kwargs={"request_id": "person_link_from_client_a"},
            )
        ),
        "client_person_link_unlink": _leads_only(client_a(write=True, ok=302, method="post")),
    }
)


# Transfers to another team or centre (issue #17 §3; tests/clients/test_transfer.py). Asking is
# a bulk action (a stranger finds none of team A's files). Deciding: the sample is a transfer of
# team B's client B to team A, so team A's lead decides; team A's counsellors may not (403),
# team B's counsellor, who sent it, gets 404 like for any transfer not addressed to their team.
# Withdrawing: the sample is client A's transfer to team B; team A's writers withdraw, the
# reader gets 403, team B's counsellor (the receiving side) 404: the file is not theirs yet.
_DECIDE = {
    "anonymous": 302,
    "counsellor": 403,
    "reader": 403,
    "stranger": 404,
    "team_lead": 302,
    "coordinator": 403,
    "statistics": 403,
    "dpo": 403,
    "admin": 403,
}
_WITHDRAW = {**_DECIDE, "counsellor": 302, "reader": 403, "stranger": 404, "team_lead": 302}
POLICY.update(
    {
        "client_transfer": writers_only(roles(CLIENT_ROLES, ok=302)),
        "client_transfer_confirm": writers_only(roles(CLIENT_ROLES, ok=302, method="post")),
        "transfers_incoming": roles(CLIENT_ROLES),
        "transfer_decide": Rule(
            expected=MappingProxyType(_DECIDE),
            method="post",
            kwargs={"transfer_id": "transfer_to_team_a"},
        ),
        "transfer_withdraw": Rule(
            expected=MappingProxyType(_WITHDRAW),
            method="post",
            kwargs={"transfer_id": "transfer_from_client_a"},
        ),
    }
)
