from __future__ import annotations

from django.urls import URLPattern, path, register_converter

from . import views
from .languages import PUBLIC_LANGUAGES
from .views import legal


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
    path(
        "<publiclang:lang>/imprint/", legal.legal_text, {"kind": "imprint"}, name="public_imprint"
    ),
    path(
        "<publiclang:lang>/privacy/", legal.legal_text, {"kind": "privacy"}, name="public_privacy"
    ),
]

# The administrator's page for the texts above (mounted under administration/ in lotse.urls).
admin_urlpatterns: list[URLPattern] = [
    path("administration/public-texts/", legal.legal_texts, name="legal_texts"),
    path(
        "administration/public-texts/<int:provider_id>/",
        legal.legal_texts_edit,
        name="legal_texts_edit",
    ),
]
