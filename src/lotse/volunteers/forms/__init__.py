from .groups import (
    AttendanceForm,
    EveningForm,
    OfferDateForm,
    OfferForm,
    ParticipantForm,
    PeriodForm,
    SessionForm,
)
from .partners import ConfirmForm, MeetingForm, PartnerForm, ReferForm, TransitionForm
from .profile import ProfileForm
from .volunteers import DistrictForm, DocumentForm, StatusForm, VolunteerFilterForm, VolunteerForm

__all__ = [
    "AttendanceForm",
    "ConfirmForm",
    "DistrictForm",
    "DocumentForm",
    "EveningForm",
    "MeetingForm",
    "OfferDateForm",
    "OfferForm",
    "ParticipantForm",
    "PartnerForm",
    "PeriodForm",
    "ProfileForm",
    "ReferForm",
    "SessionForm",
    "StatusForm",
    "TransitionForm",
    "VolunteerFilterForm",
    "VolunteerForm",
]
