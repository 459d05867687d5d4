"""Background work of the statistics: counting stale kept periods again."""

from __future__ import annotations

from django.tasks import task

from .materialised import refresh_stale


@task
def refresh_statistics() -> int:
    """Count every stale kept period again (queued after each write that makes one stale)."""
    return refresh_stale()
