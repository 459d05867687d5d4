"""Letters (issue #17 §2), mounted at ``letters/``; names start ``letters_``."""

from __future__ import annotations

from django.urls import URLPattern, path

from . import views

urlpatterns: list[URLPattern] = [
    path("templates/", views.template_list, name="letters_template_list"),
    path("templates/install/", views.install_defaults, name="letters_install_defaults"),
    path("templates/new/", views.template_create, name="letters_template_create"),
    path("templates/<int:template_id>/", views.template_detail, name="letters_template_detail"),
    path(
        "templates/<int:template_id>/upload/",
        views.version_upload,
        name="letters_version_upload",
    ),
    path(
        "versions/<int:version_id>/preview/", views.version_preview, name="letters_version_preview"
    ),
    path("client/<int:client_id>/", views.client_letter, name="letters_client_letter"),
    path("mass/", views.mass_letter, name="letters_mass"),
    path("mass/<int:run_id>/", views.mass_run, name="letters_mass_run"),
    path("mass/<int:run_id>/progress/", views.mass_progress, name="letters_mass_progress"),
    path("mass/<int:run_id>/download/", views.mass_download, name="letters_mass_download"),
    path(
        "mass/<int:run_id>/delete-file/",
        views.mass_output_delete,
        name="letters_mass_output_delete",
    ),
]
