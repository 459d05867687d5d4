from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from lotse.accounts.models import Membership
from lotse.accounts.roles import CLIENT_ROLES
from lotse.common.access import role_required
from lotse.common.errors import ConflictError
from lotse.common.typing import AuthenticatedRequest
from lotse.organisation.models import Team

from . import services
from .forms import ClientCreateForm, ClientEditForm, ClientSearchForm
from .selectors import client_for_request, client_search


@role_required(*CLIENT_ROLES)
def client_list(request: AuthenticatedRequest) -> HttpResponse:
    form = ClientSearchForm(request.GET or None)
    query, birth_date = "", None
    if form.is_valid():
        query = form.cleaned_data["q"]
        birth_date = form.cleaned_data["birth_date"]
    clients = client_search(user=request.user, query=query, birth_date=birth_date)
    clients = clients.select_related("team").order_by("-updated_at")
    page = Paginator(clients, 25).get_page(request.GET.get("page"))
    template = "clients/fragments/client_rows.html" if request.htmx else "clients/client_list.html"
    return render(request, template, {"form": form, "page": page})


@role_required(*CLIENT_ROLES)
def client_create(request: AuthenticatedRequest) -> HttpResponse:
    writable_teams = Team.objects.filter(
        memberships__user=request.user,
        memberships__role__in=CLIENT_ROLES,
        memberships__read_only=False,
    ).distinct()
    form = ClientCreateForm(request.POST or None, teams=writable_teams)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        client = services.client_create(
            team=data["team"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            birth_date=data["birth_date"],
        )
        messages.success(request, _("The client file has been created."))
        return redirect("client_detail", client_id=client.pk)
    return render(request, "clients/client_form.html", {"form": form, "creating": True})


@login_required
def client_detail(request: AuthenticatedRequest, client_id: int) -> HttpResponse:
    client = client_for_request(request, client_id)
    can_edit = Membership.objects.filter(
        user=request.user, team_id=client.team_id, role__in=CLIENT_ROLES, read_only=False
    ).exists()
    return render(request, "clients/client_detail.html", {"client": client, "can_edit": can_edit})


@login_required
def client_edit(request: AuthenticatedRequest, client_id: int) -> HttpResponse:
    client = client_for_request(request, client_id, write=True)
    initial = {
        "first_name": client.first_name,
        "last_name": client.last_name,
        "birth_date": client.birth_date,
        "version": client.version,
    }
    form = ClientEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.client_update(
                client=client,
                expected_version=data["version"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                birth_date=data["birth_date"],
            )
        except ConflictError as error:
            client.refresh_from_db()
            # The typed values stay in the form, now based on the saved version, so that
            # saving again is a deliberate choice made with both versions in view.
            retry = request.POST.copy()
            retry["version"] = str(client.version)
            return render(
                request,
                "clients/client_conflict.html",
                {"client": client, "form": ClientEditForm(retry), "message": error.message},
                status=409,
            )
        messages.success(request, _("The changes have been saved."))
        return redirect("client_detail", client_id=client.pk)
    return render(request, "clients/client_form.html", {"form": form, "client": client})
