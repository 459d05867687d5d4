"""The printable flyer of a centre (DOMAIN §D14), generated from its data, as PDF in any of
the eight public languages: target group, offers (services), languages spoken, office hours,
contact."""

from __future__ import annotations

from typing import Any

from lotse.documents.letterhead import letterhead_context
from lotse.documents.rendering import render_pdf

from .languages import display_name
from .selectors import CentreCard
from .texts import OFFERS, PROMISES, TARGET_GROUPS, service_name

FLYER_TEMPLATE = "public/documents/flyer.html"


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


def flyer_pdf(*, card: CentreCard, language: str, page_url: str) -> bytes:
    # The context holds lazy translations: render_pdf evaluates them in ``language``. The
    # language names and weekday labels are computed here, so compute them in it too.
    from django.utils import translation

    with translation.override(language):
        context = flyer_context(card=card, language=language, page_url=page_url)
        context["hours"] = [{"label": str(row.label), "periods": row.periods} for row in card.hours]
    return render_pdf(template=FLYER_TEMPLATE, context=context, language=language)
