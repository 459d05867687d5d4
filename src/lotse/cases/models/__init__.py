from .agreement import IntegrationAgreement
from .assessment import (
    Assessment,
    CefrLevel,
    DegreeLevel,
    DigitalSkills,
    DrivingLicence,
    LanguageSkill,
    Qualification,
    Recognition,
    Schooling,
    VocationalTraining,
)
from .case import Case, CaseQuerySet, Closure, PhaseChange
from .plan import CatalogueGoal, Goal, GoalCatalogue, GoalStatusChange, GoalStep, SupportPlan
from .review import Evaluation, Review, SustainabilityCheck, SustainabilityOutcome

__all__ = [
    "Assessment",
    "Case",
    "CaseQuerySet",
    "CatalogueGoal",
    "CefrLevel",
    "Closure",
    "DegreeLevel",
    "DigitalSkills",
    "DrivingLicence",
    "Evaluation",
    "Goal",
    "GoalCatalogue",
    "GoalStatusChange",
    "GoalStep",
    "IntegrationAgreement",
    "LanguageSkill",
    "PhaseChange",
    "Qualification",
    "Recognition",
    "Review",
    "Schooling",
    "SupportPlan",
    "SustainabilityCheck",
    "SustainabilityOutcome",
    "VocationalTraining",
]
