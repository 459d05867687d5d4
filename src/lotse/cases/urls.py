"""Case management (issue #4), mounted at ``cases/``. Every name starts with ``case_``."""

from __future__ import annotations

from django.urls import URLPattern, path

from .views import (
    agreement,
    assessment,
    bulk,
    case,
    lists,
    plan,
    review,
    worklist,
    worklist_actions,
)

urlpatterns: list[URLPattern] = [
    path("", worklist.case_list, name="case_list"),
    path("export.<str:fmt>", worklist.case_export, name="case_export"),
    path("client/<int:client_id>/", case.case_overview, name="case_overview"),
    # Bulk close from the working list (issue #17 §3).
    path("bulk-close/", bulk.case_bulk_close, name="case_bulk_close"),
    path("bulk-close/run/", bulk.case_bulk_close_run, name="case_bulk_close_run"),
    # Saved filters and bulk actions of the case list (issue #17 §3).
    path("filters/save/", worklist_actions.case_filter_save, name="case_filter_save"),
    path("filters/<int:filter_id>/", worklist_actions.case_filter_apply, name="case_filter_apply"),
    path(
        "filters/<int:filter_id>/delete/",
        worklist_actions.case_filter_delete,
        name="case_filter_delete",
    ),
    path("bulk/", worklist_actions.case_bulk, name="case_bulk"),
    path("bulk/reassign/", worklist_actions.case_bulk_reassign, name="case_bulk_reassign"),
    path("client/<int:client_id>/open/", case.case_open, name="case_open"),
    path("<int:case_id>/phase/", case.case_transition, name="case_transition"),
    path("<int:case_id>/close/", case.case_close, name="case_close"),
    path("<int:case_id>/reopen/", case.case_reopen, name="case_reopen"),
    path("<int:case_id>/assessment/", assessment.case_assessment, name="case_assessment"),
    path("<int:case_id>/plan/", plan.case_plan, name="case_plan"),
    path("<int:case_id>/plan/edit/", plan.case_plan_edit, name="case_plan_edit"),
    path("<int:case_id>/goals/new/", plan.case_goal_create, name="case_goal_create"),
    path("<int:case_id>/goals/<int:goal_id>/edit/", plan.case_goal_edit, name="case_goal_edit"),
    path(
        "<int:case_id>/goals/<int:goal_id>/remove/", plan.case_goal_remove, name="case_goal_remove"
    ),
    path(
        "<int:case_id>/goals/<int:goal_id>/status/", plan.case_goal_status, name="case_goal_status"
    ),
    path("<int:case_id>/goals/<int:goal_id>/steps/", plan.case_step_add, name="case_step_add"),
    path(
        "<int:case_id>/steps/<int:step_id>/toggle/", plan.case_step_toggle, name="case_step_toggle"
    ),
    path("<int:case_id>/agreement/", agreement.case_agreement, name="case_agreement"),
    path(
        "<int:case_id>/agreement/new/",
        agreement.case_agreement_create,
        name="case_agreement_create",
    ),
    path(
        "<int:case_id>/agreement/<int:agreement_id>/edit/",
        agreement.case_agreement_edit,
        name="case_agreement_edit",
    ),
    path(
        "<int:case_id>/agreement/<int:agreement_id>/pdf/",
        agreement.case_agreement_pdf,
        name="case_agreement_pdf",
    ),
    path(
        "<int:case_id>/agreement/<int:agreement_id>/signed/",
        agreement.case_agreement_sign,
        name="case_agreement_sign",
    ),
    path("<int:case_id>/reviews/", review.case_reviews, name="case_reviews"),
    path(
        "<int:case_id>/reviews/schedule/", review.case_review_schedule, name="case_review_schedule"
    ),
    path(
        "<int:case_id>/reviews/<int:review_id>/",
        review.case_review_record,
        name="case_review_record",
    ),
    path("<int:case_id>/evaluation/", review.case_evaluation, name="case_evaluation"),
    path("<int:case_id>/sustainability/", review.case_sustainability, name="case_sustainability"),
    path("reviews/", lists.case_review_list, name="case_review_list"),
    path("limits/", lists.case_limit_list, name="case_limit_list"),
]
