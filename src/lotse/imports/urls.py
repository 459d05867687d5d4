from __future__ import annotations

from django.urls import URLPattern, path

from . import views

urlpatterns: list[URLPattern] = [
    path("", views.import_upload, name="import_upload"),
    path("template.xlsx", views.import_template, name="import_template"),
    path("<int:run_id>/", views.import_run, name="import_run"),
    path("<int:run_id>/progress/", views.import_progress, name="import_progress"),
    path("<int:run_id>/mapping/", views.import_remap, name="import_remap"),
    path("<int:run_id>/start/", views.import_confirm, name="import_confirm"),
    path("<int:run_id>/undo/", views.import_undo, name="import_undo"),
]
