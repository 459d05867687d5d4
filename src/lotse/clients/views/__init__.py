from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lotse.accounts.roles import CLIENT_ROLES
from lotse.accounts.typing import AuthenticatedRequest
from lotse.audit.services.reads import log_list_read
from lotse.common.access import role_required
from lotse.common.errors import ConflictError, DomainError
from lotse.common.views.conflicts import rebased_on
from lotse.common.views.private_search import (
    recalled_search,
    search_terms,
    stash_search,
)
from lotse.organisation.models import Team

from .. import services
from ..file_sections import badges_for, list_filters
from ..forms import (
    ClientCreateForm,
    ClientEditForm,
    ClientLanguageForm,
    ClientSearchForm,
    HouseholdMemberForm,
    MergeForm,
)
from ..models import Client
from ..selectors import (
    DuplicateMatch,
    client_for_request,
    client_overview,
    client_search,
    duplicate_candidates,
    duplicate_matches,
)
from ..selectors.listing import client_page, parse_cursor, sort_choices, sort_order
from .permit_panel import permit_panel_context
from .worklist import filtered, list_url, saved_filters, sort_links


def _writable_teams(request: AuthenticatedRequest) -> QuerySet[Team]:
    return Team.objects.filter(pk__in=request.user.client_team_ids(writable=True))


def _can_edit(request: AuthenticatedRequest, client: Client) -> bool:
    # The memberships in force, already read for this request (the rule of ``writable_by``).
    return client.team_id in request.user.client_team_ids(writable=True)


SEARCH_FIELDS = ("q", "birth_date")


@role_required(*CLIENT_ROLES)
@require_http_methods(["GET", "POST"])
def client_list(request: AuthenticatedRequest) -> HttpResponse:
    """The client list; a search is POSTed and shown at ``?search=<token>`` (no names in URLs)."""
    expired = False
    if request.method == "POST":
        form = ClientSearchForm(request.POST)
        token = ""  # nosec B105 - a search token, empty until the search is stored
        if form.is_valid():
            terms = search_terms(request.POST, SEARCH_FIELDS)
            token = stash_search(request, "clients", terms) if terms else ""
            if not request.htmx:
                # A submitted search with exactly one hit opens that file; typing in the list
                # (HTMX) only filters.
                hits = list(
                    client_search(
                        user=request.user,
                        query=form.cleaned_data["q"],
                        birth_date=form.cleaned_data["birth_date"],
                    ).values_list("pk", flat=True)[:2]
                )
                if terms and len(hits) == 1:
                    return redirect("client_detail", client_id=hits[0])
                _none, chosen, _people = filtered(request.user, Client.objects.none(), request.GET)
                return redirect(list_url(token, chosen))
    else:
        token, recalled = recalled_search(request, "clients")
        expired = bool(token) and recalled is None
        form = ClientSearchForm(recalled)
        token = "" if recalled is None else token
    query, birth_date = "", None
    if form.is_bound and form.is_valid():
        query = form.cleaned_data["q"]
        birth_date = form.cleaned_data["birth_date"]
    clients = client_search(user=request.user, query=query, birth_date=birth_date)
    # Filters other apps offer (``flag=crisis``) and the working list's own (issue #17 §3),
    # applied to the already scoped list.
    # The sort (issue #17 §3) is kept with them; the search form posts to the list's address.
    clients, chosen, people = filtered(request.user, clients, request.GET)
    sort = sort_order(request.GET.get("sort"))
    cursor = parse_cursor(request.GET.get("after"), sort.key) if request.method == "GET" else None
    page = client_page(user=request.user, clients=clients, cursor=cursor, sort=sort)
    badges_for(page.rows)
    log_list_read(request, clients=[client.pk for client in page])
    # The search swaps the rows in; a sort chosen in a header or the select swaps the whole
    # list (filters, export links, saved filters), picked out of the full page.
    rows_only = bool(request.htmx) and request.htmx.target != "client-list"
    template = "clients/fragments/client_rows.html" if rows_only else "clients/client_list.html"
    context = {
        "form": form,
        "page": page,
        "search_token": token,
        "search_expired": expired,
        "list_filters": [
            {"key": f.key, "label": f.label, "choices": f.choices(), "value": chosen.get(f.key)}
            for f in list_filters()
        ],
        "list_filter_values": chosen,
        "responsible_choices": people,
        "filter_query": urlencode(sorted(chosen.items())),
        "saved_filters": [] if rows_only else saved_filters(request.user),
        "bulk_people": people[1:],
        "sort": sort.key,
        "sort_choices": sort_choices(),
        "sort_links": sort_links(token, chosen, sort.key),
    }
    response = render(request, template, context)
    if request.htmx:
        # The address bar follows the search (by token), the filters and the sort, without the
        # empty fields a form sends, so that reload and back work.
        response["HX-Push-Url"] = list_url(token, chosen)
    return response


