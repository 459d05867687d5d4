"""Bundles in the browser: the statistics officer imports, merges, exports and downloads them."""

from __future__ import annotations

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lotse.accounts.typing import AuthenticatedRequest
from lotse.common.access import role_required
from lotse.common.errors import DomainError
from lotse.common.query import parse_int
from lotse.organisation.models import Centre

from ..bundle import BundleError, dump
from ..forms import BundleUploadForm, choose
from ..models import ImportedBundle
from ..scope import providers_of_officer
from ..services import bundle_exported, bundle_import, bundles_merge, centre_bundle
from .common import BUNDLE_ROLES, STATISTICS_VIEW_ROLES


def _bundles(request: AuthenticatedRequest):  # type: ignore[no-untyped-def]
    return ImportedBundle.objects.filter(provider__in=providers_of_officer(request.user))


@role_required(*BUNDLE_ROLES)
def bundle_list(request: AuthenticatedRequest) -> HttpResponse:
    providers = providers_of_officer(request.user)
    form = BundleUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            stored = bundle_import(
                provider=providers[0], name=upload.name, content=upload.read(), by=request.user
            )
        except DomainError as error:
            form.add_error("file", str(error))
        else:
            messages.success(request, _("Bundle %(unit)s imported.") % {"unit": stored.unit_id})
            return redirect("stats_bundle_list")
    return render(
        request,
        "stats/bundles.html",
        {"form": form, "bundles": _bundles(request).select_related("uploaded_by")},
    )


@role_required(*BUNDLE_ROLES)
@require_POST
def bundle_merge(request: AuthenticatedRequest) -> HttpResponse:
    ids = [pk for pk in map(parse_int, request.POST.getlist("bundle")) if pk is not None]
    chosen = list(_bundles(request).filter(pk__in=ids).order_by("unit_id"))
    if len(chosen) < 2:
        messages.error(request, _("Choose at least two bundles to merge."))
        return redirect("stats_bundle_list")
    try:
        stored, warnings = bundles_merge(
            provider=providers_of_officer(request.user)[0],
            bundles=chosen,
            by=request.user,
            unit_id=request.POST.get("unit_id", "").strip(),
        )
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("stats_bundle_list")
    for warning in warnings:
        messages.info(request, warning)
    messages.success(request, _("Merged into %(unit)s.") % {"unit": stored.unit_id})
    return redirect("stats_bundle_dashboard", bundle_id=stored.pk)


def _json(content: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@role_required(*BUNDLE_ROLES)
@reauthentication_required
def bundle_download(request: AuthenticatedRequest, bundle_id: int) -> HttpResponse:
    stored = _bundles(request).filter(pk=bundle_id).first()
    if stored is None:
        raise Http404
    bundle_exported(bundle=stored.content, via="download")
    return _json(dump(stored.content), f"{stored.unit_id}.json")


@role_required(*STATISTICS_VIEW_ROLES)
@reauthentication_required
def bundle_export(request: AuthenticatedRequest) -> HttpResponse:
    """The bundle of the chosen centre for the chosen period, to send to the next level."""
    choice = choose(request.user, request.GET)
    back = reverse("stats_reports") + "?" + request.GET.urlencode()
    requested = choice.requested or choice.unit
    if requested.level != "centre":
        messages.error(request, _("Bundles are exported per counselling centre; choose a centre."))
        return redirect(back)
    if choice.form.is_bound and choice.form.errors:
        messages.error(request, choice.refused)
        return redirect(back)
    centre = Centre.objects.get(pk=int(requested.key[1:]))
    try:
        # Folds a small centre into its provider itself (services.centre_bundle).
        bundle = centre_bundle(centre=centre, period=choice.period)
    except BundleError as error:
        messages.error(request, str(error))
        return redirect(back)
    bundle_exported(bundle=bundle, via="web")
    name = f"{bundle['unit']['id']}_{choice.period.start}_{choice.period.end}.json"
    return _json(dump(bundle), name)
