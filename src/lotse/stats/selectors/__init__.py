"""Statistics from the database: the aggregate queries behind every table of the funder report
for a set of teams and a period. Nothing here returns a client row: only counts leave the
database. ``lotse.stats.published`` publishes them.
"""

from __future__ import annotations

from .base import Period

__all__ = ["Period"]
