"""The letterhead: who sends a document and how to reach them, the same on every document.

Every letter and client document (consent form, data-protection sheet, integration agreement,
referral and appointment letters, grant letter, training certificate) draws its sender block
with ``documents/_letterhead.html``, whose look is ``documents/letterhead.css``. What that
include shows comes from ``letterhead_context`` alone; templates call it through the
``letterhead`` filter of ``client_documents``::

    {% include "documents/_letterhead.html" with letterhead=centre|letterhead %}

The Python side builds a document's ``centre`` with it as well (the flyer's contact box
included), so that no document spells out a centre's contact data on its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lotse.organisation.models import Centre

# The centre's data a document context carries (the ``centre`` of the client documents).
CENTRE_FIELDS = (
    "name",
    "provider_name",
    "street",
    "postal_code",
    "city",
    "phone",
    "email",
    "office_hours",
)


def letterhead_context(centre: Centre | Mapping[str, Any]) -> dict[str, str]:
    """The sender block of ``centre``: a Centre, or a mapping with the keys of CENTRE_FIELDS.

    Returns those keys (missing ones as "") and ``address``, the postal address on one line
    ("Karl-Marx-Straße 12, 12043 Berlin"). Building it from such a mapping again gives the
    same result, so a document context may hold either.
    """
    if isinstance(centre, Mapping):
        values = {key: str(centre.get(key) or "") for key in CENTRE_FIELDS}
    else:
        values = {
            "name": centre.name,
            "provider_name": centre.provider.name,
            "street": centre.street,
            "postal_code": centre.postal_code,
            "city": centre.city,
            "phone": centre.phone,
            "email": centre.email,
            "office_hours": centre.office_hours,
        }
    town = f"{values['postal_code']} {values['city']}".strip()
    address = ", ".join(part for part in (values["street"].strip(), town) if part)
    return {**values, "address": address}
