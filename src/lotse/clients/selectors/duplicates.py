"""The intake's duplicate rule for many names at once (the spreadsheet import).

``duplicate_matches`` asks the database once or twice per name; an import of 10,000 rows
would ask 20,000 times. ``DuplicateIndex`` loads the keyed columns of a team's files once
(no decryption) and applies the very same rule: a similar name with the same date of birth,
one a day apart or with day and month swapped, or the same phonetic name where one side
has no date of birth. Only files whose birth date matches but whose phonetic key differs are
decrypted, to compare the names as the intake does.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import QuerySet

from lotse.common import crypto

from ..models import Client
from ..models.client import birth_date_digest
from ..phonetics import is_probable_duplicate, name_key
from .search_keys import PHONETIC_PURPOSE

SAME_BIRTH_DATE = "same_birth_date"
BIRTH_DATE_NEAR = "birth_date_near"
BIRTH_DATE_SWAPPED = "birth_date_swapped"
NO_BIRTH_DATE = "no_birth_date"
_ORDER = (SAME_BIRTH_DATE, BIRTH_DATE_SWAPPED, BIRTH_DATE_NEAR, NO_BIRTH_DATE)


def near_birth_dates(birth_date: date) -> dict[date, str]:
    """The dates a mistyped date of birth is likely to have been: ±1 day, day and month swapped."""
    dates = {birth_date: SAME_BIRTH_DATE}
    for days in (-1, 1):
        dates.setdefault(birth_date + timedelta(days=days), BIRTH_DATE_NEAR)
    if birth_date.day <= 12 and birth_date.day != birth_date.month:
        dates.setdefault(
            date(birth_date.year, birth_date.day, birth_date.month), BIRTH_DATE_SWAPPED
        )
    return dates


def phonetic_digest(first_name: str, last_name: str) -> str:
    key = name_key(first_name, last_name)
    return crypto.blind_index(key, purpose=PHONETIC_PURPOSE) if key else ""


@dataclass(frozen=True)
class Known:
    """One file (or one row of the file being imported) the index can match against."""

    ref: str  # a file number, or "row 17" for a row of the import itself
    birth_digest: str
    phonetic: str
    names: Callable[[], tuple[str, str]]


class DuplicateIndex:
    def __init__(self) -> None:
        self._by_birth: dict[str, list[Known]] = defaultdict(list)
        self._by_phonetic: dict[str, list[Known]] = defaultdict(list)

    @classmethod
    def of_clients(cls, clients: QuerySet[Client]) -> DuplicateIndex:
        """The index of these files (merged-away shells left out), loaded without decryption."""
        index = cls()
        rows = clients.filter(merged_into__isnull=True).values_list(
            "pk", "file_number", "birth_date_index", "phonetic_index"
        )
        for pk, file_number, birth_digest, phonetic in rows.iterator(chunk_size=5000):
            index.add(Known(file_number, birth_digest, phonetic, _lazy_names(pk)))
        return index

    def add(self, known: Known) -> None:
        if known.birth_digest:
            self._by_birth[known.birth_digest].append(known)
        if known.phonetic:
            self._by_phonetic[known.phonetic].append(known)

    def matches(
        self, first_name: str, last_name: str, birth_date: date | None, phonetic: str = ""
    ) -> list[tuple[str, str]]:
        """``(ref, reason)`` of every probable duplicate, the closest reason first."""
        if not (first_name.strip() or last_name.strip()):
            return []
        phonetic = phonetic or phonetic_digest(first_name, last_name)
        found: dict[str, str] = {}
        if birth_date is not None:
            for day, reason in near_birth_dates(birth_date).items():
                for other in self._by_birth.get(birth_date_digest(day), ()):
                    if other.ref in found:
                        continue
                    if other.phonetic == phonetic or is_probable_duplicate(
                        first_name, last_name, *other.names()
                    ):
                        found[other.ref] = reason
        if phonetic:
            for other in self._by_phonetic.get(phonetic, ()):
                if birth_date is not None and other.birth_digest:
                    continue
                found.setdefault(other.ref, NO_BIRTH_DATE)
        return sorted(found.items(), key=lambda item: _ORDER.index(item[1]))


def _lazy_names(pk: int) -> Callable[[], tuple[str, str]]:
    # Decrypted once, when a row of the list first comes near this file: 10,000 rows of an
    # import meet the same files again and again.
    @functools.cache
    def names() -> tuple[str, str]:
        client = Client.objects.only("first_name", "last_name").get(pk=pk)
        return client.first_name, client.last_name

    return names
