"""Shared fixtures; the helpers behind them live in lotse_testing.py."""

from __future__ import annotations

import copy
import logging
import os
from collections.abc import Iterator

import pytest
from django.db import transaction
from django.test import Client as HttpClient
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from lotse_testing import Org, build_org, reseed_migration_data, sign_in


def _drop_test_database_even_if_held() -> None:
    """PostgreSQL refuses to drop a test database that another session still holds.

    With two xdist workers on PostgreSQL, each worker's final DROP DATABASE intermittently met
    one more session on its database (a connection some thread opened and Django had not closed
    yet) and the last test of the worker errored. End those sessions right before the drop.
    """
    from django.db.backends.postgresql.creation import DatabaseCreation

    original = DatabaseCreation._destroy_test_db

    def destroy(self: DatabaseCreation, test_database_name: str, verbosity: int) -> None:
        with self._nodb_cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                [test_database_name],
            )
        original(self, test_database_name, verbosity)

    DatabaseCreation._destroy_test_db = destroy  # type: ignore[method-assign]


_drop_test_database_even_if_held()


def _one_request_at_a_time_on_sqlite() -> None:
    """On SQLite the live server's threads share the test database's one in-memory
    connection: two requests at once (a page's two preview images) collide inside one
    transaction ("cannot start a transaction within a transaction", a 500 the browser test
    then waits for in vain). A real server has a connection per thread; the test server
    takes one request after the other instead. PostgreSQL's threads each have their own
    connection and stay threaded."""
    from django.conf import settings
    from django.core.servers.basehttp import WSGIServer
    from django.test.testcases import LiveServerThread

    class OneAtATime(WSGIServer):
        # The server thread itself serves and already uses the shared connection
        # (LiveServerThread.run sets it); nothing to hand to request threads.
        def __init__(self, *args: object, connections_override: object = None, **kw: object):
            super().__init__(*args, **kw)  # type: ignore[arg-type]

    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        LiveServerThread.server_class = OneAtATime


_one_request_at_a_time_on_sqlite()

# On CI every run tries the same generated examples, so a red build is reproducible; locally
# each run explores new ones. No deadline anywhere: a test checks behaviour, never time (a
# property test that took 200 ms on a machine busy with other work failed as "flaky").
_untimed = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow]}
hypothesis_settings.register_profile("ci", derandomize=True, **_untimed)
hypothesis_settings.register_profile("local", **_untimed)
hypothesis_settings.load_profile("ci" if os.environ.get("CI") else "local")


# Modules where a test must not find a shared organisation (see _module_org); decided once, at
# collection, rather than by scanning every collected test for each module.
_modules_building_org_per_test: set[object] = set()


@pytest.fixture(scope="module")
def _module_org(request: pytest.FixtureRequest, django_db_setup: None, django_db_blocker):  # type: ignore[no-untyped-def]
    """One organisation per test module, in a transaction rolled back when the module ends.

    Building it writes 24 audit entries (0.14 s); the access matrix alone asks for it a
    thousand times. Each test still runs in its own savepoint inside this transaction and gets
    a deep copy of the objects, as Django's ``setUpTestData`` does. Only a module whose every
    database test asks for ``org`` shares one: a test that does not must not find it, and a
    transactional test (which commits and flushes) cannot run inside the transaction.
    """
    if getattr(request.node, "obj", None) in _modules_building_org_per_test:
        yield None
        return
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_org()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def org(request: pytest.FixtureRequest, _module_org: Org | None) -> Org:
    # The database itself comes from the django_db marker (added below for every test that
    # asks for ``org``): a static ``db`` here would open the test's transaction first.
    if _module_org is None or _is_transactional(request.node):
        return build_org()
    return copy.deepcopy(_module_org)


@pytest.fixture
def as_persona(org: Org):
    def _as(persona: str) -> HttpClient:
        http = HttpClient()
        if persona == "anonymous":
            return http
        return sign_in(http, org.users[persona])

    return _as


def _is_transactional(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    return bool(marker is not None and marker.kwargs.get("transaction")) or (
        "transactional_db" in getattr(item, "fixturenames", ())
    )


def _uses_org(item: pytest.Item) -> bool:
    return "org" in getattr(item, "fixturenames", ())


def _uses_db(item: pytest.Item) -> bool:
    names = set(getattr(item, "fixturenames", ()))
    return item.get_closest_marker("django_db") is not None or bool(
        names & {"db", "transactional_db", "django_db_reset_sequences", "live_server"}
    )


@pytest.fixture(autouse=True)
def _migration_data_after_flush(request: pytest.FixtureRequest) -> None:
    """Transactional tests flush the database, data migrations included: put that data back."""
    if _is_transactional(request.node):
        request.getfixturevalue("transactional_db")
        reseed_migration_data()


@pytest.fixture(autouse=True)
def _empty_derived_cache() -> None:
    """Each test's data is rolled back and its ids are reused, while a process's memory is not:
    a result of the "derived" cache kept by one test (keyed by the newest ids) would be served
    to the next."""
    from django.core.cache import caches

    caches["derived"].clear()


_db_blocker = None


@pytest.fixture(autouse=True, scope="session")
def _keep_db_blocker(django_db_blocker) -> None:  # type: ignore[no-untyped-def]
    global _db_blocker
    _db_blocker = django_db_blocker


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    """After a transactional test's flush, the next test must find the database as migrated.

    A plain transactional test's flush lets post_migrate re-create content types with new ids,
    and the next test with serialized rollback then failed to load its snapshot over them;
    tests that need the migrations' data (catalogues, the audit chain head) found none. Which
    tests failed depended on the order (tests/ops with ``-m "not browser"``). So the database
    is put back to the migrated snapshot (or, without one, the migrations' data is re-added).
    """
    result = yield
    if nextitem is not None and _is_transactional(item) and _db_blocker is not None:
        with _db_blocker.unblock():
            _back_to_migrated_state()
    return result


def _back_to_migrated_state() -> None:
    from django.core.management import call_command
    from django.db import connection

    snapshot = getattr(connection, "_test_serialized_contents", None)
    if not snapshot:
        reseed_migration_data()
        return
    call_command(
        "flush",
        verbosity=0,
        interactive=False,
        inhibit_post_migrate=True,
        database=connection.alias,
    )
    connection.creation.deserialize_db_from_string(snapshot)


class _ErrorLog(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture(autouse=True)
def _fail_on_logged_error(request: pytest.FixtureRequest) -> Iterator[None]:
    """A test fails when anything logs an error it did not declare with ``expect_error_log``."""
    handler = _ErrorLog()
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield
    finally:
        root.removeHandler(handler)
    if handler.records and request.node.get_closest_marker("expect_error_log") is None:
        lines = [f"{r.name}: {r.getMessage()}" for r in handler.records]
        pytest.fail("Logged errors:\n" + "\n".join(lines), pytrace=False)


# Before xdist's own hook, which reads the groups.
@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser tests share one live server and one Chromium: keep them on one xdist worker.

    A test that asks for ``org`` needs the database.
    """
    for item in items:
        if _is_transactional(item) or (_uses_db(item) and not _uses_org(item)):
            _modules_building_org_per_test.add(getattr(item, "module", None))
        if _uses_org(item) and not item.get_closest_marker("django_db"):
            item.add_marker(pytest.mark.django_db)
        if item.get_closest_marker("browser") is not None:
            item.add_marker(pytest.mark.xdist_group("browser"))
