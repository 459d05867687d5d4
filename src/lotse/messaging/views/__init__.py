"""The "Nachrichten an die Person" card of the client file: consent and the messages."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lotse.accounts.roles import Role
from lotse.audit.services.reads import log_list_read
from lotse.clients.models import Client
from lotse.clients.selectors import client_for_request
from lotse.common.errors import DomainError

from ..forms import PreferenceForm
from ..models import ContactPreference, OutgoingMessage, State
from ..selectors import client_messages, client_preference
from ..services import preference_set
from ..texts import LANGUAGES

TEMPLATE = "messaging/fragments/client_messages.html"


def _can_write(request: HttpRequest, client: Client) -> bool:
    user: Any = request.user
    return client.anonymised_at is None and client.team_id in user.client_team_ids(writable=True)


def _is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _blank_form(client: Client, preference: ContactPreference | None) -> PreferenceForm:
    if preference is None:
        language = client.document_language if client.document_language in LANGUAGES else "de"
        return PreferenceForm(initial={"language": language})
    initial: dict[str, Any] = {
        "preferred": preference.preferred_channel,
        "language": preference.language,
        "version": preference.version,
    }
    for row in preference.channels.all():
        initial[f"{row.channel}_agreed"] = row.active
        initial[f"{row.channel}_scope"] = row.scope
        initial[f"{row.channel}_consent_on"] = row.consent_on
    return PreferenceForm(initial=initial)


def messages_context(
    request: HttpRequest, client: Client, *, form: PreferenceForm | None = None, saved: bool = False
) -> dict[str, Any]:
    preference = client_preference(client)
    channels = list(preference.channels.all()) if preference else []
    return {
        "client": client,
        "preference": preference,
        "agreed": [row for row in channels if row.active],
        "withdrawn": [row for row in channels if not row.active],
        "language_name": dict(settings.DOCUMENT_LANGUAGES).get(
            preference.language if preference else "", ""
        ),
        "outgoing": client_messages(client),
        "can_write": _can_write(request, client),
        "preference_form": form or _blank_form(client, preference),
        "form_open": form is not None,
        "saved": saved,
    }


@login_required
def client_messages_panel(request: HttpRequest, client_id: int) -> HttpResponse:
    """The card again (HTMX); a plain GET opens the file, where the card is."""
    client = client_for_request(request, client_id)
    if not _is_htmx(request):
        return redirect("client_detail", client_id=client.pk)
    return render(request, TEMPLATE, messages_context(request, client))


@login_required
@require_POST
def preference_save(request: HttpRequest, client_id: int) -> HttpResponse:
    """Record the consented channels; an unticked channel is withdrawn and its queued
    messages cancelled (every queued message when no channel is left)."""
    client = client_for_request(request, client_id, write=True)
    form: PreferenceForm | None = PreferenceForm(request.POST)
    saved = False
    if form is not None and form.is_valid():
        try:
            preference_set(
                client=client,
                data=form.preference_data(),
                by=request.user,  # type: ignore[arg-type]
                expected_version=form.cleaned_data.get("version"),
            )
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            form, saved = None, True
    if not _is_htmx(request):
        if form is not None:
            messages.error(request, _("The contact preference was not saved. Please check it."))
        else:
            messages.success(request, _("The contact preference has been saved."))
        return redirect("client_detail", client_id=client.pk)
    return render(request, TEMPLATE, messages_context(request, client, form=form, saved=saved))


# The development page lists at most this many.
SENT_LIMIT = 100


@login_required
def sent_messages(request: HttpRequest) -> HttpResponse:
    """What went out, for `make run` and the demo (issue #18 §2): only with DEBUG on (else
    404, so no production server has it), for team leads, their teams' clients only."""
    if not settings.DEBUG:
        raise Http404
    user: Any = request.user
    if not user.has_role(Role.TEAM_LEAD):
        raise PermissionDenied
    rows = list(
        OutgoingMessage.objects.visible_to(user)
        .filter(state=State.SENT)
        .select_related("client")
        .order_by("-sent_at", "-pk")[:SENT_LIMIT]
    )
    log_list_read(request, clients=[m.client_id for m in rows])
    return render(request, "messaging/sent.html", {"sent": rows})
