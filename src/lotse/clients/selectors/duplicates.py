"""The intake's duplicate rule for many names at once (the spreadsheet import).

``duplicate_matches`` asks the database once or twice per name; an import of 10,000 rows
would ask 20,000 times. ``DuplicateIndex`` loads the keyed columns of a team's files once
(no decryption) and applies the very same rule: a similar name with the same date of birth,
one a day apart or with day and month swapped, or the same phonetic name where one side
has no date of birth. Only files whose birth date matches but whose phonetic key differs are
decrypted, to compare the names as the intake does.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import QuerySet

from lotse.common import crypto

from ..models import Client
from ..models.client import birth_date_digest
from ..phonetics import PreparedName, name_key, prepare_name, prepared_duplicate
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
    name: Callable[[], PreparedName]
    pk: int | None = None  # the file's id; None for a row of the import


class DuplicateIndex:
    def __init__(self) -> None:
        self._by_birth: dict[str, list[Known]] = defaultdict(list)
        self._by_phonetic: dict[str, list[Known]] = defaultdict(list)
        self._names: dict[int, PreparedName] = {}
        self._digests: dict[date, str] = {}
        self._files: QuerySet[Client] | None = None  # where names are decrypted from

    @classmethod
    def of_clients(cls, clients: QuerySet[Client]) -> DuplicateIndex:
        """The index of these files (merged-away shells left out), loaded without decryption."""
        index = cls()
        index._files = clients.filter(merged_into__isnull=True)
        rows = index._files.values_list("pk", "file_number", "birth_date_index", "phonetic_index")
        for pk, file_number, birth_digest, phonetic in rows.iterator(chunk_size=5000):
            index.add(Known(file_number, birth_digest, phonetic, index._name_getter(pk), pk))
        return index

    def add(self, known: Known) -> None:
        if known.birth_digest:
            self._by_birth[known.birth_digest].append(known)
        if known.phonetic:
            self._by_phonetic[known.phonetic].append(known)

    def _near(self, birth_date: date) -> list[tuple[list[Known], str]]:
        near = []
        for day, reason in near_birth_dates(birth_date).items():
            digest = self._digests.get(day)
            if digest is None:
                digest = self._digests[day] = birth_date_digest(day)
            near.append((self._by_birth.get(digest, []), reason))
        return near

    def preload(self, people: Iterable[tuple[date | None, str]]) -> None:
        """Decrypt, in a few queries, the names of every file that ``matches`` will compare
        with these (date of birth, phonetic digest) pairs: the files born on a near date
        whose phonetic key differs. Without it each such file costs a query of its own."""
        wanted: set[int] = set()
        for birth_date, phonetic in people:
            if birth_date is None:
                continue
            for others, _reason in self._near(birth_date):
                wanted.update(o.pk for o in others if o.pk is not None and o.phonetic != phonetic)
        self._load(wanted - self._names.keys())

    def _load(self, pks: Iterable[int]) -> None:
        if self._files is None:
            return
        missing = sorted(pks)
        for start in range(0, len(missing), _LOAD_BATCH):
            rows = self._files.filter(pk__in=missing[start : start + _LOAD_BATCH])
            for pk, first, last in rows.values_list("pk", "first_name", "last_name"):
                self._names[pk] = prepare_name(first, last)

    def _name_getter(self, pk: int) -> Callable[[], PreparedName]:
        def name() -> PreparedName:
            if pk not in self._names:
                self._load([pk])
            # Merged away or deleted since the index was loaded: no longer a file to match.
            return self._names.get(pk, _NO_NAME)

        return name

    def matches(
        self, first_name: str, last_name: str, birth_date: date | None, phonetic: str = ""
    ) -> list[tuple[str, str]]:
        """``(ref, reason)`` of every probable duplicate, the closest reason first."""
        if not (first_name.strip() or last_name.strip()):
            return []
        phonetic = phonetic or phonetic_digest(first_name, last_name)
        found: dict[str, str] = {}
        if birth_date is not None:
            prepared = prepare_name(first_name, last_name)
            for others, reason in self._near(birth_date):
                for other in others:
                    if other.ref in found:
                        continue
                    if other.phonetic == phonetic or prepared_duplicate(prepared, other.name()):
                        found[other.ref] = reason
        if phonetic:
            for other in self._by_phonetic.get(phonetic, ()):
                if birth_date is not None and other.birth_digest:
                    continue
                found.setdefault(other.ref, NO_BIRTH_DATE)
        return sorted(found.items(), key=lambda item: _ORDER.index(item[1]))


_NO_NAME = prepare_name("", "")

# Decrypted names per query: large enough that 10,000 rows cost a few dozen queries, small
# enough to stay below SQLite's limit on query parameters.
_LOAD_BATCH = 900
