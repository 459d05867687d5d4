"""Public pages: everyone, signed in or not, gets them (DOMAIN §D14, issue #9)."""

from __future__ import annotations

from lotse.accounts.policy import Rule, everyone, roles
from lotse.accounts.roles import ADMIN_ROLES

LANG = {"lang": "de"}
CENTRE = {"lang": "ar", "centre_id": "public_centre"}

POLICY: dict[str, Rule] = {
    "public_start": everyone(),
    "public_centre_list": everyone(kwargs=LANG),
    "public_centre_detail": everyone(kwargs=CENTRE),
    "public_centre_flyer": everyone(kwargs=CENTRE),
    "public_service_check": everyone(kwargs=LANG),
    "public_request": everyone(
        method="post", kwargs=LANG, why="the matrix posts an incomplete form: shown again"
    ),
    "public_request_sent": everyone(kwargs=LANG),
    "public_imprint": everyone(kwargs=LANG),
    "public_privacy": everyone(kwargs={"lang": "ar"}),
    "legal_texts": roles(ADMIN_ROLES, ok=302, why="on to the first provider's texts"),
    "legal_texts_edit": roles(ADMIN_ROLES, kwargs={"provider_id": "provider"}),
}
