from __future__ import annotations

from django.urls import URLPattern, path

from . import views

urlpatterns: list[URLPattern] = [
    path("", views.appointment_list, name="appointment_list"),
    path("calendar.ics", views.appointment_calendar_ics, name="appointment_calendar_ics"),
    path("<int:appointment_id>/", views.appointment_detail, name="appointment_detail"),
    path("<int:appointment_id>/status/", views.appointment_status, name="appointment_status"),
    path("<int:appointment_id>/letter.pdf", views.appointment_letter, name="appointment_letter"),
    path("<int:appointment_id>/appointment.ics", views.appointment_ics, name="appointment_ics"),
    path("requests/", views.request_list, name="appointment_request_list"),
    path("requests/<int:request_id>/", views.request_detail, name="appointment_request_detail"),
    path(
        "requests/<int:request_id>/status/",
        views.request_status,
        name="appointment_request_status",
    ),
    path("requests/<int:request_id>/book/", views.request_book, name="appointment_request_book"),
    path("clients/<int:client_id>/", views.appointment_client_list, name="appointment_client_list"),
    path(
        "clients/<int:client_id>/book/",
        views.appointment_client_book,
        name="appointment_client_book",
    ),
    path("capacity/", views.capacity_overview, name="capacity_overview"),
    path("office-hours/", views.office_hours_list, name="office_hours_list"),
    path("office-hours/<int:centre_id>/edit/", views.office_hours_edit, name="office_hours_edit"),
]
