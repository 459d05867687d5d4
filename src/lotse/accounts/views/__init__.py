from __future__ import annotations

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lotse.accounts.typing import AuthenticatedRequest
from lotse.common.access import role_required
from lotse.common.errors import DomainError
from lotse.common.query import query_page
from lotse.common.registry import dashboard_panels

from .. import services
from ..forms import MembershipForm, UserCreateForm
from ..models import Membership, User
from ..roles import Role


def home(request: HttpRequest) -> HttpResponse:
    return redirect("dashboard" if request.user.is_authenticated else "account_login")


@login_required
def dashboard(request: AuthenticatedRequest) -> HttpResponse:
    panels = []
    for panel in dashboard_panels():
        context = panel.context(request)
        if context is not None:
            panels.append((panel.template, context))
    return render(
        request,
        "accounts/dashboard.html",
        {"panels": panels, "memberships": request.user.active_memberships()},
    )


@role_required(Role.ADMINISTRATOR)
def user_list(request: AuthenticatedRequest) -> HttpResponse:
    users = User.objects.prefetch_related("memberships__team").order_by("full_name")
    page = Paginator(users, 50).get_page(query_page(request))
    return render(request, "accounts/user_list.html", {"page": page})


@role_required(Role.ADMINISTRATOR)
@reauthentication_required
def user_create(request: AuthenticatedRequest) -> HttpResponse:
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = services.user_create(
            email=data["email"],
            full_name=data["full_name"],
            password=data["password"],
            fte=data["fte"],
            languages=data["languages"],
        )
        messages.success(request, _("The user has been created."))
        return redirect("user_roles", user_id=user.pk)
    return render(request, "accounts/user_form.html", {"form": form})


@role_required(Role.ADMINISTRATOR)
@reauthentication_required
def user_roles(request: AuthenticatedRequest, user_id: int) -> HttpResponse:
    person = get_object_or_404(User, pk=user_id)
    form = MembershipForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_grant(
                user=person,
                team=form.cleaned_data["team"],
                role=form.cleaned_data["role"],
                read_only=form.cleaned_data["read_only"],
            )
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("The role has been granted."))
            return redirect("user_roles", user_id=person.pk)
    memberships = person.memberships.select_related("team__service__centre")
    return render(
        request,
        "accounts/user_roles.html",
        {"person": person, "form": form, "memberships": memberships},
    )


@role_required(Role.ADMINISTRATOR)
@reauthentication_required
@require_POST
def membership_revoke(request: AuthenticatedRequest, membership_id: int) -> HttpResponse:
    membership = get_object_or_404(Membership, pk=membership_id)
    user_id = membership.user_id
    services.membership_revoke(membership=membership)
    messages.success(request, _("The role has been revoked."))
    return redirect("user_roles", user_id=user_id)
