from __future__ import annotations

from django.urls import URLPattern, path

from . import views

urlpatterns: list[URLPattern] = [
    path("administration/jobs/", views.job_list, name="job_list"),
    path("administration/jobs/<uuid:task_id>/retry/", views.job_retry, name="job_retry"),
]
