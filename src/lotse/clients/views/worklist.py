"""Working lists (issue #17 §3): the filters shared by the list and the export, saved
filters, the export of exactly the filtered list, and bulk actions on selected rows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lotse.accounts.models import Membership, User
from lotse.accounts.roles import CLIENT_ROLES
from lotse.accounts.typing import AuthenticatedRequest
from lotse.audit.services import log_action
from lotse.audit.services.reads import log_list_read
from lotse.common.access import role_required
from lotse.common.views.private_search import SEARCH_PARAM, recalled_search
from lotse.common.views.table_export import FORMATS, table_response

from ..file_sections import apply_list_filters
from ..forms import ClientSearchForm
from ..forms.worklist import SavedFilterForm
from ..models import Client, FilterKind, SavedFilter
from ..selectors import client_search
from ..selectors.listing import DEFAULT_SORT, SORTS, export_order, sort_order
from ..selectors.worklist import colleagues, responsible_choices, with_responsible
from ..services import worklist as services
from ..services.worklist import normalised_query

EXPORT_CAP = 10_000
BULK_CAP = 200  # rows per bulk action: one confirmation page a person can still read
# Bulk actions of the list → the page that confirms them ("" = the reassignment here).
BULK_PAGES = {
    "reassign": "",
    "letter": "letters_mass",
    "close": "case_bulk_close",
    "transfer": "client_transfer",
}


def filtered(
    user: User, clients: QuerySet[Client], params: Any
) -> tuple[QuerySet[Client], dict[str, str], list[tuple[str, Any]]]:
    """``clients`` narrowed by every known filter in ``params``, the chosen filters and the
    responsible-person choices (the user's colleagues: a filter the hooks cannot offer).

    A sort other than the default is one of the chosen values (``sort``): the pages, the
    export and a saved filter keep it like a filter. An unknown sort is dropped."""
    clients, chosen = apply_list_filters(clients, params)
    people = responsible_choices(user)
    value = str(params.get("responsible", "") or "")
    if value and value in {code for code, _label in people}:
        clients = with_responsible(clients, value)
        chosen["responsible"] = value
    sort = sort_order(params.get("sort")).key
    if sort != DEFAULT_SORT:
        chosen["sort"] = sort
    return clients, chosen, people


def list_url(token: str, chosen: dict[str, str]) -> str:
    """The list's address with the search (by token) and the chosen filters and sort."""
    params = [(SEARCH_PARAM, token)] if token else []
    params += sorted(chosen.items())
    return reverse("client_list") + ("?" + urlencode(params) if params else "")


def sort_links(token: str, chosen: dict[str, str], sort: str) -> dict[str, dict[str, str]]:
    """Per sortable column its header link and ``aria-sort`` state: the other way round when
    the list is sorted by it now, else the column's first sort (newest first for dates, A to Z
    for file numbers)."""
    current = sort_order(sort)
    rest = {k: v for k, v in chosen.items() if k != "sort"}
    columns: dict[str, list[str]] = {}
    for order in SORTS.values():
        if order.column:
            columns.setdefault(order.column, []).append(order.key)
    links: dict[str, dict[str, str]] = {}
    for column, keys in columns.items():
        state, target = "", keys[0]
        if current.column == column:
            state = "descending" if current.descending else "ascending"
            target = next(key for key in keys if key != current.key)
        chosen_sort = {} if target == DEFAULT_SORT else {"sort": target}
        links[column] = {"url": list_url(token, {**rest, **chosen_sort}), "current": state}
    return links


def saved_filters(user: User, kind: str = FilterKind.CLIENTS) -> list[SavedFilter]:
    return list(SavedFilter.objects.filter(user=user, kind=kind))


def _listed(request: AuthenticatedRequest) -> tuple[QuerySet[Client], dict[str, str]]:
    """The list as the user sees it at this address: search (by token) and filters."""
    _token, recalled = recalled_search(request, "clients")
    form = ClientSearchForm(recalled)
    query, birth_date = "", None
    if recalled is not None and form.is_valid():
        query, birth_date = form.cleaned_data["q"], form.cleaned_data["birth_date"]
    clients = client_search(user=request.user, query=query, birth_date=birth_date)
    clients, chosen, _people = filtered(request.user, clients, request.GET)
    return clients, chosen


@dataclass(frozen=True)
class _Export:
    headers: list[str]
    rows: list[list[object]]


def _export_rows(clients: list[Client]) -> _Export:
    headers = [
        _("File number"),
        _("Name"),
        _("Date of birth"),
        _("Team"),
        _("Responsible"),
        _("Changed"),
    ]
    rows: list[list[object]] = []
    for c in clients:
        person = c.responsible.get_full_name() if c.responsible else ""
        birth = c.birth_date.strftime("%d.%m.%Y") if c.birth_date else ""
        changed = c.updated_at.strftime("%d.%m.%Y")
        rows.append([c.file_number, c.display_name, birth, c.team.name, person, changed])
    return _Export(headers, rows)


@role_required(*CLIENT_ROLES)
@reauthentication_required
@require_GET
def client_export(request: AuthenticatedRequest, fmt: str) -> HttpResponse:
    """Exactly the filtered list in its order, every matching file the user may see (up to
    EXPORT_CAP)."""
    if fmt not in FORMATS:
        raise Http404
    clients, chosen = _listed(request)
    order = sort_order(chosen.get("sort"))
    rows = list(
        clients.select_related("team", "responsible").order_by(*export_order(order))[
            : EXPORT_CAP + 1
        ]
    )
    back = reverse("client_list") + ("?" + request.GET.urlencode() if request.GET else "")
    if len(rows) > EXPORT_CAP:
        messages.error(
            request,
            _("More than %(n)s files match. Please narrow the filter before exporting.")
            % {"n": f"{EXPORT_CAP:,}".replace(",", ".")},
        )
        return redirect(back)
    log_action(
        action="clients.exported_list",
        data={"format": fmt, "filters": normalised_query(chosen), "ids": [c.pk for c in rows]},
    )
    table = _export_rows(rows)
    return table_response(
        fmt=fmt,
        headers=table.headers,
        rows=table.rows,
        sheet_title=_("Clients"),
        filename="klienten",
    )


@role_required(*CLIENT_ROLES)
@require_POST
def client_filter_save(request: AuthenticatedRequest) -> HttpResponse:
    form = SavedFilterForm(request.POST)
    _clients, chosen, _people = filtered(request.user, Client.objects.none(), request.POST)
    if form.is_valid() and chosen:
        services.save_filter(user=request.user, name=form.cleaned_data["name"], chosen=chosen)
        messages.success(request, _("The filter has been saved."))
    elif not chosen:
        messages.error(request, _("Choose at least one filter before saving it."))
    else:
        messages.error(request, _("Please give the filter a name (at most 80 characters)."))
    if request.htmx:
        response = render(
            request,
            "clients/fragments/saved_filters.html",
            {"saved_filters": saved_filters(request.user), "list_filter_values": chosen},
        )
        return response
    return redirect(reverse("client_list") + "?" + normalised_query(chosen))


@role_required(*CLIENT_ROLES)
@require_POST
def client_filter_delete(request: AuthenticatedRequest, filter_id: int) -> HttpResponse:
    # Another user's filter: 404, as if it did not exist.
    if not services.delete_filter(user=request.user, filter_id=filter_id):
        raise Http404
    messages.success(request, _("The filter has been deleted."))
    return redirect("client_list")


def bulk_result(request: AuthenticatedRequest, outcomes: list[Any], **context: Any) -> HttpResponse:
    """The result page of a bulk action: every row's outcome; the files it names are audited
    as read (a refused row of an unknown file names none)."""
    log_list_read(request, clients=[o.client_id for o in outcomes if o.file_number])
    return render(request, "clients/bulk_result.html", {"outcomes": outcomes, **context})


def version_rows(values: list[str]) -> list[tuple[int, int]]:
    """The confirmed rows "id:version" of a confirmation page; anything else is dropped."""
    rows: list[tuple[int, int]] = []
    for item in values[:BULK_CAP]:
        pk, _sep, version = item.partition(":")
        if pk.isdigit() and version.isdigit() and len(pk) < 12 and len(version) < 12:
            rows.append((int(pk), int(version)))
    return rows


def plan_row(
    pk: int,
    client: Client | None,
    *,
    ok: bool,
    why: Any = "",
    value: str = "",
    detail: str = "",
    skip: bool = False,
) -> dict[str, Any]:
    """One row of ``clients/bulk_confirm.html``: ``value`` is posted back for an ``ok`` (or
    ``skip``) row; ``detail`` fills the column the action names (``detail_label``)."""
    return {
        "pk": pk,
        "client": client,
        "ok": ok,
        "why": why,
        "value": value,
        "detail": detail,
        "skip": skip,
    }


def refused_row(pk: int) -> dict[str, Any]:
    return plan_row(pk, None, ok=False, why=_("You may not change this file."))


def bulk_ids(values: list[str]) -> list[int]:
    """Selected file ids from a form or a comma-separated query value, at most BULK_CAP."""
    return _ids([part for value in values for part in value.split(",")])


def _ids(values: list[str]) -> list[int]:
    ids: list[int] = []
    for value in values:
        value = value.strip()
        if value.isdigit() and len(value) < 12 and int(value) not in ids:
            ids.append(int(value))
    return ids[:BULK_CAP]


def require_writer(request: AuthenticatedRequest) -> None:
    if not Membership.objects.with_client_role(request.user, writable=True).exists():
        raise PermissionDenied


@role_required(*CLIENT_ROLES)
@require_POST
def client_bulk(request: AuthenticatedRequest) -> HttpResponse:
    """Selected rows + an action → the confirmation page (nothing changes yet)."""
    require_writer(request)
    ids = _ids(request.POST.getlist("ids"))
    action = request.POST.get("action", "")
    if not ids or action not in BULK_PAGES:
        messages.error(request, _("Select at least one file and an action."))
        return redirect("client_list")
    if BULK_PAGES[action]:
        # Letters, closing and transfers have pages of their own (with their own choices).
        return redirect(
            reverse(BULK_PAGES[action]) + "?" + urlencode({"ids": ",".join(map(str, ids))})
        )
    to = chosen_colleague(request)
    if to is None:
        messages.error(request, _("Choose the colleague who takes over the files."))
        return redirect("client_list")
    found = {
        c.pk: c
        for c in Client.objects.visible_to(request.user)
        .filter(pk__in=ids)
        .select_related("team", "responsible")
    }
    writable = set(
        Client.objects.writable_by(request.user).filter(pk__in=ids).values_list("pk", flat=True)
    )
    plan: list[dict[str, Any]] = []
    for pk in ids:
        client = found.get(pk)
        if client is None or pk not in writable:
            plan.append(refused_row(pk))
            continue
        colleague = services.is_team_colleague(to, client.team_id)
        plan.append(
            plan_row(
                pk,
                client,
                ok=colleague,
                why="" if colleague else _("The chosen person does not work in this file's team."),
                value=f"{pk}:{client.version}",
                detail=client.responsible.get_full_name() if client.responsible else "",
            )
        )
    log_list_read(request, clients=list(found))
    return reassign_confirmation(
        request,
        plan,
        to,
        heading=_("Change responsible person"),
        intro=_(
            "Please check what will happen. %(name)s becomes responsible for the files "
            'marked "will be changed". Nothing has been changed yet.'
        ),
        action_url=reverse("client_bulk_confirm"),
        detail_label=_("Responsible so far"),
    )


def chosen_colleague(request: AuthenticatedRequest) -> User | None:
    """The colleague posted as ``to``: one of ``colleagues`` of the user, else None."""
    value = str(request.POST.get("to", ""))
    if value.isdigit() and len(value) < 12:
        return colleagues(request.user).filter(pk=int(value)).first()
    return None


def reassign_confirmation(
    request: AuthenticatedRequest,
    plan: list[dict[str, Any]],
    to: User,
    *,
    heading: str,
    intro: str,
    action_url: str,
    detail_label: str,
    back_url: str = "",
) -> HttpResponse:
    """The confirmation page of a new responsible person (``intro`` names them as %(name)s)."""
    return render(
        request,
        "clients/bulk_confirm.html",
        {
            "plan": plan,
            "to": to,
            "heading": heading,
            "intro": intro % {"name": to.get_full_name() or to.get_username()},
            "action_url": action_url,
            "hidden": [("to", to.pk)],
            "back_url": back_url,
            "detail_label": detail_label,
            "will": _("will be changed"),
            "submit_label": _("Change now"),
        },
    )


@role_required(*CLIENT_ROLES)
@require_POST
def client_bulk_confirm(request: AuthenticatedRequest) -> HttpResponse:
    """Each row in its own transaction; the result page lists every row's outcome."""
    require_writer(request)
    to = chosen_colleague(request)
    rows = version_rows(request.POST.getlist("row"))
    if to is None or not rows:
        messages.error(request, _("Select at least one file and an action."))
        return redirect("client_list")
    outcomes = services.bulk_reassign(user=request.user, rows=rows, to=to)
    return bulk_result(request, outcomes, to=to)
