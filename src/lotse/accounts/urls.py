"""Start page, dashboard and the administration of users and roles (at the site root)."""

from __future__ import annotations

from django.urls import URLPattern, path

from . import views

urlpatterns: list[URLPattern] = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("administration/users/", views.user_list, name="user_list"),
    path("administration/users/new/", views.user_create, name="user_create"),
    path("administration/users/<int:user_id>/roles/", views.user_roles, name="user_roles"),
    path(
        "administration/memberships/<int:membership_id>/revoke/",
        views.membership_revoke,
        name="membership_revoke",
    ),
    path("administration/role-grants/", views.role_grant_list, name="role_grant_list"),
    path(
        "administration/role-grants/<int:grant_id>/confirm/",
        views.role_grant_confirm,
        name="role_grant_confirm",
    ),
    path(
        "administration/role-grants/<int:grant_id>/refuse/",
        views.role_grant_refuse,
        name="role_grant_refuse",
    ),
    path(
        "administration/role-grants/<int:grant_id>/withdraw/",
        views.role_grant_withdraw,
        name="role_grant_withdraw",
    ),
]
