from .catalogue import Topic, TopicCatalogue
from .client import (
    Client,
    ClientLanguage,
    ClientQuerySet,
    ClientSearchToken,
    Gender,
    HouseholdMember,
    LanguageLevel,
    ProtectionNeed,
    Relation,
    Residence,
    visible_client_q,
    writable_client_q,
)
from .consent import Consent
from .contact import ContactForm, ContactKind, CounsellingContact, Interpreter
from .intake import AccessChannel, EligibilityDecision, Intake, IntakeOutcome, Livelihood
from .permit import PermitKind, ResidencePermit
from .person_link import LinkStatus, PersonLinkRequest
from .transfer import TeamTransfer, TransferStatus
from .worklist import FilterKind, SavedFilter

__all__ = [
    "AccessChannel",
    "Client",
    "ClientLanguage",
    "ClientQuerySet",
    "ClientSearchToken",
    "Consent",
    "ContactForm",
    "ContactKind",
    "CounsellingContact",
    "EligibilityDecision",
    "FilterKind",
    "Gender",
    "HouseholdMember",
    "Intake",
    "IntakeOutcome",
    "Interpreter",
    "LanguageLevel",
    "LinkStatus",
    "Livelihood",
    "PermitKind",
    "PersonLinkRequest",
    "ProtectionNeed",
    "Relation",
    "Residence",
    "ResidencePermit",
    "SavedFilter",
    "TeamTransfer",
    "Topic",
    "TopicCatalogue",
    "TransferStatus",
    "visible_client_q",
    "writable_client_q",
]
