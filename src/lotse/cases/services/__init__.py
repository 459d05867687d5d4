"""Writing case data. Import from here: ``from lotse.cases.services import case_open``."""

from .agreement import agreement_create, agreement_sign, agreement_update
from .assessment import AssessmentData, LanguageData, QualificationData, assessment_save
from .case import case_assign, case_close, case_open, case_reopen, case_transition
from .plan import (
    GoalData,
    PlanData,
    goal_create,
    goal_remove,
    goal_set_status,
    goal_update,
    plan_is_locked,
    plan_revise,
    plan_start,
    plan_update,
    step_add,
    step_toggle,
)
from .review import evaluation_record, review_record, review_schedule, sustainability_record

__all__ = [
    "AssessmentData",
    "GoalData",
    "LanguageData",
    "PlanData",
    "QualificationData",
    "agreement_create",
    "agreement_sign",
    "agreement_update",
    "assessment_save",
    "case_assign",
    "case_close",
    "case_open",
    "case_reopen",
    "case_transition",
    "evaluation_record",
    "goal_create",
    "goal_remove",
    "goal_set_status",
    "goal_update",
    "plan_is_locked",
    "plan_revise",
    "plan_start",
    "plan_update",
    "review_record",
    "review_schedule",
    "step_add",
    "step_toggle",
    "sustainability_record",
]
