"""Background work of the statistics: counting stale kept periods again, and keeping the
periods nobody has asked for yet."""

from __future__ import annotations

from django.tasks import task

from .materialised import keep_missing, refresh_stale


@task
def refresh_statistics() -> int:
    """Count every stale kept period again (queued after each write that makes one stale)."""
    return refresh_stale()


@task
def keep_statistics() -> int:
    """Keep every calendar period since the first record that has no kept counts yet (nightly)."""
    return keep_missing()
