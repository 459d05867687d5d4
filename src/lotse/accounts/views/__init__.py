from __future__ import annotations

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lotse.accounts.typing import AuthenticatedRequest
from lotse.audit.services.reads import log_list_read, note_shown, shown_so_far
from lotse.common.access import reauthentication_redirect, role_required
from lotse.common.errors import DomainError
from lotse.common.plans import without_parallel_workers
from lotse.common.query import query_page
from lotse.common.registry import dashboard_panels

from .. import dashboard_cache, services
from ..forms import MembershipForm, UserCreateForm
from ..models import Membership, RoleGrant, RoleGrantStatus, User
from ..roles import CLIENT_DATA_ROLES, Role
from ..services.invitations import send_invitation


def home(request: HttpRequest) -> HttpResponse:
    return redirect("dashboard" if request.user.is_authenticated else "account_login")


@login_required
def dashboard(request: AuthenticatedRequest) -> HttpResponse:
    memberships = list(request.user.active_memberships())
    key = dashboard_cache.key_for(request, [(m.role, m.team_id, m.read_only) for m in memberships])
    kept = dashboard_cache.get(key)
    if kept is None:
        panels = []
        with without_parallel_workers():
            for panel in dashboard_panels():
                context = panel.context(request)
                if context is not None:
                    panels.append((panel.template, context))
        html = render_to_string(
            "accounts/dashboard_panels.html", {"panels": panels}, request=request
        )
        kept = dashboard_cache.KeptPanels(html=html, shown=shown_so_far(request))
        dashboard_cache.put(key, kept)
    else:
        note_shown(request, **kept.shown)
    # The panels noted whom they show (follow-ups, reviews, referrals …): one entry for the
    # page, for a kept copy as for a fresh one.
    log_list_read(request)
    return render(
        request,
        "accounts/dashboard.html",
        {"panels_html": kept.html, "memberships": memberships},
    )


def _dormant(memberships: list[Membership]) -> set[int]:
    """Client-data memberships of an administrator account: in the table, in force nowhere."""
    if not any(m.role == Role.ADMINISTRATOR for m in memberships):
        return set()
    return {m.pk for m in memberships if m.role in CLIENT_DATA_ROLES}


def _open_grants() -> list[RoleGrant]:
    return list(services.role_grants_pending().select_related("user", "team", "proposed_by"))


@role_required(Role.ADMINISTRATOR)
def user_list(request: AuthenticatedRequest) -> HttpResponse:
    users = User.objects.prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.all_objects.select_related("team"),
            to_attr="all_memberships",
        )
    ).order_by("full_name")
    page = Paginator(users, 50).get_page(query_page(request))
    dormant: set[int] = set()
    for person in page:
        dormant |= _dormant(person.all_memberships)  # type: ignore[attr-defined]
    return render(
        request,
        "accounts/user_list.html",
        {"page": page, "dormant": dormant, "pending_grants": _open_grants()},
    )


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
        if not data.get("invite"):
            messages.success(request, _("The user has been created."))
        elif send_invitation(request, user):
            messages.success(request, _("The user has been created and invited by e-mail."))
        else:
            messages.warning(
                request,
                _(
                    "The user has been created, but the invitation could not be sent: Lotse "
                    "could not reach its mail server. Give the person the initial password "
                    "yourself, or ask them to use “Forgot password” once mail works."
                ),
            )
        return redirect("user_roles", user_id=user.pk)
    return render(request, "accounts/user_form.html", {"form": form})


