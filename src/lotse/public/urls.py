from __future__ import annotations

from django.urls import URLPattern, path, register_converter

from . import views
from .languages import PUBLIC_LANGUAGES


class PublicLanguageConverter:
    regex = "|".join(PUBLIC_LANGUAGES)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        if value not in PUBLIC_LANGUAGES:
            raise ValueError(value)
        return value


register_converter(PublicLanguageConverter, "publiclang")

urlpatterns: list[URLPattern] = [
    path("", views.start, name="public_start"),
    path("<publiclang:lang>/", views.centre_list, name="public_centre_list"),
    path(
        "<publiclang:lang>/centres/<int:centre_id>/",
        views.centre_detail,
        name="public_centre_detail",
    ),
    path(
        "<publiclang:lang>/centres/<int:centre_id>/flyer.pdf",
        views.centre_flyer,
        name="public_centre_flyer",
    ),
    path("<publiclang:lang>/which-service/", views.service_check, name="public_service_check"),
    path("<publiclang:lang>/request/", views.request_form, name="public_request"),
    path("<publiclang:lang>/request/sent/", views.request_sent, name="public_request_sent"),
]
