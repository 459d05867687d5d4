"""The administrator's page of the task queue: failed tasks, their error, a retry button."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lotse.accounts.roles import Role
from lotse.accounts.typing import AuthenticatedRequest
from lotse.common.access import role_required

from ..selectors import failed_tasks, queue_counts
from ..services import RetryRefused, retry_failed


@role_required(Role.ADMINISTRATOR)
def job_list(request: AuthenticatedRequest) -> HttpResponse:
    return render(
        request, "jobs/job_list.html", {"failed": failed_tasks(), "counts": queue_counts()}
    )


@require_POST
@role_required(Role.ADMINISTRATOR)
def job_retry(request: AuthenticatedRequest, task_id: UUID) -> HttpResponse:
    try:
        retry_failed(str(task_id), by=request.user)
    except RetryRefused:
        messages.warning(
            request,
            _("This task cannot be run again: it did not fail or was retried already."),
        )
    else:
        messages.success(request, _("The task was queued again."))
    return redirect("job_list")
