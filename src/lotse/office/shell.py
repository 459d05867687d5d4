"""Tasks and flags in the shell: nav entry, dashboard panel, client-file blocks, list badges."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy

from lotse.accounts.roles import CLIENT_ROLES
from lotse.audit.services.reads import note_shown
from lotse.clients.file_sections import Badge, ListFilter, file_section, list_badges, list_filter
from lotse.clients.models import Client
from lotse.clients.signals import file_transferred, files_merging
from lotse.common.registry import dashboard_panel, nav_entry

from .display import flag_css, set_by_text
from .models import ClientFlag, FlagKind
from .selectors import active_flags_for, my_tasks
from .services.flags import flags_fold_on_merge
from .services.tasks import tasks_follow_transfer
from .views.flags import flags_context
from .views.tasks import tasks_panel_context

nav_entry(
    "office_tasks",
    gettext_lazy("Tasks"),
    "office_tasks",
    order=12,
    visible=lambda user: user.has_role(*CLIENT_ROLES),
)


@dashboard_panel("my_tasks", order=2, template="office/panels/my_tasks.html")
def my_tasks_panel(request: HttpRequest) -> dict[str, Any] | None:
    """Counsellor and team lead: open tasks for them or their team, the earliest due first."""
    user = request.user
    if not user.has_role(*CLIENT_ROLES):  # type: ignore[union-attr]
        return None
    tasks = my_tasks(user)
    note_shown(request, clients=[t.client_id for t in tasks])
    return {"tasks": tasks, "today": timezone.localdate()}


@file_section("flags", place="header", template="office/fragments/flags.html", order=10)
def flags_section(request: HttpRequest, client: Any) -> dict[str, Any] | None:
    return flags_context(request, client)


@file_section("tasks", place="overview", template="office/fragments/client_tasks.html", order=10)
def tasks_section(request: HttpRequest, client: Any) -> dict[str, Any] | None:
    return tasks_panel_context(request, client)


@list_badges("flags")
def flag_badges(client_ids: list[int]) -> dict[int, list[Badge]]:
    return {
        client_id: [Badge(f.get_kind_display(), set_by_text(f), flag_css(f)) for f in flags]
        for client_id, flags in active_flags_for(client_ids).items()
    }


def _with_flag(clients: QuerySet[Client], kind: str) -> QuerySet[Client]:
    return clients.filter(pk__in=ClientFlag.objects.active().filter(kind=kind).values("client_id"))


list_filter(
    ListFilter(
        key="flag",
        label=gettext_lazy("Flag"),
        choices=lambda: list(FlagKind.choices),
        apply=_with_flag,
    )
)


def _files_merging(source: Client, target: Client, **_: Any) -> None:
    flags_fold_on_merge(source=source, target=target)


# The clients app announces a merge before it moves the rows (as for the statistics).
files_merging.connect(_files_merging, dispatch_uid="lotse.office.files_merging")


def _file_transferred(client: Client, from_team_id: int, to_team: Any, **_: Any) -> dict[str, int]:
    return tasks_follow_transfer(client=client, from_team_id=from_team_id, to_team=to_team)


# Accepting a transfer moves the file's open tasks to the receiving team, in its transaction.
file_transferred.connect(_file_transferred, dispatch_uid="lotse.office.file_transferred")
