from .activity import Activity
from .agreement import TOPIC_FIELDS, CooperationAgreement
from .partner import ContactPerson, NetworkPartnerQuerySet, Partner
from .referral import Referral

__all__ = [
    "TOPIC_FIELDS",
    "Activity",
    "ContactPerson",
    "CooperationAgreement",
    "NetworkPartnerQuerySet",
    "Partner",
    "Referral",
]