@role_required(Role.ADMINISTRATOR)
@reauthentication_required
def user_roles(request: AuthenticatedRequest, user_id: int) -> HttpResponse:
    person = get_object_or_404(User, pk=user_id)
    form = MembershipForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["role"] in CLIENT_DATA_ROLES:
                services.role_propose(
                    user=person,
                    team=data["team"],
                    role=data["role"],
                    read_only=data["read_only"],
                    proposed_by=request.user,
                )
                done = _("The role has been proposed. A team lead of the team must confirm it.")
            else:
                services.membership_grant(
                    user=person,
                    team=data["team"],
                    role=data["role"],
                    read_only=data["read_only"],
                    granted_by=request.user,
                )
                done = _("The role has been granted.")
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, done)
            return redirect("user_roles", user_id=person.pk)
    memberships = list(Membership.all_objects.filter(user=person).select_related("team"))
    return render(
        request,
        "accounts/user_roles.html",
        {
            "person": person,
            "form": form,
            "memberships": memberships,
            "dormant": _dormant(memberships),
            "grants": person.role_grants.select_related("team", "proposed_by", "decided_by")[:20],
        },
    )


@role_required(Role.ADMINISTRATOR)
@reauthentication_required
@require_POST
def membership_revoke(request: AuthenticatedRequest, membership_id: int) -> HttpResponse:
    # all_objects: a dormant row of an administrator account can be removed too.
    membership = get_object_or_404(Membership.all_objects, pk=membership_id)
    user_id = membership.user_id
    services.membership_revoke(membership=membership)
    messages.success(request, _("The role has been revoked."))
    return redirect("user_roles", user_id=user_id)


def _grants_seen_by(user: User) -> list[RoleGrant]:
    """Team leads see their teams' grants; the data-protection officer and administrators all."""
    grants = RoleGrant.objects.select_related("user", "team", "proposed_by", "decided_by")
    if not user.has_role(Role.DATA_PROTECTION_OFFICER, Role.ADMINISTRATOR):
        led = Membership.objects.filter(user=user, role=Role.TEAM_LEAD).values("team_id")
        grants = grants.filter(team_id__in=led)
    return list(grants[:200])


@role_required(Role.TEAM_LEAD, Role.DATA_PROTECTION_OFFICER, Role.ADMINISTRATOR)
def role_grant_list(request: AuthenticatedRequest) -> HttpResponse:
    grants = _grants_seen_by(request.user)
    decidable = {grant.pk for grant in services.grants_decidable_by(request.user)}
    return render(
        request,
        "accounts/role_grant_list.html",
        {
            "open_grants": [g for g in grants if g.is_open],
            "decided_grants": [g for g in grants if not g.is_open],
            "decidable": decidable,
            "may_withdraw": request.user.has_role(Role.ADMINISTRATOR),
        },
    )


def _decidable_grant(request: AuthenticatedRequest, grant_id: int) -> RoleGrant:
    """404 for every grant this person may not decide: others learn nothing about it."""
    grant = get_object_or_404(RoleGrant, pk=grant_id, status=RoleGrantStatus.PROPOSED)
    if not services.may_decide(grant, request.user):
        raise Http404
    return grant


@role_required(Role.TEAM_LEAD, Role.ADMINISTRATOR)
@require_POST
def role_grant_confirm(request: AuthenticatedRequest, grant_id: int) -> HttpResponse:
    grant = _decidable_grant(request, grant_id)
    again = reauthentication_redirect(request)
    if again is not None:
        return again
    try:
        services.role_grant_confirm(grant=grant, confirmed_by=request.user)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The role has been confirmed."))
    return redirect("role_grant_list")


@role_required(Role.TEAM_LEAD, Role.ADMINISTRATOR)
@require_POST
def role_grant_refuse(request: AuthenticatedRequest, grant_id: int) -> HttpResponse:
    grant = _decidable_grant(request, grant_id)
    try:
        services.role_grant_refuse(grant=grant, refused_by=request.user)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The proposal has been refused."))
    return redirect("role_grant_list")


@role_required(Role.ADMINISTRATOR)
@require_POST
def role_grant_withdraw(request: AuthenticatedRequest, grant_id: int) -> HttpResponse:
    grant = get_object_or_404(RoleGrant, pk=grant_id)
    try:
        services.role_grant_withdraw(grant=grant, withdrawn_by=request.user)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The proposal has been withdrawn."))
    return redirect("role_grant_list")
