"""Projects with goals, partners and activities, and the district needs analysis (§D17)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lotse.accounts.typing import AuthenticatedRequest
from lotse.common.errors import DomainError
from lotse.common.views.conflicts import save_keeping_entries
from lotse.organisation.models import Centre

from .. import selectors
from ..access import network_centres, network_required
from ..forms.projects import DistrictNeedForm, GoalStatusForm, ProjectForm, ProjectGoalForm
from ..models import DistrictNeed, Partner, Project, ProjectStatus
from ..selectors import projects as project_selectors
from ..services import projects as services


def _centre(request: AuthenticatedRequest, *, write: bool = False) -> Centre:
    centre = selectors.chosen_centre(request, write=write)
    if centre is None:  # the guard lets only people with a network centre in
        raise PermissionDenied
    return centre


def _can_write(request: AuthenticatedRequest, centre: Centre) -> bool:
    return network_centres(request.user, write=True).filter(pk=centre.pk).exists()


@network_required()
def project_list(request: AuthenticatedRequest) -> HttpResponse:
    centre = _centre(request)
    status = request.GET.get("status", "")
    if status not in ProjectStatus.values:
        status = ""
    return render(
        request,
        "network/project_list.html",
        {
            "centre": centre,
            "centres": network_centres(request.user).order_by("name"),
            "projects": project_selectors.projects_of(centre, status),
            "status": status,
            "statuses": ProjectStatus.choices,
            "can_write": _can_write(request, centre),
        },
    )


@dataclass(frozen=True)
class _Editing[R: Project | DistrictNeed]:
    """What differs between the project form and the need form: the rest is one page."""

    form_class: type[ProjectForm] | type[DistrictNeedForm]
    template: str
    dated: str  # the date field a new record starts with today
    create: Callable[..., R]
    update: Callable[..., R]
    saved: str
    done: Callable[[R], str]  # where a saved record leads


def _form_page[R: Project | DistrictNeed](
    request: AuthenticatedRequest, record: R | None, editing: _Editing[R], name: str
) -> HttpResponse:
    centre = record.centre if record else _centre(request, write=True)
    partners = Partner.objects.filter(centre=centre, active=True).order_by("name")
    initial: dict[str, object] = (
        {"version": record.version, "partners": list(record.partners.all())}
        if record
        else {editing.dated: timezone.localdate()}
    )
    form = editing.form_class(
        request.POST or None, instance=record, initial=initial, partners=partners
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        attempt = save_keeping_entries(
            form,
            lambda: (
                editing.create(
                    centre=centre, created_by=request.user, data=data, partners=data["partners"]
                )
                if record is None
                else editing.update(
                    record,
                    expected_version=data["version"] or 0,
                    data=data,
                    partners=data["partners"],
                )
            ),
            record=record,
        )
        if attempt.saved and attempt.result is not None:
            messages.success(request, editing.saved)
            return redirect(editing.done(attempt.result))
        status = attempt.status
    return render(
        request, editing.template, {"form": form, name: record, "centre": centre}, status=status
    )


def _project_form_page(request: AuthenticatedRequest, project: Project | None) -> HttpResponse:
    editing = _Editing[Project](
        form_class=ProjectForm,
        template="network/project_form.html",
        dated="starts_on",
        create=services.project_create,
        update=lambda p, **kw: services.project_update(project=p, **kw),
        saved=_("The project has been saved."),
        done=lambda p: reverse("project_detail", args=[p.pk]),
    )
    return _form_page(request, project, editing, "project")


@network_required(write=True)
def project_create(request: AuthenticatedRequest) -> HttpResponse:
    return _project_form_page(request, None)


@network_required(write=True)
def project_edit(request: AuthenticatedRequest, project_id: int) -> HttpResponse:
    return _project_form_page(
        request, project_selectors.project_for_request(request, project_id, write=True)
    )


def _goals_context(request: AuthenticatedRequest, project: Project) -> dict[str, object]:
    return {
        "project": project,
        "goals": list(project.goals.all()),
        "goal_form": ProjectGoalForm(),
        "statuses": GoalStatusForm.base_fields["status"].choices,  # type: ignore[attr-defined]
        "can_write": _can_write(request, project.centre),
    }


@network_required()
def project_detail(request: AuthenticatedRequest, project_id: int) -> HttpResponse:
    project = project_selectors.project_for_request(request, project_id)
    return render(
        request,
        "network/project_detail.html",
        {
            **_goals_context(request, project),
            "partners": project.partners.order_by("name"),
            "activities": project_selectors.project_activities(project),
        },
    )


@require_POST
@network_required(write=True)
def project_goal_add(request: AuthenticatedRequest, project_id: int) -> HttpResponse:
    project = project_selectors.project_for_request(request, project_id, write=True)
    form = ProjectGoalForm(request.POST)
    status = 200
    if form.is_valid():
        try:
            services.project_goal_add(
                project=project, text=form.cleaned_data["text"], due_on=form.cleaned_data["due_on"]
            )
        except DomainError as error:
            form.add_error(None, str(error.message))
            status = 422
    else:
        status = 422
    if not request.htmx:
        if status != 200:
            messages.error(request, " ".join(str(e) for e in form.errors.values()))
        return redirect("project_detail", project_id=project.pk)
    context = _goals_context(request, project)
    if status != 200:
        context["goal_form"] = form  # what was typed stays, with the reason beside it
    return render(request, "network/fragments/project_goals.html", context, status=status)


@require_POST
@network_required(write=True)
def project_goal_status(request: AuthenticatedRequest, goal_id: int) -> HttpResponse:
    goal = project_selectors.goal_for_request(request, goal_id)
    form = GoalStatusForm(request.POST)
    if form.is_valid():
        services.project_goal_set_status(goal=goal, status=form.cleaned_data["status"])
    if not request.htmx:
        return redirect("project_detail", project_id=goal.project_id)
    status = 200 if form.is_valid() else 422
    return render(
        request,
        "network/fragments/project_goals.html",
        _goals_context(request, goal.project),
        status=status,
    )


@network_required()
def district_needs(request: AuthenticatedRequest) -> HttpResponse:
    centre = _centre(request)
    districts = project_selectors.needs_by_district(centre)
    return render(
        request,
        "network/district_needs.html",
        {
            "centre": centre,
            "centres": network_centres(request.user).order_by("name"),
            "districts": districts,
            "gaps": sum(d.gaps for d in districts),
            "can_write": _can_write(request, centre),
        },
    )


def _need_form_page(request: AuthenticatedRequest, need: DistrictNeed | None) -> HttpResponse:
    editing = _Editing[DistrictNeed](
        form_class=DistrictNeedForm,
        template="network/district_need_form.html",
        dated="found_on",
        create=services.district_need_create,
        update=lambda n, **kw: services.district_need_update(need=n, **kw),
        saved=_("The need has been saved."),
        done=lambda n: f"{reverse('district_needs')}?centre={n.centre_id}",
    )
    return _form_page(request, need, editing, "need")


@network_required(write=True)
def district_need_create(request: AuthenticatedRequest) -> HttpResponse:
    return _need_form_page(request, None)


@network_required(write=True)
def district_need_edit(request: AuthenticatedRequest, need_id: int) -> HttpResponse:
    need = project_selectors.need_for_request(request, need_id, write=True)
    return _need_form_page(request, need)
