"""Messages to clients (issue #18 §2), mounted at ``messages/``; names start ``messaging_``."""

from __future__ import annotations

from django.urls import URLPattern, path

from . import views
from .views import callback, centres

urlpatterns: list[URLPattern] = [
    path("sent/", views.sent_messages, name="messaging_sent"),
    path("client/<int:client_id>/", views.client_messages_panel, name="messaging_client"),
    path(
        "client/<int:client_id>/preference/",
        views.preference_save,
        name="messaging_preference",
    ),
    path("sms-status/", callback.sms_status, name="messaging_sms_status"),
    path("centres/", centres.centre_settings, name="messaging_centres"),
]
