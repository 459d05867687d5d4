from .activity import Activity
from .agreement import TOPIC_FIELDS, CooperationAgreement
from .partner import ContactPerson, NetworkPartnerQuerySet, Partner
from .project import DistrictNeed, GoalStatus, Project, ProjectGoal, ProjectStatus
from .referral import Referral

__all__ = [
    "TOPIC_FIELDS",
    "Activity",
    "ContactPerson",
    "CooperationAgreement",
    "DistrictNeed",
    "GoalStatus",
    "NetworkPartnerQuerySet",
    "Partner",
    "Project",
    "ProjectGoal",
    "ProjectStatus",
    "Referral",
]