def _chosen_links(request: AuthenticatedRequest, linkable: list[DuplicateMatch]) -> list[Client]:
    """The candidates ticked as "the same person, served in another service" (ids validated
    against this very check's candidates, so nothing else can be linked)."""
    typed = {
        int(value)
        for value in request.POST.getlist("link_to")
        if value.isascii() and value.isdigit() and len(value) < 18
    }
    return [match.client for match in linkable if match.client.pk in typed]


@role_required(*CLIENT_ROLES)
def client_create(request: AuthenticatedRequest) -> HttpResponse:
    form = ClientCreateForm(request.POST or None, teams=_writable_teams(request))
    candidates: list[DuplicateMatch] = []
    linkable: list[DuplicateMatch] = []
    chosen: list[Client] = []
    if request.method == "POST" and form.is_valid():
        data = form.client_data()
        team = form.cleaned_data["team"]
        candidates = duplicate_matches(
            user=request.user,
            first_name=data.first_name,
            last_name=data.last_name,
            birth_date=data.birth_date,
        )
        # A candidate in another team of this user may be the same person served by another
        # service (DOMAIN §D16): then the new file is right, linked with that one. Only files
        # the user may change, of the same centre (persons are counted per centre), are offered.
        writable = request.user.client_team_ids(writable=True)
        linkable = [
            match
            for match in candidates
            if match.client.team_id != team.pk
            and match.client.team_id in writable
            and match.client.team.service.centre_id == team.service.centre_id
        ]
        chosen = _chosen_links(request, linkable)
        same_team = any(match.client.team_id == team.pk for match in candidates)
        checked = form.cleaned_data["no_duplicate"] or (chosen and not same_team)
        if candidates and not checked:
            form.add_error(
                "no_duplicate",
                _("There are files that may be the same person. Please check them first."),
            )
        else:
            try:
                client = services.client_create_linked(
                    team=team, data=data, link_to=chosen, by=request.user
                )
            except DomainError as error:
                form.add_error(None, str(error.message))
            else:
                messages.success(request, _("The client file has been created."))
                if chosen:
                    messages.success(
                        request, _("It has been linked with the person's file in another team.")
                    )
                return redirect("client_detail", client_id=client.pk)
    log_list_read(request, clients=[match.client.pk for match in candidates])
    return render(
        request,
        "clients/client_form.html",
        {
            "form": form,
            "creating": True,
            "candidates": candidates,
            "linkable_ids": {match.client.pk for match in linkable},
            "chosen_ids": {client.pk for client in chosen},
        },
    )


@login_required
def client_detail(request: AuthenticatedRequest, client_id: int) -> HttpResponse:
    client = client_for_request(request, client_id)
    return render(request, "clients/client_detail.html", detail_context(request, client))


def detail_context(request: AuthenticatedRequest, client: Client) -> dict[str, object]:
    """Everything the overview tab shows (the residence status panel with its empty form)."""
    context = client_overview(client)
    context.update(
        {
            "client": client,
            "active_tab": "overview",
            "can_edit": _can_edit(request, client),
            "language_form": ClientLanguageForm(),
            "document_languages": settings.DOCUMENT_LANGUAGES,
            "household_form": HouseholdMemberForm(),
            **permit_panel_context(client),
        }
    )
    return context


