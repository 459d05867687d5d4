"""Pure rules of course accompaniment: when attendance suggests a drop-out risk."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from .choices import SignalKind

WINDOW_DAYS = 28
UNEXCUSED_LIMIT = 3
ABSENCE_LIMIT = 5
PROVIDER_NOTICE_DAYS = 14


def attendance_suggests_risk(signals: Iterable[tuple[date, str]], *, today: date) -> bool:
    """Does the attendance of the last four weeks suggest looking at a drop-out risk?

    Yes with three or more absences without excuse, five or more absences in all, or a concern
    reported by the provider within the last two weeks. The counsellor decides; this only hints.
    """
    recent = [
        (day, kind) for day, kind in signals if today - timedelta(days=WINDOW_DAYS) < day <= today
    ]
    unexcused = sum(1 for _day, kind in recent if kind == SignalKind.UNEXCUSED)
    absences = sum(1 for _day, kind in recent if kind in {SignalKind.UNEXCUSED, SignalKind.EXCUSED})
    notice = any(
        kind == SignalKind.PROVIDER_NOTICE and today - day < timedelta(days=PROVIDER_NOTICE_DAYS)
        for day, kind in recent
    )
    return unexcused >= UNEXCUSED_LIMIT or absences >= ABSENCE_LIMIT or notice
