"""Tasks and flags (issue #17 §5), mounted at ``office/``; names start ``office_``."""

from __future__ import annotations

from django.urls import URLPattern, path

from . import views

urlpatterns: list[URLPattern] = [
    path("tasks/", views.task_list, name="office_tasks"),
    path("tasks/<int:task_id>/done/", views.task_done, name="office_task_done"),
    path("client/<int:client_id>/flags/", views.flags_block, name="office_flags"),
    path("client/<int:client_id>/flags/set/", views.flag_set, name="office_flag_set"),
    path(
        "client/<int:client_id>/flags/<int:flag_id>/clear/",
        views.flag_clear,
        name="office_flag_clear",
    ),
    path("client/<int:client_id>/tasks/", views.client_tasks_panel, name="office_client_tasks"),
    path("client/<int:client_id>/tasks/add/", views.client_task_add, name="office_client_task_add"),
]
