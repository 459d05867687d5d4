from .groups import (
    AttendanceForm,
    EveningForm,
    OfferDateForm,
    OfferForm,
    ParticipantForm,
    PeriodForm,
    SessionForm,
)
from .partners import ConfirmForm, MeetingForm, ReferForm, TandemPartnerForm, TransitionForm
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
    "PeriodForm",
    "ProfileForm",
    "ReferForm",
    "SessionForm",
    "StatusForm",
    "TandemPartnerForm",
    "TransitionForm",
    "VolunteerFilterForm",
    "VolunteerForm",
]
