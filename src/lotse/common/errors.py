from __future__ import annotations

from django.utils.functional import Promise

StrOrPromise = str | Promise


class DomainError(Exception):
    """A business rule refused an action; the message is shown to the user (translated)."""

    def __init__(self, message: StrOrPromise) -> None:
        super().__init__(str(message))
        self.message = message


class ConflictError(DomainError):
    """Two people edited the same record; the second save must not overwrite the first."""
