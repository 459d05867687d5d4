"""Imprint and privacy notice: the provider's own texts on the public pages, and the
administrator's page that edits them (issue #19 §2)."""

from __future__ import annotations

import hashlib

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lotse.accounts.roles import Role
from lotse.accounts.typing import AuthenticatedRequest
from lotse.common.access import role_required
from lotse.organisation.models import Provider

from ..forms import LegalTextsForm
from . import _render, public_page

KINDS = {"imprint": "imprint", "privacy": "privacy_notice"}


@public_page
def legal_text(request: HttpRequest, lang: str, kind: str) -> HttpResponse:
    """The imprint or the privacy notice of every provider running this installation. The
    texts are the provider's own, in German; the page around them is in the visitor's language."""
    field = KINDS[kind]
    providers = [
        {"name": provider.name, "text": getattr(provider, field)}
        for provider in Provider.objects.order_by("name")
    ]
    return _render(request, lang, "public/legal_text.html", {"kind": kind, "providers": providers})


@role_required(Role.ADMINISTRATOR)
def legal_texts(request: AuthenticatedRequest) -> HttpResponse:
    """The navigation's entry point: the texts of the first provider."""
    provider = Provider.objects.order_by("name").first()
    if provider is None:
        raise Http404
    return redirect("legal_texts_edit", provider_id=provider.pk)


def _fingerprint(provider: Provider) -> str:
    """What the form was loaded with: a save over someone else's newer text is refused."""
    text = f"{provider.imprint}\x00{provider.privacy_notice}"
    return hashlib.sha256(text.encode()).hexdigest()


@require_http_methods(["GET", "POST"])
@role_required(Role.ADMINISTRATOR)
def legal_texts_edit(request: AuthenticatedRequest, provider_id: int) -> HttpResponse:
    provider = get_object_or_404(Provider, pk=provider_id)
    loaded = request.POST.get("loaded", "") if request.method == "POST" else ""
    form = LegalTextsForm(request.POST or None, instance=provider)
    if request.method == "POST":
        current = _fingerprint(Provider.objects.get(pk=provider.pk))
        if loaded != current:
            # Keep what was typed on the page; nothing is saved.
            form.add_error(
                None,
                _(
                    "Someone else changed these texts since you opened the page. Your text is "
                    "still here: copy it, reload the page and enter your changes again."
                ),
            )
        elif form.is_valid():
            form.save()
            messages.success(request, _("The texts are saved and shown on the public pages."))
            return redirect("legal_texts_edit", provider_id=provider.pk)
    return render(
        request,
        "public/admin/legal_texts.html",
        {
            "provider": provider,
            "form": form,
            "loaded": loaded or _fingerprint(provider),
            "providers": Provider.objects.order_by("name"),
        },
    )
