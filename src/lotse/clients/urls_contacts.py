"""Counselling contacts and the timeline of a client file (included under ``clients/``)."""

from __future__ import annotations

from django.urls import URLPattern, path

from . import views_contacts as views

urlpatterns: list[URLPattern] = [
    path("<int:client_id>/contacts/", views.client_contacts, name="client_contacts"),
    path(
        "<int:client_id>/contacts/new/",
        views.client_contact_create,
        name="client_contact_create",
    ),
    path(
        "<int:client_id>/contacts/<int:contact_id>/edit/",
        views.client_contact_edit,
        name="client_contact_edit",
    ),
    path(
        "<int:client_id>/contacts/<int:contact_id>/follow-up-done/",
        views.client_contact_follow_up_done,
        name="client_contact_follow_up_done",
    ),
    path("<int:client_id>/timeline/", views.client_timeline, name="client_timeline"),
]
