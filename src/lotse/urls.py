from __future__ import annotations

from django.urls import include, path
from django.views.i18n import set_language

from lotse.accounts import views as account_views
from lotse.audit import views as audit_views
from lotse.clients import views as client_views
from lotse.clients import views_intake as intake_views

# Every pattern here must have an entry in lotse/access_policy.py; the access matrix test
# fails for any that does not.
urlpatterns = [
    path("", account_views.home, name="home"),
    path("dashboard/", account_views.dashboard, name="dashboard"),
    path("clients/", client_views.client_list, name="client_list"),
    path("clients/new/", client_views.client_create, name="client_create"),
    path("clients/<int:client_id>/", client_views.client_detail, name="client_detail"),
    path("clients/<int:client_id>/edit/", client_views.client_edit, name="client_edit"),
    path("clients/<int:client_id>/merge/", client_views.client_merge, name="client_merge"),
    path("clients/waiting-list/", intake_views.waiting_list, name="waiting_list"),
    path(
        "clients/<int:client_id>/waiting-list/<int:intake_id>/done/",
        intake_views.waiting_list_done,
        name="waiting_list_done",
    ),
    path(
        "clients/<int:client_id>/first-contact/",
        intake_views.intake_create,
        name="client_intake_create",
    ),
    path(
        "clients/<int:client_id>/eligibility/",
        intake_views.eligibility_check,
        name="client_eligibility_check",
    ),
    path(
        "clients/<int:client_id>/consent/",
        intake_views.consent_create,
        name="client_consent_create",
    ),
    path(
        "clients/<int:client_id>/consent/<int:consent_id>/withdraw/",
        intake_views.consent_withdraw_view,
        name="client_consent_withdraw",
    ),
    path(
        "clients/<int:client_id>/documents/consent.pdf",
        intake_views.consent_pdf,
        name="client_consent_pdf",
    ),
    path(
        "clients/<int:client_id>/documents/privacy.pdf",
        intake_views.privacy_notice_pdf,
        name="client_privacy_notice_pdf",
    ),
    path(
        "clients/<int:client_id>/languages/",
        client_views.client_language_add,
        name="client_language_add",
    ),
    path(
        "clients/<int:client_id>/languages/<int:language_id>/remove/",
        client_views.client_language_remove,
        name="client_language_remove",
    ),
    path(
        "clients/<int:client_id>/household/",
        client_views.household_add,
        name="client_household_add",
    ),
    path(
        "clients/<int:client_id>/household/<int:member_id>/remove/",
        client_views.household_remove,
        name="client_household_remove",
    ),
    path("data-protection/audit/", audit_views.audit_trail, name="audit_trail"),
    path("data-protection/audit/verify/", audit_views.audit_verify, name="audit_verify"),
    path("administration/users/", account_views.user_list, name="user_list"),
    path("administration/users/new/", account_views.user_create, name="user_create"),
    path("administration/users/<int:user_id>/roles/", account_views.user_roles, name="user_roles"),
    path(
        "administration/memberships/<int:membership_id>/revoke/",
        account_views.membership_revoke,
        name="membership_revoke",
    ),
    path("clients/", include("lotse.clients.urls_contacts")),
    path("cases/", include("lotse.cases.urls")),
    path("network/", include("lotse.network.urls")),
    path("courses/", include("lotse.courses.urls")),
    path("volunteers/", include("lotse.volunteers.urls")),
    path("appointments/", include("lotse.appointments.urls")),
    path("statistics/", include("lotse.stats.urls")),
    path("public/", include("lotse.public.urls")),
    path("", include("lotse.privacy.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("accounts/", include("allauth.urls")),
]

handler400 = "lotse.common.views.bad_request"
handler403 = "lotse.common.views.permission_denied"
handler404 = "lotse.common.views.page_not_found"
handler500 = "lotse.common.views.server_error"
