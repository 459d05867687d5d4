from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lotse.accounts.roles import AUDIT_ROLES
from lotse.accounts.typing import AuthenticatedRequest
from lotse.common.access import role_required
from lotse.common.query import query_page

from ..forms import AuditFilterForm
from ..selectors import audit_entries_filtered
from ..services import log_action
from ..services.anchors import verify_trail


@role_required(*AUDIT_ROLES)
def audit_trail(request: AuthenticatedRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    entries = audit_entries_filtered(**{k: v for k, v in filters.items() if v not in ("", None)})
    page = Paginator(entries, 50).get_page(query_page(request))
    log_action(action="audit.searched", data={k: str(v) for k, v in filters.items() if v})
    return render(request, "audit/audit_trail.html", {"form": form, "page": page})


@role_required(*AUDIT_ROLES)
@require_POST
def audit_verify(request: AuthenticatedRequest) -> HttpResponse:
    # The chain and, where the anchor file is reachable from this server, every anchor.
    report = verify_trail()
    checked = report.chain.checked
    log_action(action="audit.verified", data={"ok": report.ok, "checked": checked})
    if report.ok:
        messages.success(
            request, _("The audit trail is intact: %(n)d entries checked.") % {"n": checked}
        )
    else:
        messages.error(
            request,
            _("The audit trail is broken at entry %(seq)s (%(problem)s).")
            % {"seq": report.first_bad, "problem": report.problem},
        )
    return redirect("audit_trail")
