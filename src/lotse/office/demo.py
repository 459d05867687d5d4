"""Demo rows: a few flags and tasks per team, due dates around today (``lotse demo``)."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.utils import timezone

from lotse.accounts.models import Membership
from lotse.accounts.roles import CLIENT_ROLES
from lotse.clients.models import Client
from lotse.common.registry import demo_step

from .models import FlagKind, Task
from .services import flag_set, task_create
from .services.tasks import TaskData

if TYPE_CHECKING:
    from lotse.demo.data import DemoContext

# Kinds in the proportion a centre sees them: interpreters and priorities often, crises rarely.
FLAG_MIX = [
    FlagKind.INTERPRETER,
    FlagKind.INTERPRETER,
    FlagKind.PRIORITY,
    FlagKind.PRIORITY,
    FlagKind.CRISIS,
    FlagKind.CHILD_WELFARE,
    FlagKind.DANGER,
]
TASK_TITLES = [
    "Bescheid des Jobcenters prüfen",
    "Rückruf wegen Termin bei der Ausländerbehörde",
    "Antrag auf Wohngeld mitbringen lassen",
    "Anerkennungsstelle anschreiben",
    "Kitaplatz: Rückmeldung des Jugendamts nachfragen",
    "Sprachkursträger wegen Zulassung anrufen",
    "Unterlagen für Familiennachzug vollständig?",
    "Teamsitzung: Fallbesprechung vorbereiten",
]


@demo_step("office", order=50)
def demo_office(context: DemoContext) -> dict[str, int]:
    if Task.objects.exists():
        return {"flags_created": 0, "tasks_created": 0}
    rng = context.rng
    today = timezone.localdate()
    flags = tasks = 0
    for team in context.teams.values():
        members = [
            m.user
            for m in Membership.objects.filter(team=team, role__in=CLIENT_ROLES, read_only=False)
            .select_related("user")
            .order_by("pk")
        ]
        if not members:
            continue
        clients = list(
            Client.objects.filter(team=team, anonymised_at__isnull=True).order_by("pk")[:40]
        )
        # About one file in four carries a flag, as in a centre's everyday list.
        flagged = rng.sample(clients, min(len(FLAG_MIX), max(1, len(clients) // 4)))
        for client, kind in zip(flagged, FLAG_MIX, strict=False):
            flag_set(client=client, kind=kind, note="", by=rng.choice(members))
            flags += 1
        for i, title in enumerate(TASK_TITLES):
            by = rng.choice(members)
            # Every third for the whole team; every fourth without a file (team work).
            assignee = None if i % 3 == 2 else rng.choice(members)
            linked = rng.choice(clients) if clients and i % 4 != 3 else None
            task_create(
                data=TaskData(
                    title=title,
                    due_date=today + timedelta(days=rng.randint(-5, 14)),
                    team=team,
                    assignee=assignee,
                    client=linked,
                ),
                by=by,
            )
            tasks += 1
    return {"flags_created": flags, "tasks_created": tasks}
