from .district import District
from .groups import (
    MAX_GROUP_MINUTES,
    GroupEvening,
    GroupEveningAttendance,
    GroupKind,
    GroupOffer,
    GroupOfferDate,
    GroupOfferParticipant,
)
from .partner import TandemPartner, TandemPartnerLanguage, TandemPartnerQuerySet
from .partnership import Meeting, Partnership, PartnershipQuerySet
from .training import TrainingAttendance, TrainingModule, TrainingSession
from .volunteer import Volunteer, VolunteerDocument, VolunteerLanguage, VolunteerQuerySet

__all__ = [
    "MAX_GROUP_MINUTES",
    "District",
    "GroupEvening",
    "GroupEveningAttendance",
    "GroupKind",
    "GroupOffer",
    "GroupOfferDate",
    "GroupOfferParticipant",
    "Meeting",
    "Partnership",
    "PartnershipQuerySet",
    "TandemPartner",
    "TandemPartnerLanguage",
    "TandemPartnerQuerySet",
    "TrainingAttendance",
    "TrainingModule",
    "TrainingSession",
    "Volunteer",
    "VolunteerDocument",
    "VolunteerLanguage",
    "VolunteerQuerySet",
]
