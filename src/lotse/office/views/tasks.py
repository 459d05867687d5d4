"""Tasks: the panel on the client file, the "Meine Aufgaben" page, ticking a task off."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lotse.accounts.models import Membership
from lotse.accounts.roles import CLIENT_ROLES
from lotse.audit.services.reads import log_list_read
from lotse.clients.models import Client
from lotse.clients.selectors import client_for_request
from lotse.common.access import role_required
from lotse.common.errors import ConflictError, DomainError

from .. import services
from ..forms import DoneForm, TaskForm
from ..models import Task
from ..selectors import TaskFilter, client_tasks, filtered_tasks, task_for_request, task_teams
from ..services.tasks import TaskData
from .common import can_write, is_htmx

# The page lists at most this many tasks; a team with more has other problems to solve first.
PAGE_LIMIT = 200


def _task_data(form: TaskForm, client: Client | None) -> TaskData:
    data = form.cleaned_data
    return TaskData(
        title=data["title"],
        due_date=data["due_date"],
        team=data["team"],
        assignee=data["assignee"],
        client=client,
        case=data.get("case"),
        note=data["note"],
    )


def tasks_panel_context(
    request: HttpRequest, client: Client, *, form: TaskForm | None = None
) -> dict[str, Any]:
    writable = can_write(request, client)
    return {
        "client": client,
        "tasks": list(client_tasks(client)),
        "can_write": writable,
        # The add form comes when it is opened (HTMX): its choices cost two queries on the
        # page a counsellor opens most. After a failed add it comes back with the errors.
        "task_form": form,
        "today": timezone.localdate(),
        "in_panel": True,
    }


@login_required
def client_tasks_panel(request: HttpRequest, client_id: int) -> HttpResponse:
    client = client_for_request(request, client_id)
    if not is_htmx(request):
        # A fragment of the file's overview: a plain GET opens the file itself.
        return redirect("client_detail", client_id=client.pk)
    context = tasks_panel_context(request, client)
    return render(request, "office/fragments/client_tasks.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def client_task_add(request: HttpRequest, client_id: int) -> HttpResponse:
    """GET: the add form of the file's task panel (loaded when opened); POST: add the task."""
    client = client_for_request(request, client_id, write=True)
    if request.method == "GET":
        if not is_htmx(request):
            return redirect("client_detail", client_id=client.pk)
        blank = TaskForm(teams=task_teams(request.user), user=request.user, client=client)
        context = {"client": client, "task_form": blank}
        return render(request, "office/fragments/client_task_form.html", context)
    form: TaskForm | None = TaskForm(
        request.POST, teams=task_teams(request.user), user=request.user, client=client
    )
    if form is not None and form.is_valid():
        try:
            services.task_create(data=_task_data(form, client), by=request.user)
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            form = None  # a fresh form after a success
    if not is_htmx(request):
        if form is not None:
            messages.error(request, _("The task was not added. Please check the entries."))
        return redirect("client_detail", client_id=client.pk)
    context = tasks_panel_context(request, client, form=form)
    return render(request, "office/fragments/client_tasks.html", context)


@role_required(*CLIENT_ROLES)
@require_http_methods(["GET", "POST"])
def task_list(request: HttpRequest) -> HttpResponse:
    """My tasks and my team's, filtered (mine, team, overdue); done tasks are not listed."""
    shown = request.GET.get("show", "")
    task_filter = TaskFilter(shown) if shown in TaskFilter else TaskFilter.ALL
    teams = task_teams(request.user)
    form = TaskForm(request.POST or None, teams=teams, user=request.user)
    if request.method == "POST":
        if not teams.exists():
            raise PermissionDenied
        if form.is_valid():
            try:
                services.task_create(data=_task_data(form, None), by=request.user)
            except DomainError as error:
                form.add_error(None, str(error.message))
            else:
                messages.success(request, _("The task has been added."))
                return redirect(reverse("office_tasks") + f"?show={task_filter.value}")
    today = timezone.localdate()
    tasks = list(filtered_tasks(request.user, task_filter, today)[:PAGE_LIMIT])
    log_list_read(request, clients=[t.client_id for t in tasks])
    return render(
        request,
        "office/task_list.html",
        {
            "tasks": tasks,
            "capped": len(tasks) == PAGE_LIMIT,
            "task_form": form if teams.exists() else None,
            "filter": task_filter.value,
            "filters": [
                (TaskFilter.ALL.value, _("all")),
                (TaskFilter.MINE.value, _("mine")),
                (TaskFilter.TEAM.value, _("the team's")),
                (TaskFilter.OVERDUE.value, _("overdue")),
            ],
            "today": today,
            "writable_team_ids": set(teams.values_list("pk", flat=True)),
        },
    )


@login_required
@require_POST
def task_done(request: HttpRequest, task_id: int) -> HttpResponse:
    """Tick a task off; one changed or ticked by someone else meanwhile is refused."""
    task = task_for_request(request, task_id)
    writable = Membership.objects.with_client_role(request.user, writable=True).filter(
        team_id=task.team_id
    )
    if not writable.exists():
        raise PermissionDenied
    form = DoneForm(request.POST)
    error = ""
    if not form.is_valid():
        error = _("The task could not be completed. Please reload the page.")
    else:
        try:
            task = services.task_done(
                task=task, expected_version=form.cleaned_data["version"], by=request.user
            )
        except ConflictError as conflict:
            error = str(conflict.message)
            task = Task.objects.select_related("client", "assignee", "team", "done_by").get(
                pk=task.pk
            )
        except DomainError as refusal:
            error = str(refusal.message)
    if not is_htmx(request):
        if error:
            messages.error(request, error)
        else:
            messages.success(request, _("The task is done."))
        back = reverse("office_tasks")
        if task.client_id is not None and request.POST.get("from") == "client":
            back = reverse("client_detail", args=[task.client_id])
        return redirect(back)
    return render(
        request,
        "office/fragments/task_row.html",
        {
            "task": task,
            "error": error,
            "can_done": True,
            "today": timezone.localdate(),
            "in_panel": request.POST.get("from") == "client",
        },
    )
