"""Region of origin: ISO 3166 countries grouped as the federal migration statistics do (§D12).

A simplification of the UN geoscheme with the groups that matter in migration counselling:
the EU, the rest of Europe (with Turkey, Ukraine and Russia), the Caucasus and Central Asia,
the Middle East and North Africa, Africa south of the Sahara, South Asia, East and South-East
Asia, the Americas, Oceania. Unknown or empty countries fall into ``unknown``.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

UNKNOWN = "unknown"

_GROUPS: dict[str, str] = {
    "eu": "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE",
    "europe_other": (
        "AL AD BA BY CH FO GB GG GI IM IS JE LI MC MD ME MK NO RS RU SM SJ TR UA VA XK AX"
    ),
    "caucasus_central_asia": "AM AZ GE KZ KG TJ TM UZ",
    "mena": "DZ BH EG IR IQ IL JO KW LB LY MA OM PS QA SA SY TN AE YE EH",
    "africa_sub_saharan": (
        "AO BJ BW BF BI CV CM CF TD KM CG CD CI DJ GQ ER SZ ET GA GM GH GN GW KE LS LR MG MW "
        "ML MR MU YT MZ NA NE NG RE RW SH ST SN SC SL SO ZA SS SD TZ TG UG ZM ZW"
    ),
    "south_asia": "AF BD BT IN MV NP PK LK",
    "east_south_east_asia": "BN KH CN HK ID JP KP KR LA MO MY MN MM PH SG TW TH TL VN",
    "americas": (
        "AI AG AR AW BS BB BZ BM BO BQ BR VG CA KY CL CO CR CU CW DM DO EC SV FK GF GL GD GP "
        "GT GY HT HN JM MQ MX MS NI PA PY PE PR BL KN LC MF PM VC SX SR TT TC US UY VE VI GS"
    ),
    "oceania": ("AS AU CK FJ PF GU KI MH FM NR NC NZ NU NF MP PW PG PN WS SB TK TO TV UM VU WF"),
}

REGION_OF: Mapping[str, str] = MappingProxyType(
    {code: region for region, codes in _GROUPS.items() for code in codes.split()}
)

REGION_LABELS: Mapping[str, Promise] = MappingProxyType(
    {
        "eu": _("European Union"),
        "europe_other": _("Rest of Europe (incl. Turkey, Ukraine, Russia)"),
        "caucasus_central_asia": _("Caucasus and Central Asia"),
        "mena": _("Middle East and North Africa"),
        "africa_sub_saharan": _("Africa south of the Sahara"),
        "south_asia": _("South Asia"),
        "east_south_east_asia": _("East and South-East Asia"),
        "americas": _("Americas"),
        "oceania": _("Oceania"),
        UNKNOWN: _("unknown"),
    }
)
REGIONS: tuple[str, ...] = tuple(REGION_LABELS)


def region_of(country: str | None) -> str:
    """The region of an ISO 3166 alpha-2 code; ``unknown`` for empty or unlisted codes."""
    return REGION_OF.get((country or "").upper(), UNKNOWN)
