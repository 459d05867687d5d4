"""The keys whose signed bundles this installation accepts: the statistics officer's page.

Trusting a key decides whose figures are summed into the provider's, region's or federal
statistics, so adding and withdrawing re-authenticate first and are audited."""

from __future__ import annotations

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lotse.accounts.typing import AuthenticatedRequest
from lotse.common.access import role_required

from ..bundle import BundleError
from ..forms import KeyUploadForm
from ..models import TrustedKey
from ..signing import key_id, own_public_key
from ..trust import read_key_document, trust_key, withdraw_key
from .common import BUNDLE_ROLES


def _page(request: AuthenticatedRequest, form: KeyUploadForm) -> HttpResponse:
    own = own_public_key()
    return render(
        request,
        "stats/keys.html",
        {"form": form, "keys": TrustedKey.objects.all(), "own": key_id(own) if own else ""},
    )


@role_required(*BUNDLE_ROLES)
def key_list(request: AuthenticatedRequest) -> HttpResponse:
    return _page(request, KeyUploadForm())


@role_required(*BUNDLE_ROLES)
@require_POST
@reauthentication_required
def key_change(request: AuthenticatedRequest) -> HttpResponse:
    """Trust the uploaded public key file, or withdraw the key named in ``withdraw``."""
    try:
        if request.POST.get("withdraw"):
            stored = withdraw_key(kid=request.POST["withdraw"])
            messages.success(request, _("Key %(key)s withdrawn.") % {"key": stored.key_id})
            return redirect("stats_key_list")
        form = KeyUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return _page(request, form)
        text = form.cleaned_data["file"].read().decode("utf-8", errors="replace")
        stored = trust_key(
            document=read_key_document(text), label=form.cleaned_data["label"], by=request.user
        )
    except BundleError as error:
        messages.error(request, str(error))
        return redirect("stats_key_list")
    messages.success(request, _("Key %(key)s is trusted.") % {"key": stored.key_id})
    return redirect("stats_key_list")
