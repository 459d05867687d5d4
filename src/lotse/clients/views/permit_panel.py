"""The residence status panel of the client's overview (shared by the overview and its form)."""

from __future__ import annotations

from django.utils import timezone

from ..forms.permits import PermitForm
from ..models import Client
from ..selectors.permits import permit_history


def permit_panel_context(client: Client, form: PermitForm | None = None) -> dict[str, object]:
    """What the "Residence status" panel shows: current permit, history, the empty form."""
    history = permit_history(client)
    current = history[0] if history else None
    if form is None:
        form = PermitForm(initial={"current": current.pk if current else None})
    today = timezone.localdate()
    return {
        "permit_current": current,
        "permit_days_left": current.days_left(today) if current else None,
        "permit_history": history[1:],
        "permit_form": form,
    }
