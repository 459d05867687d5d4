"""Who may reach the client-document pages (see lotse/access_policy.py).

Scoped through the document's client like every client record: strangers and roles without
client access get 404, the read-only counsellor 403 on what writes. The sample document
(``clientdoc_a``, an image of client A with its preview) comes from tests/clientdocs/samples.py.
"""

from __future__ import annotations

from lotse.accounts.policy import REAUTH, Rule, client_a

DOC = {"document_id": "clientdoc_a"}


def document_a(*, write: bool, ok: int = 200, method: str = "get", why: str = "") -> Rule:
    rule = client_a(write=write, ok=ok)
    return Rule(expected=rule.expected, method=method, kwargs=DOC, why=why)


POLICY: dict[str, Rule] = {
    "clientdoc_list": client_a(write=False),
    "clientdoc_upload": client_a(
        write=True, method="post", why="the matrix posts no file: the form is shown again"
    ),
    "clientdoc_archive": client_a(write=True, ok=302, why=REAUTH),
    "clientdoc_detail": document_a(write=False),
    "clientdoc_download": document_a(write=False),
    "clientdoc_preview": document_a(write=False),
    "clientdoc_delete": document_a(write=True, ok=302, method="post"),
}
