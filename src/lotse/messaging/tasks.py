"""The periodic sending of due messages, as a task (scheduled every minute)."""

from __future__ import annotations

from django.tasks import task

from lotse.audit.context import Actor, acting_as

from .services import send_due_messages


@task
def send_due_messages_job() -> dict[str, int]:
    """Counts only: a task's result is shown to the administrator and holds no personal data."""
    with acting_as(Actor(None, "system:messaging")):
        report = send_due_messages()
    return {
        "sent": report.sent,
        "retry": report.retry,
        "failed": report.failed,
        "cancelled": report.cancelled,
    }
