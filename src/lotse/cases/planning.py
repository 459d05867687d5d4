"""Rules of the support plan (DOMAIN §D5.2/§D5.3): goal vocabulary and material change.

Pure and typed: the services build ``GoalSnapshot``s from the models and ask this module.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from types import MappingProxyType

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class GoalStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    ACHIEVED = "achieved"
    PARTLY_ACHIEVED = "partly_achieved"
    NOT_ACHIEVED = "not_achieved"
    DROPPED = "dropped"


GOAL_STATUS_LABELS: Mapping[GoalStatus, Promise] = MappingProxyType(
    {
        GoalStatus.OPEN: _("open"),
        GoalStatus.IN_PROGRESS: _("in progress"),
        GoalStatus.ACHIEVED: _("achieved"),
        GoalStatus.PARTLY_ACHIEVED: _("partly achieved"),
        GoalStatus.NOT_ACHIEVED: _("not achieved"),
        GoalStatus.DROPPED: _("dropped"),
    }
)
GOAL_STATUS_CHOICES = [(s.value, GOAL_STATUS_LABELS[s]) for s in GoalStatus]
UNRESOLVED_STATUSES: frozenset[GoalStatus] = frozenset({GoalStatus.OPEN, GoalStatus.IN_PROGRESS})


class Module(StrEnum):
    """The three building blocks of the plan (seed 001: Sprache, Ausbildung/Beruf, soziale
    Kompetenzen — soziales Umfeld, Kontakte, Freizeit)."""

    LANGUAGE = "language"
    EDUCATION_PROFESSION = "education_profession"
    SOCIAL = "social"


MODULE_LABELS: Mapping[Module, Promise] = MappingProxyType(
    {
        Module.LANGUAGE: _("Language"),
        Module.EDUCATION_PROFESSION: _("Education and profession"),
        Module.SOCIAL: _("Social competences (social environment, contacts, leisure)"),
    }
)
MODULE_CHOICES = [(m.value, MODULE_LABELS[m]) for m in Module]


class Responsible(StrEnum):
    CLIENT = "client"
    COUNSELLOR = "counsellor"
    PARTNER = "partner"


RESPONSIBLE_LABELS: Mapping[Responsible, Promise] = MappingProxyType(
    {
        Responsible.CLIENT: _("the client"),
        Responsible.COUNSELLOR: _("the counsellor"),
        Responsible.PARTNER: _("a network partner"),
    }
)
RESPONSIBLE_CHOICES = [(r.value, RESPONSIBLE_LABELS[r]) for r in Responsible]


@dataclass(frozen=True)
class GoalSnapshot:
    """What an integration agreement promises about one goal.

    ``lineage`` stays the same when a goal is carried into a new plan version.
    """

    lineage: str
    title: str
    module: str
    responsible: str
    partner: str = ""
    target_date: date | None = None


class Change(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    REWORDED = "reworded"
    RESPONSIBLE = "responsible"
    TARGET_DATE = "target_date"


CHANGE_LABELS: Mapping[Change, Promise] = MappingProxyType(
    {
        Change.ADDED: _("goals added"),
        Change.REMOVED: _("goals taken out"),
        Change.REWORDED: _("goals reworded"),
        Change.RESPONSIBLE: _("responsibility changed"),
        Change.TARGET_DATE: _("target dates changed"),
    }
)


def plan_changes(before: Sequence[GoalSnapshot], after: Sequence[GoalSnapshot]) -> list[Change]:
    """The material changes between two plan versions, each kind once, in a fixed order.

    Material is what the agreement states: which goals, their wording and module, who is
    responsible (and which partner), and by when. Steps and progress (goal status) are not:
    they are documented in reviews without a new agreement.
    """
    old = {g.lineage: g for g in before}
    new = {g.lineage: g for g in after}
    found: set[Change] = set()
    if set(new) - set(old):
        found.add(Change.ADDED)
    if set(old) - set(new):
        found.add(Change.REMOVED)
    for lineage in set(old) & set(new):
        a, b = old[lineage], new[lineage]
        if (a.title.strip(), a.module) != (b.title.strip(), b.module):
            found.add(Change.REWORDED)
        if (a.responsible, a.partner.strip()) != (b.responsible, b.partner.strip()):
            found.add(Change.RESPONSIBLE)
        if a.target_date != b.target_date:
            found.add(Change.TARGET_DATE)
    return [c for c in Change if c in found]


def changes_materially(before: Sequence[GoalSnapshot], after: Sequence[GoalSnapshot]) -> bool:
    return bool(plan_changes(before, after))
