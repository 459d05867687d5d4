"""Who may reach the messaging views (see lotse/access_policy.py).

Both are scoped through the client like every client record: strangers and roles without
client access (the administrator included) get 404, the read-only counsellor 403 on the write.
"""

from __future__ import annotations

from types import MappingProxyType

from lotse.accounts.policy import PERSONAS, Rule, client_a, everyone, roles
from lotse.accounts.roles import ADMIN_ROLES

POLICY: dict[str, Rule] = {
    "messaging_client": client_a(
        write=False,
        ok=302,
        why="an HTMX fragment of the file: a plain GET is sent on to the file itself",
    ),
    "messaging_preference": client_a(
        write=True,
        ok=302,
        method="post",
        why="the matrix posts no valid form: the action answers with a redirect to the file",
    ),
    # Only with DEBUG (development, demo): the matrix runs without, where every signed-in
    # persona gets 404; tests/messaging/test_views.py checks the page with DEBUG on.
    "messaging_sent": Rule(
        expected=MappingProxyType(
            {persona: 302 if persona == "anonymous" else 404 for persona in PERSONAS}
        ),
        why="exists only with DEBUG on",
    ),
    # The SMS provider's status callback: no session, a shared secret in a header. The
    # matrix runs without LOTSE_SMS_CALLBACK_SECRET, where it does not exist for anyone;
    # tests/messaging/test_callback.py checks it with a secret (wrong or missing: 403).
    "messaging_sms_status": everyone(
        404, method="post", why="exists only with LOTSE_SMS_CALLBACK_SECRET set"
    ),
    # Per centre: name the service in messages. The administrator only (a counsellor 403).
    "messaging_centres": roles(ADMIN_ROLES),
}
