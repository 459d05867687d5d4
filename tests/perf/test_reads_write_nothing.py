"""A GET writes nothing but its audit entry (issue #20).

Every GET URL of the access matrix is requested as a counsellor and as a team lead; every
INSERT, UPDATE or DELETE it runs is counted. Allowed are only the audit entry with its chain
head and the statistics pages' kept counts (``stats_periodaggregate``, lotse/stats/materialised.py).
Anything else (a session saved on every read, a get_or_create on a page view) fails here.
"""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import test_access_matrix as matrix
from lotse.access_policy import POLICY

GET_URLS = sorted(name for name, rule in POLICY.items() if rule.method == "get")
PERSONAS = ("counsellor", "team_lead")

_WRITE = re.compile(r'^\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+"?(\w+)"?', re.I)
ALLOWED_TABLES = frozenset({"audit_auditentry", "audit_chainhead", "stats_periodaggregate"})


def writes_of(queries: list[dict[str, str]]) -> list[str]:
    """The write statements among ``queries`` that touch a table outside ALLOWED_TABLES."""
    found = []
    for query in queries:
        match = _WRITE.match(query["sql"])
        if match and match.group(2).lower() not in ALLOWED_TABLES:
            found.append(query["sql"][:200])
    return found


def test_the_filter_sees_writes() -> None:
    queries = [
        {"sql": 'UPDATE "django_session" SET "session_data" = 1'},
        {"sql": 'INSERT INTO "audit_auditentry" ("x") VALUES (1)'},
        {"sql": 'DELETE FROM "clients_client" WHERE 1'},
        {"sql": 'SELECT "x" FROM "django_session"'},
        {"sql": 'INSERT INTO "stats_periodaggregate" ("x") VALUES (1)'},
    ]
    assert [q[:13] for q in writes_of(queries)] == ['UPDATE "djang', 'DELETE FROM "']


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("url_name", GET_URLS)
def test_get_writes_nothing_but_audit(url_name: str, persona: str, org, as_persona) -> None:
    rule = POLICY[url_name]
    url = reverse(url_name, kwargs={k: matrix._sample(org, v) for k, v in rule.kwargs.items()})
    http = as_persona(persona)
    with CaptureQueriesContext(connection) as captured:
        response = http.get(url)
    assert response.status_code == rule.expected[persona]
    writes = writes_of(captured.captured_queries)
    assert not writes, f"GET {url} as {persona} wrote:\n" + "\n".join(writes)
