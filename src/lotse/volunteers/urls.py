"""Volunteers, training, partners, matching, partnerships, group evenings, JMD offers (issue #8).

Included under ``volunteers/``; every name is declared in ``access_policy.py``.
"""

from __future__ import annotations

from django.urls import URLPattern, path

from .views import figures, groups, partners, partnerships, training, volunteers

urlpatterns: list[URLPattern] = [
    path("", volunteers.volunteer_list, name="volunteer_list"),
    path("new/", volunteers.volunteer_create, name="volunteer_create"),
    path("districts/", volunteers.volunteer_districts, name="volunteer_districts"),
    path("figures/", figures.volunteer_figures_view, name="volunteer_figures"),
    path("<int:volunteer_id>/", volunteers.volunteer_detail, name="volunteer_detail"),
    path("<int:volunteer_id>/edit/", volunteers.volunteer_edit, name="volunteer_edit"),
    path("<int:volunteer_id>/status/", volunteers.volunteer_status, name="volunteer_status"),
    path(
        "<int:volunteer_id>/documents/new/",
        volunteers.volunteer_document_add,
        name="volunteer_document_add",
    ),
    path(
        "<int:volunteer_id>/certificate.pdf",
        training.training_certificate,
        name="training_certificate",
    ),
    path("training/", training.training_overview, name="training_overview"),
    path(
        "training/sessions/new/", training.training_session_create, name="training_session_create"
    ),
    path(
        "training/sessions/<int:session_id>/",
        training.training_session_detail,
        name="training_session_detail",
    ),
    path("partners/", partners.partner_list, name="partner_list"),
    path("partners/new/", partners.partner_create, name="partner_create"),
    path("partners/<int:partner_id>/", partners.partner_detail, name="partner_detail"),
    path("partners/<int:partner_id>/edit/", partners.partner_edit, name="partner_edit"),
    path(
        "partners/<int:partner_id>/suggestions/",
        partners.matching_suggestions,
        name="matching_suggestions",
    ),
    path(
        "partners/<int:partner_id>/suggestions/confirm/",
        partners.matching_confirm,
        name="matching_confirm",
    ),
    path(
        "clients/<int:client_id>/", partners.partnership_client_tab, name="partnership_client_tab"
    ),
    path("clients/<int:client_id>/refer/", partners.partner_refer, name="partner_refer"),
    path("partnerships/", partnerships.partnership_list, name="partnership_list"),
    path(
        "partnerships/<int:partnership_id>/",
        partnerships.partnership_detail,
        name="partnership_detail",
    ),
    path(
        "partnerships/<int:partnership_id>/status/",
        partnerships.partnership_transition,
        name="partnership_transition",
    ),
    path(
        "partnerships/<int:partnership_id>/meetings/new/",
        partnerships.partnership_meeting_add,
        name="partnership_meeting_add",
    ),
    path("evenings/", groups.group_evening_list, name="group_evening_list"),
    path("evenings/new/", groups.group_evening_create, name="group_evening_create"),
    path("evenings/<int:evening_id>/", groups.group_evening_detail, name="group_evening_detail"),
    path("jmd/offers/", groups.jmd_offer_list, name="jmd_offer_list"),
    path("jmd/offers/new/", groups.jmd_offer_create, name="jmd_offer_create"),
    path("jmd/offers/<int:offer_id>/", groups.jmd_offer_detail, name="jmd_offer_detail"),
    path("jmd/offers/<int:offer_id>/dates/", groups.jmd_offer_date_add, name="jmd_offer_date_add"),
    path(
        "jmd/offers/<int:offer_id>/participants/",
        groups.jmd_offer_participant_add,
        name="jmd_offer_participant_add",
    ),
]
