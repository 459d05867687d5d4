"""The per-centre switch "Dienstnamen in Nachrichten nennen" (issue #18 §2)."""

from __future__ import annotations

from django.db import transaction

from lotse.audit.services import log_action
from lotse.organisation.models import Centre


@transaction.atomic
def centre_set_name_service(*, centre: Centre, on: bool) -> bool:
    """Let the centre's messages name the service (or not); whether anything changed."""
    locked = Centre.objects.select_for_update().get(pk=centre.pk)
    if locked.messages_name_service == on:
        return False
    locked.messages_name_service = on
    locked.save(update_fields=["messages_name_service"])
    centre.messages_name_service = on
    log_action(action="centre.messages_name_service", obj=locked, data={"on": on})
    return True
