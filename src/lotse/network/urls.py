from __future__ import annotations

from django.urls import URLPattern, path

from . import views
from .views import overview as views_overview
from .views import projects as views_projects
from .views import referrals as views_referrals

urlpatterns: list[URLPattern] = [
    path("partners/", views.partner_list, name="network_partner_list"),
    path("partners/new/", views.partner_create, name="network_partner_create"),
    path("partners/<int:partner_id>/", views.partner_detail, name="network_partner_detail"),
    path("partners/<int:partner_id>/edit/", views.partner_edit, name="network_partner_edit"),
    path(
        "partners/<int:partner_id>/contacts/new/",
        views.partner_contact_add,
        name="network_contact_add",
    ),
    path(
        "contacts/<int:contact_id>/delete/",
        views.partner_contact_delete,
        name="network_contact_delete",
    ),
    path(
        "partners/<int:partner_id>/agreements/new/",
        views.agreement_create,
        name="network_agreement_create",
    ),
    path("agreements/", views.agreement_list, name="network_agreement_list"),
    path(
        "agreements/<int:agreement_id>/edit/",
        views.agreement_edit,
        name="network_agreement_edit",
    ),
    path(
        "agreements/<int:agreement_id>/document/",
        views.agreement_document,
        name="network_agreement_document",
    ),
    path("coverage/", views_overview.coverage, name="network_coverage"),
    path("projects/", views_projects.project_list, name="project_list"),
    path("projects/new/", views_projects.project_create, name="project_create"),
    path("projects/<int:project_id>/", views_projects.project_detail, name="project_detail"),
    path("projects/<int:project_id>/edit/", views_projects.project_edit, name="project_edit"),
    path(
        "projects/<int:project_id>/goals/new/",
        views_projects.project_goal_add,
        name="project_goal_add",
    ),
    path(
        "project-goals/<int:goal_id>/status/",
        views_projects.project_goal_status,
        name="project_goal_status",
    ),
    path("districts/", views_projects.district_needs, name="district_needs"),
    path("districts/new/", views_projects.district_need_create, name="district_need_create"),
    path(
        "districts/<int:need_id>/edit/",
        views_projects.district_need_edit,
        name="district_need_edit",
    ),
    path("indicators/", views_overview.indicators, name="network_indicators"),
    path("activities/", views_overview.activity_list, name="activity_list"),
    path("activities/new/", views_overview.activity_create, name="activity_create"),
    path(
        "activities/<int:activity_id>/edit/",
        views_overview.activity_edit,
        name="activity_edit",
    ),
    path("referrals/overdue/", views_referrals.referral_overdue, name="referral_overdue"),
    path(
        "clients/<int:client_id>/referrals/",
        views_referrals.referral_list,
        name="referral_list",
    ),
    path(
        "clients/<int:client_id>/referrals/new/",
        views_referrals.referral_create,
        name="referral_create",
    ),
    path(
        "clients/<int:client_id>/referrals/incoming/",
        views_referrals.referral_incoming,
        name="referral_incoming",
    ),
    path(
        "clients/<int:client_id>/referrals/<int:referral_id>/outcome/",
        views_referrals.referral_outcome,
        name="referral_outcome",
    ),
    path(
        "clients/<int:client_id>/referrals/<int:referral_id>/letter/",
        views_referrals.referral_letter,
        name="referral_letter",
    ),
]
