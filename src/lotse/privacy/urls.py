from __future__ import annotations

from django.urls import path

from . import views

urlpatterns = [
    path("data-protection/retention/", views.retention_overview, name="privacy_retention"),
    path("data-protection/retention/run/", views.retention_execute, name="privacy_retention_run"),
    path("data-protection/erasure/", views.erasure, name="privacy_erasure"),
    path("data-protection/erasure/run/", views.erasure_execute, name="privacy_erasure_run"),
    path("data-protection/legal-hold/", views.legal_hold, name="privacy_legal_hold"),
    path(
        "clients/<int:client_id>/subject-access/",
        views.subject_access,
        name="client_subject_access",
    ),
    path(
        "clients/<int:client_id>/subject-access.json",
        views.subject_access_json,
        name="client_subject_access_json",
    ),
    path(
        "clients/<int:client_id>/subject-access.pdf",
        views.subject_access_pdf_view,
        name="client_subject_access_pdf",
    ),
    path("clients/<int:client_id>/close/", views.file_close, name="client_file_close"),
]
