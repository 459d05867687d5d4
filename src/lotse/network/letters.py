"""The referral letter for the client (PDF in the client's document language)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.translation import pgettext_lazy

from lotse.clients.models import Client
from lotse.documents.letterhead import letterhead_context
from lotse.documents.rendering import render_pdf

from .choices import DataItem
from .models import Referral

LETTER_TEMPLATE = "network/documents/referral_letter.html"

# What the client reads about the data passed on (document language, not UI language).
LETTER_DATA_ITEMS = {
    DataItem.CONTACT: pgettext_lazy("client document", "your name and how to reach you"),
    DataItem.RESIDENCE: pgettext_lazy("client document", "your residence status"),
    DataItem.LANGUAGE_COURSE: pgettext_lazy(
        "client document", "your language skills and your integration course"
    ),
    DataItem.CONCERN: pgettext_lazy("client document", "your concern and what we have done so far"),
    DataItem.DOCUMENTS: pgettext_lazy("client document", "copies of your documents"),
}


def letter_context(
    *, referral: Referral, client: Client, counsellor_name: str, on: date
) -> dict[str, Any]:
    centre = client.team.service.centre
    partner = referral.partner
    contact = partner.contacts.order_by("name").first()
    return {
        "centre": letterhead_context(centre),
        "client": {
            "display_name": client.display_name,
            "file_number": client.file_number,
            "birth_date": None,
        },
        "counsellor_name": counsellor_name,
        "date": on,
        "partner": {
            "name": partner.name,
            "address": "\n".join(partner.address_lines),
            "phone": partner.phone,
            "email": partner.email,
            "website": partner.website,
            "opening_hours": partner.opening_hours,
            "contact": (
                {"name": contact.name, "phone": contact.phone} if contact is not None else None
            ),
        },
        "data_passed": [
            text for item, text in LETTER_DATA_ITEMS.items() if item in referral.data_items
        ],
        "feedback_by": referral.expected_feedback_on,
    }


def referral_letter_pdf(*, context: dict[str, Any], language: str) -> bytes:
    return render_pdf(template=LETTER_TEMPLATE, context=context, language=language)