@login_required
def client_edit(request: AuthenticatedRequest, client_id: int) -> HttpResponse:
    client = client_for_request(request, client_id, write=True)
    initial = {"version": client.version}
    form = ClientEditForm(request.POST or None, instance=client, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.client_update(
                client=Client.objects.get(pk=client.pk),
                expected_version=form.cleaned_data["version"],
                data=form.client_data(),
            )
        except ConflictError as error:
            saved = Client.objects.get(pk=client.pk)
            # The typed values stay in the form, now based on the saved version, so that
            # saving again is a deliberate choice made with both versions in view.
            return render(
                request,
                "clients/client_conflict.html",
                {
                    "client": saved,
                    "form": ClientEditForm(rebased_on(request.POST, saved.version), instance=saved),
                    "message": error.message,
                },
                status=409,
            )
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect("client_detail", client_id=client.pk)
    return render(request, "clients/client_form.html", {"form": form, "client": client})


def _overview_fragment(request: AuthenticatedRequest, client: Client, name: str, **extra: object):
    context = {"client": client, "can_edit": True, **client_overview(client), **extra}
    return render(request, f"clients/fragments/{name}.html", context)


@login_required
@require_POST
def client_language_add(request: AuthenticatedRequest, client_id: int) -> HttpResponse:
    client = client_for_request(request, client_id, write=True)
    form = ClientLanguageForm(request.POST)
    if form.is_valid():
        try:
            services.client_language_set(
                client=client,
                language=form.cleaned_data["language"],
                level=form.cleaned_data["level"],
            )
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            form = ClientLanguageForm()
    if not request.htmx:
        return redirect("client_detail", client_id=client.pk)
    return _overview_fragment(request, client, "languages", language_form=form)


@login_required
@require_POST
def client_language_remove(
    request: AuthenticatedRequest, client_id: int, language_id: int
) -> HttpResponse:
    client = client_for_request(request, client_id, write=True)
    get_object_or_404(client.languages, pk=language_id).delete()
    if not request.htmx:
        return redirect("client_detail", client_id=client.pk)
    return _overview_fragment(request, client, "languages", language_form=ClientLanguageForm())


@login_required
@require_POST
def household_add(request: AuthenticatedRequest, client_id: int) -> HttpResponse:
    client = client_for_request(request, client_id, write=True)
    form = HouseholdMemberForm(request.POST)
    if form.is_valid():
        member = form.save(commit=False)
        member.client = client
        member.save()
        form = HouseholdMemberForm()
    if not request.htmx:
        return redirect("client_detail", client_id=client.pk)
    return _overview_fragment(request, client, "household", household_form=form)


@login_required
@require_POST
def household_remove(request: AuthenticatedRequest, client_id: int, member_id: int) -> HttpResponse:
    client = client_for_request(request, client_id, write=True)
    get_object_or_404(client.household, pk=member_id).delete()
    if not request.htmx:
        return redirect("client_detail", client_id=client.pk)
    return _overview_fragment(request, client, "household", household_form=HouseholdMemberForm())


@login_required
def client_merge(request: AuthenticatedRequest, client_id: int) -> HttpResponse:
    """Fold this file (a duplicate) into another file of the same team."""
    client = client_for_request(request, client_id, write=True)
    form = MergeForm(request.POST or None)
    suggestions = duplicate_candidates(
        user=request.user,
        first_name=client.first_name,
        last_name=client.last_name,
        birth_date=client.birth_date,
        exclude_pk=client.pk,
    )
    if request.method == "POST" and form.is_valid():
        target = (
            Client.objects.writable_by(request.user)
            .filter(file_number=form.cleaned_data["target_file_number"].strip())
            .first()
        )
        if target is None:
            form.add_error("target_file_number", _("No file with this number that you may change."))
        else:
            try:
                services.client_merge(source=client, target=target)
            except DomainError as error:
                form.add_error(None, str(error.message))
            else:
                messages.success(
                    request,
                    _("The files have been merged. Everything is now in file %(number)s.")
                    % {"number": target.file_number},
                )
                return redirect("client_detail", client_id=target.pk)
    log_list_read(request, clients=[other.pk for other in suggestions])
    return render(
        request,
        "clients/client_merge.html",
        {"client": client, "form": form, "suggestions": suggestions},
    )
