from __future__ import annotations

from django.urls import URLPattern, path

from . import views
from .views import overview as views_overview
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
