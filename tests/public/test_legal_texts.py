"""Imprint and privacy notice: the administrator writes them, the public pages show them
(issue #19 §2), linked from every public page's footer."""

from __future__ import annotations

import re

from django.urls import reverse

from lotse.audit.models import AuditEntry
from lotse.organisation.models import Provider


def _edit_url(org) -> str:
    return reverse("legal_texts_edit", kwargs={"provider_id": org.provider.pk})


def _loaded(http, org) -> str:
    page = http.get(_edit_url(org)).content.decode()
    match = re.search(r'name="loaded" value="([0-9a-f]{64})"', page)
    assert match, "the form carries what it was loaded with"
    return match.group(1)


def test_the_administrators_texts_appear_on_the_public_pages(org, as_persona) -> None:
    http = as_persona("admin")
    imprint = "Testträger e.V.\nMusterstraße 1\n<script>alert(1)</script>"
    response = http.post(
        _edit_url(org),
        {"loaded": _loaded(http, org), "imprint": imprint, "privacy_notice": "Verantwortlich: X"},
    )
    assert response.status_code == 302
    provider = Provider.objects.get(pk=org.provider.pk)
    assert provider.imprint == imprint
    assert AuditEntry.objects.filter(
        object_type__icontains="provider", object_id=str(provider.pk)
    ).exists()

    page = as_persona("anonymous").get(reverse("public_imprint", kwargs={"lang": "de"}))
    html = page.content.decode()
    assert "Musterstraße 1" in html and "<br>" in html
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    privacy = as_persona("anonymous").get(reverse("public_privacy", kwargs={"lang": "ar"}))
    text = privacy.content.decode()
    assert "Verantwortlich: X" in text
    # The page speaks Arabic, the provider's German text keeps its own direction.
    assert 'dir="rtl"' in text and 'lang="de" dir="ltr"' in text
    assert "معلومات حماية البيانات" in text


def test_without_a_text_the_page_says_so_and_every_public_page_links_both(org, db) -> None:
    from django.test import Client

    http = Client()
    page = http.get(reverse("public_imprint", kwargs={"lang": "tr"})).content.decode()
    assert 'data-testid="legal-missing"' in page
    start = http.get(reverse("public_centre_list", kwargs={"lang": "de"})).content.decode()
    assert reverse("public_imprint", kwargs={"lang": "de"}) in start
    assert reverse("public_privacy", kwargs={"lang": "de"}) in start


def test_only_the_administrator_may_change_them(org, as_persona) -> None:
    before = Provider.objects.get(pk=org.provider.pk).imprint
    for persona in ("counsellor", "team_lead", "dpo"):
        response = as_persona(persona).post(
            _edit_url(org), {"loaded": "x" * 64, "imprint": "gehackt", "privacy_notice": ""}
        )
        assert response.status_code == 403, persona
    anonymous = as_persona("anonymous").post(_edit_url(org), {"imprint": "gehackt"})
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]
    assert Provider.objects.get(pk=org.provider.pk).imprint == before


def test_a_concurrent_change_is_refused_and_the_typed_text_kept(org, as_persona) -> None:
    http = as_persona("admin")
    loaded = _loaded(http, org)
    Provider.objects.filter(pk=org.provider.pk).update(imprint="Neuer Text von jemand anderem")
    response = http.post(
        _edit_url(org), {"loaded": loaded, "imprint": "Mein Entwurf", "privacy_notice": ""}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Mein Entwurf" in html and "Jemand anderes hat diese Texte geändert" in html
    assert Provider.objects.get(pk=org.provider.pk).imprint == "Neuer Text von jemand anderem"
