"""The printable flyer of a centre (DOMAIN §D14), generated from its data, as PDF in any of
the eight public languages: target group, offers (services), languages spoken, office hours,
contact.

The PDF is cached (the "derived" cache, in each process's memory) per centre, language and a
digest of everything that goes into it, the template's source included: anonymous visitors
cannot make the server render it again and again, and any change to the centre's data or the
template gives a new flyer.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.core.cache import caches
from django.template.loader import get_template
from django.utils import translation

from lotse.documents.letterhead import letterhead_context
from lotse.documents.rendering import render_pdf

from .languages import display_name
from .selectors import CentreCard
from .texts import OFFERS, PROMISES, TARGET_GROUPS, service_name

FLYER_TEMPLATE = "public/documents/flyer.html"
CACHE_SECONDS = 24 * 3600


def flyer_context(*, card: CentreCard, language: str, page_url: str) -> dict[str, Any]:
    centre = card.centre
    return {
        "centre": letterhead_context(centre),
        "services": [
            {"name": service_name(kind), "target_group": TARGET_GROUPS.get(kind, "")}
            for kind in card.services
        ],
        "offers": list(OFFERS),
        "promises": list(PROMISES),
        "languages": [display_name(code, language) for code in card.languages],
        "hours": card.hours,
        "page_url": page_url,
    }


def _cache_key(centre_id: int, language: str, context: dict[str, Any]) -> str:
    compiled = getattr(get_template(FLYER_TEMPLATE), "template", None)
    source = getattr(compiled, "source", FLYER_TEMPLATE)
    content = json.dumps(context, default=str, sort_keys=True, ensure_ascii=False)
    digest = hashlib.sha256(f"{source}\x00{content}".encode()).hexdigest()[:32]
    return f"public-flyer:{centre_id}:{language}:{digest}"


def flyer_pdf(*, card: CentreCard, language: str, page_url: str) -> bytes:
    # The context holds lazy translations: render_pdf evaluates them in ``language``. The
    # language names and weekday labels are computed here, so compute them in it too.
    with translation.override(language):
        context = flyer_context(card=card, language=language, page_url=page_url)
        context["hours"] = [{"label": str(row.label), "periods": row.periods} for row in card.hours]
        key = _cache_key(card.centre.pk, language, context)
    cached = caches["derived"].get(key)
    if isinstance(cached, bytes):
        return cached
    pdf = render_pdf(template=FLYER_TEMPLATE, context=context, language=language)
    caches["derived"].set(key, pdf, CACHE_SECONDS)
    return pdf
