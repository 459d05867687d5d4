"""Tasks and client flags (issue #17 §5, DOMAIN §D17)."""

from __future__ import annotations

from .flags import ClientFlag, FlagKind
from .tasks import Task

__all__ = ["ClientFlag", "FlagKind", "Task"]
