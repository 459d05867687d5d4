"""The client file: list, record, first contact, consent, contacts, timeline (``clients/``)."""

from __future__ import annotations

from django.urls import URLPattern, path

from . import views
from .views import contacts, intake, permits, person_link, transfer, worklist

urlpatterns: list[URLPattern] = [
    path("", views.client_list, name="client_list"),
    path("new/", views.client_create, name="client_create"),
    path("export.<str:fmt>", worklist.client_export, name="client_export"),
    path("filters/", worklist.client_filter_save, name="client_filter_save"),
    path(
        "filters/<int:filter_id>/delete/",
        worklist.client_filter_delete,
        name="client_filter_delete",
    ),
    path("bulk/", worklist.client_bulk, name="client_bulk"),
    path("bulk/confirm/", worklist.client_bulk_confirm, name="client_bulk_confirm"),
    # Transfers to another team or centre (issue #17 §3): asked in bulk, accepted by a lead.
    path("transfer/", transfer.client_transfer, name="client_transfer"),
    path("transfer/confirm/", transfer.client_transfer_confirm, name="client_transfer_confirm"),
    path("transfers/", transfer.transfers_incoming, name="transfers_incoming"),
    path("transfers/<int:transfer_id>/decide/", transfer.transfer_decide, name="transfer_decide"),
    path(
        "transfers/<int:transfer_id>/withdraw/",
        transfer.transfer_withdraw,
        name="transfer_withdraw",
    ),
    path("<int:client_id>/", views.client_detail, name="client_detail"),
    path("<int:client_id>/edit/", views.client_edit, name="client_edit"),
    path("<int:client_id>/merge/", views.client_merge, name="client_merge"),
    # Person links (DOMAIN §D16): one person's files in several services.
    path(
        "<int:client_id>/person-link/request/",
        person_link.person_link_request,
        name="client_person_link_request",
    ),
    path(
        "<int:client_id>/person-link/<int:request_id>/decide/",
        person_link.person_link_decide,
        name="client_person_link_decide",
    ),
    path(
        "<int:client_id>/person-link/<int:request_id>/withdraw/",
        person_link.person_link_withdraw,
        name="client_person_link_withdraw",
    ),
    path(
        "<int:client_id>/person-link/unlink/",
        person_link.person_link_unlink,
        name="client_person_link_unlink",
    ),
    path("waiting-list/", intake.waiting_list, name="waiting_list"),
    path("permits/expiring/", permits.permits_expiring_list, name="client_permits_expiring"),
    path("<int:client_id>/permits/", permits.client_permit_add, name="client_permit_add"),
    path(
        "<int:client_id>/waiting-list/<int:intake_id>/done/",
        intake.waiting_list_done,
        name="waiting_list_done",
    ),
    path(
        "<int:client_id>/first-contact/",
        intake.intake_create,
        name="client_intake_create",
    ),
    path(
        "<int:client_id>/eligibility/",
        intake.eligibility_check,
        name="client_eligibility_check",
    ),
    path(
        "<int:client_id>/consent/",
        intake.consent_create,
        name="client_consent_create",
    ),
    path(
        "<int:client_id>/consent/<int:consent_id>/withdraw/",
        intake.consent_withdraw_view,
        name="client_consent_withdraw",
    ),
    path(
        "<int:client_id>/documents/consent.pdf",
        intake.consent_pdf,
        name="client_consent_pdf",
    ),
    path(
        "<int:client_id>/documents/privacy.pdf",
        intake.privacy_notice_pdf,
        name="client_privacy_notice_pdf",
    ),
    path(
        "<int:client_id>/languages/",
        views.client_language_add,
        name="client_language_add",
    ),
    path(
        "<int:client_id>/languages/<int:language_id>/remove/",
        views.client_language_remove,
        name="client_language_remove",
    ),
    path(
        "<int:client_id>/household/",
        views.household_add,
        name="client_household_add",
    ),
    path(
        "<int:client_id>/household/<int:member_id>/remove/",
        views.household_remove,
        name="client_household_remove",
    ),
    path("<int:client_id>/contacts/", contacts.client_contacts, name="client_contacts"),
    path(
        "<int:client_id>/contacts/new/",
        contacts.client_contact_create,
        name="client_contact_create",
    ),
    path(
        "<int:client_id>/contacts/<int:contact_id>/edit/",
        contacts.client_contact_edit,
        name="client_contact_edit",
    ),
    path(
        "<int:client_id>/contacts/<int:contact_id>/follow-up-done/",
        contacts.client_contact_follow_up_done,
        name="client_contact_follow_up_done",
    ),
    path("<int:client_id>/timeline/", contacts.client_timeline, name="client_timeline"),
]
