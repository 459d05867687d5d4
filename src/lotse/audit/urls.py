"""The audit trail for the data-protection officer (under ``data-protection/audit/``)."""

from __future__ import annotations

from django.urls import URLPattern, path

from . import views

urlpatterns: list[URLPattern] = [
    path("", views.audit_trail, name="audit_trail"),
    path("verify/", views.audit_verify, name="audit_verify"),
]
