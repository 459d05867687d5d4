"""Public pages: everyone, signed in or not, gets them (DOMAIN §D14, issue #9)."""

from __future__ import annotations

from lotse.accounts.policy import Rule, everyone

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
}
