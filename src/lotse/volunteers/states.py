"""The two state machines of integration partnerships (DOMAIN §D10): only legal transitions.

Pure: statuses are Django enums (for labels), the rules are plain mappings and functions.
Services call :func:`require_transition` before they change a status.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from django.db import models
from django.utils.translation import gettext_lazy as _

from lotse.common.errors import DomainError


class VolunteerStatus(models.TextChoices):
    APPLICANT = "applicant", _("applicant")
    IN_TRAINING = "in_training", _("in training")
    ACTIVE = "active", _("active")
    PAUSED = "paused", _("paused")
    LEFT = "left", _("left")


class PartnershipStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    ACTIVE = "active", _("active")
    PAUSED = "paused", _("paused")
    ENDED = "ended", _("ended")


VOLUNTEER_TRANSITIONS: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        VolunteerStatus.APPLICANT: frozenset({VolunteerStatus.IN_TRAINING, VolunteerStatus.LEFT}),
        VolunteerStatus.IN_TRAINING: frozenset(
            {VolunteerStatus.ACTIVE, VolunteerStatus.PAUSED, VolunteerStatus.LEFT}
        ),
        VolunteerStatus.ACTIVE: frozenset({VolunteerStatus.PAUSED, VolunteerStatus.LEFT}),
        VolunteerStatus.PAUSED: frozenset(
            {VolunteerStatus.ACTIVE, VolunteerStatus.IN_TRAINING, VolunteerStatus.LEFT}
        ),
        # Someone who comes back after leaving registers again: the old record keeps the history
        # that the retention figure is computed from.
        VolunteerStatus.LEFT: frozenset(),
    }
)

PARTNERSHIP_TRANSITIONS: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        PartnershipStatus.PROPOSED: frozenset({PartnershipStatus.ACTIVE, PartnershipStatus.ENDED}),
        PartnershipStatus.ACTIVE: frozenset({PartnershipStatus.PAUSED, PartnershipStatus.ENDED}),
        PartnershipStatus.PAUSED: frozenset({PartnershipStatus.ACTIVE, PartnershipStatus.ENDED}),
        PartnershipStatus.ENDED: frozenset(),
    }
)

# A partnership in one of these states binds the partner and one place of the volunteer.
OPEN_PARTNERSHIP_STATES: frozenset[str] = frozenset(
    {PartnershipStatus.PROPOSED, PartnershipStatus.ACTIVE, PartnershipStatus.PAUSED}
)


class IllegalTransition(DomainError):
    """The requested status change is not one the state machine allows."""


def allowed_next(machine: Mapping[str, frozenset[str]], current: str) -> frozenset[str]:
    return machine.get(current, frozenset())


def is_allowed(machine: Mapping[str, frozenset[str]], current: str, target: str) -> bool:
    return target in allowed_next(machine, current)


def require_transition(machine: Mapping[str, frozenset[str]], current: str, target: str) -> None:
    if not is_allowed(machine, current, target):
        raise IllegalTransition(
            _("The status cannot change from “%(current)s” to “%(target)s”.")
            % {"current": _label(current), "target": _label(target)}
        )


def _label(value: str) -> str:
    for enum in (VolunteerStatus, PartnershipStatus):
        if value in enum.values:
            return str(enum(value).label)
    return value
