"""Client documents (issue #17 §1), mounted at ``client-documents/``; names start ``clientdoc_``."""

from __future__ import annotations

from django.urls import URLPattern, path

from . import views

urlpatterns: list[URLPattern] = [
    path("client/<int:client_id>/", views.document_list, name="clientdoc_list"),
    path("client/<int:client_id>/upload/", views.document_upload, name="clientdoc_upload"),
    path("client/<int:client_id>/archive.zip", views.document_archive, name="clientdoc_archive"),
    path("<int:document_id>/", views.document_detail, name="clientdoc_detail"),
    path("<int:document_id>/download/", views.document_download, name="clientdoc_download"),
    path("<int:document_id>/preview.png", views.document_preview, name="clientdoc_preview"),
    path("<int:document_id>/delete/", views.document_delete, name="clientdoc_delete"),
]
