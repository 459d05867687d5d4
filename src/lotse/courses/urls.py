from __future__ import annotations

from django.urls import URLPattern, path

from . import views
from .views import client as views_client

urlpatterns: list[URLPattern] = [
    path("", views.course_list, name="course_list"),
    path("new/", views.course_create, name="course_create"),
    path("<int:course_id>/", views.course_detail, name="course_detail"),
    path("<int:course_id>/edit/", views.course_edit, name="course_edit"),
    path("providers/<int:partner_id>/at-risk/", views.course_at_risk, name="course_at_risk"),
    path("clients/<int:client_id>/", views_client.course_client_tab, name="course_client_tab"),
    path(
        "clients/<int:client_id>/new/",
        views_client.participation_create,
        name="course_participation_create",
    ),
    path(
        "clients/<int:client_id>/participations/<int:participation_id>/edit/",
        views_client.participation_edit,
        name="course_participation_edit",
    ),
    path(
        "clients/<int:client_id>/participations/<int:participation_id>/risk/",
        views_client.participation_risk,
        name="course_participation_risk",
    ),
    path(
        "clients/<int:client_id>/participations/<int:participation_id>/attendance/",
        views_client.attendance_add,
        name="course_attendance_add",
    ),
]
