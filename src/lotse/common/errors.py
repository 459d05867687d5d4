from __future__ import annotations


class DomainError(Exception):
    """A business rule refused an action; the message is shown to the user (translated)."""

    def __init__(self, message: object) -> None:
        super().__init__(str(message))
        self.message = message


class ConflictError(DomainError):
    """Two people edited the same record; the second save must not overwrite the first."""
