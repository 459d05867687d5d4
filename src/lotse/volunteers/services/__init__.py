"""Writing volunteer data. Import from here: ``from lotse.volunteers.services import ...``."""

from .groups import (
    evening_attendance_set,
    evening_create,
    offer_create,
    offer_date_add,
    offer_participant_add,
)
from .partners import partner_create, partner_refer, partner_update
from .partnerships import meeting_log, partnership_propose, partnership_transition
from .training import attendance_set, training_session_create
from .volunteers import (
    district_create,
    volunteer_change_status,
    volunteer_create,
    volunteer_document_add,
    volunteer_update,
)

__all__ = [
    "attendance_set",
    "district_create",
    "evening_attendance_set",
    "evening_create",
    "meeting_log",
    "offer_create",
    "offer_date_add",
    "offer_participant_add",
    "partner_create",
    "partner_refer",
    "partner_update",
    "partnership_propose",
    "partnership_transition",
    "training_session_create",
    "volunteer_change_status",
    "volunteer_create",
    "volunteer_document_add",
    "volunteer_update",
]
