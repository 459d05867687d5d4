"""Finding a centre by place, service and language — simple matching, no geocoding (pure).

Place: a postal code (or its beginning) or a town name, or both ("52249 Eschweiler").
    * postal code: a centre whose code starts with what was typed scores 100; one that only
      shares the first two or more digits (the same postal region) scores 10 per shared digit
      and is shown as "nearby";
    * town: spelling variants are evened out (case, ä/ae, ß/ss, accents, hyphens); the same
      name scores 100, a name that starts with the query 80, one that contains it 60;
    * several words: the best word counts. An empty query matches every centre (score 1).
Service: the centre offers that service kind. Language: some of its staff speak it (the union
of the counsellors' and team leads' languages).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = ["EXACT", "CentreFacts", "find_centres", "normalise_place", "place_score"]

EXACT = 100
_GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_SEPARATORS = re.compile(r"[\s,;/()\-–.]+")


def normalise_place(text: str) -> str:
    """'Bad Münster-Eifel' → 'bad muenster eifel'."""
    lowered = text.casefold().translate(_GERMAN)
    decomposed = unicodedata.normalize("NFKD", lowered)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_SEPARATORS.split(plain)).strip()


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _token_score(token: str, postal_code: str, city: str) -> int:
    if token.isdigit():
        code = postal_code.strip()
        if not code:
            return 0
        if code.startswith(token):
            return EXACT
        shared = _common_prefix(token, code)
        return shared * 10 if shared >= 2 else 0
    wanted = normalise_place(token)
    town = normalise_place(city)
    if len(wanted) < 2 or not town:
        return 0
    if town == wanted:
        return EXACT
    if town.startswith(wanted):
        return 80
    if wanted in town:
        return 60
    return 0


def place_score(query: str, postal_code: str, city: str) -> int:
    """How well a centre at ``postal_code`` ``city`` matches the place typed (0 = not at all)."""
    query = query.strip()
    if not query:
        return 1
    scores = [_token_score(query, postal_code, city)] if not query.isdigit() else []
    tokens = [t for t in _SEPARATORS.split(query) if t]
    scores += [_token_score(token, postal_code, city) for token in tokens]
    # A town of several words ("Bad Honnef") also matches as a whole.
    return max(scores, default=0)


@dataclass(frozen=True, slots=True)
class CentreFacts:
    id: int
    name: str
    postal_code: str
    city: str
    services: tuple[str, ...]
    languages: tuple[str, ...]


def find_centres(
    centres: Iterable[CentreFacts],
    *,
    place: str = "",
    service: str = "",
    language: str = "",
    services_any: Sequence[str] = (),
) -> list[tuple[CentreFacts, int]]:
    """Matching centres with their place score, best first, then by name.

    ``services_any`` keeps centres offering at least one of these kinds (the result of the
    "which service is for me?" questions); ``service`` one exact kind.
    """
    found = []
    language = language.strip().lower()
    for centre in centres:
        if service and service not in centre.services:
            continue
        if services_any and not set(services_any) & set(centre.services):
            continue
        if language and language not in centre.languages:
            continue
        score = place_score(place, centre.postal_code, centre.city)
        if score > 0:
            found.append((centre, score))
    return sorted(found, key=lambda pair: (-pair[1], pair[0].name, pair[0].id))
