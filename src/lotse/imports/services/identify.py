"""Whose row is it: the file a contact or case row names, and the counsellor it names.

A row names its file by the file number as Lotse shows it ("MBE-2024-00017") or by last
name, first name and date of birth, matched with the intake's duplicate rule
(``DuplicateIndex``) against the files of the importing team only. Only a match with the
same date of birth counts: a date a day off or with day and month swapped is the rule's
hint at a typing error, not proof enough to add a conversation to someone's file. A file
of another team reads like an unknown one: the report does not reveal that it exists.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from lotse.accounts.models import Membership, User
from lotse.accounts.roles import Role
from lotse.clients.models import Client
from lotse.clients.selectors.duplicates import SAME_BIRTH_DATE, DuplicateIndex
from lotse.organisation.models import Team

from .mapping import fold
from .reading import Cell
from .rows import split_full_name
from .values import text


class NotFound(ValueError):
    """The row names no file of the team (or several): the message is the report's reason."""


def _file_key(value: str) -> str:
    return fold(value)  # "mbe-2024-00017 " and "MBE 2024 00017" are one number


@dataclass
class ClientFinder:
    """The team's files, loaded once per dry run or batch (no decryption)."""

    team: Team
    by_number: dict[str, int] = field(default_factory=dict)
    numbers: dict[int, str] = field(default_factory=dict)
    index: DuplicateIndex = field(default_factory=DuplicateIndex)

    @classmethod
    def of_team(cls, team: Team) -> ClientFinder:
        files = Client.objects.filter(team=team, merged_into__isnull=True)
        finder = cls(team=team)
        for pk, number in files.values_list("pk", "file_number").iterator(chunk_size=5000):
            finder.by_number[_file_key(number)] = pk
            finder.numbers[pk] = number
        finder.index = DuplicateIndex.of_clients(files)
        return finder

    def find(self, values: dict[str, Cell], birth: date | None) -> int:
        """The id of the file the row names; ``NotFound`` with the reason otherwise."""
        number = text(values.get("file_number"))
        if number:
            pk = self.by_number.get(_file_key(number))
            if pk is None:
                raise NotFound(_("No file with this file number in your team."))
            return pk
        first, last = text(values.get("first_name")), text(values.get("last_name"))
        if not (first or last) and values.get("full_name") is not None:
            first, last = split_full_name(text(values.get("full_name")))
        if not (first or last):
            raise NotFound(_("The row names no file: the file number or the name is missing."))
        if birth is None:
            raise NotFound(
                _(
                    "A file is found by name only together with the date of birth (or give the "
                    "file number)."
                )
            )
        matches = self.index.matches(first, last, birth)
        same = [ref for ref, reason in matches if reason == SAME_BIRTH_DATE]
        if len(same) > 1:
            raise NotFound(
                _(
                    "Several files in your team match this name and date of birth; please give "
                    "the file number."
                )
            )
        if not same:
            if matches:
                raise NotFound(
                    _(
                        "Only a similar file was found in your team (name or date of birth "
                        "differ); please give the file number."
                    )
                )
            raise NotFound(_("No file with this name and date of birth in your team."))
        return self.by_number[_file_key(same[0])]


class CounsellorFinder:
    """The team's counsellors and leads by e-mail or by full name; the importing lead when
    the row names nobody."""

    def __init__(self, team: Team, default: User) -> None:
        members = User.objects.filter(
            pk__in=Membership.objects.filter(
                team=team, read_only=False, role__in=(Role.COUNSELLOR, Role.TEAM_LEAD)
            ).values("user_id"),
            is_active=True,
        ).only("pk", "email", "full_name")
        self.default = default
        self.users: dict[str, User | None] = {}
        for user in members:
            for key in (fold(user.email), fold(user.full_name)):
                if key:  # two people of one name: neither is guessed
                    self.users[key] = None if key in self.users else user

    def find(self, cell: Cell) -> User:
        name = text(cell)
        if not name:
            return self.default
        user = self.users.get(fold(name))
        if user is None:
            raise NotFound(
                _(
                    "The counsellor is not a member of your team (give the full name or the "
                    "e-mail address as in Lotse)."
                )
            )
        return user
