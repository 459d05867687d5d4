from __future__ import annotations

from django.urls import include, path
from django.views.i18n import set_language

from lotse.public import urls as public_urls

# Each app owns its URLs. Every pattern must have an entry in lotse/access_policy.py; the
# access matrix test fails for any that does not.
urlpatterns = [
    path("", include("lotse.accounts.urls")),
    path("clients/", include("lotse.clients.urls")),
    path("data-protection/audit/", include("lotse.audit.urls")),
    path("cases/", include("lotse.cases.urls")),
    path("client-documents/", include("lotse.clientdocs.urls")),
    path("letters/", include("lotse.letters.urls")),
    path("office/", include("lotse.office.urls")),
    path("messages/", include("lotse.messaging.urls")),
    path("network/", include("lotse.network.urls")),
    path("courses/", include("lotse.courses.urls")),
    path("volunteers/", include("lotse.volunteers.urls")),
    path("appointments/", include("lotse.appointments.urls")),
    path("statistics/", include("lotse.stats.urls")),
    path("public/", include("lotse.public.urls")),
    path("", include(public_urls.admin_urlpatterns)),
    path("", include("lotse.privacy.urls")),
    path("", include("lotse.jobs.urls")),
    path("imports/", include("lotse.imports.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("accounts/", include("allauth.urls")),
]

handler400 = "lotse.common.views.bad_request"
handler403 = "lotse.common.views.permission_denied"
handler404 = "lotse.common.views.page_not_found"
handler500 = "lotse.common.views.server_error"
