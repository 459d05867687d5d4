"""Helpers shared by the volunteer services: profile validation, languages, values."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotse.clients.models import LanguageLevel
from lotse.common.errors import DomainError
from lotse.organisation.models import Team

from ..choices import SLOT_LABELS, Interest
from ..models import District


def today_or(today: date | None) -> date:
    return today or timezone.localdate()


def check_profile(values: Mapping[str, Any], languages: Mapping[str, str]) -> None:
    """Slots, interests and language levels must come from the catalogues."""
    unknown_slots = set(values.get("slots") or ()) - set(SLOT_LABELS)
    if unknown_slots:
        raise DomainError(_("Unknown availability slots: %(s)s") % {"s": ", ".join(unknown_slots)})
    unknown_interests = set(values.get("interests") or ()) - set(Interest.values)
    if unknown_interests:
        raise DomainError(_("Unknown interests: %(s)s") % {"s": ", ".join(unknown_interests)})
    for code, level in languages.items():
        if not code or len(code) > 8 or level not in LanguageLevel.values:
            raise DomainError(_("Please give each language with a valid level."))
    withdrawn, consent = values.get("consent_withdrawn_on"), values.get("consent_on")
    if withdrawn and consent and withdrawn < consent:
        raise DomainError(_("Consent cannot be withdrawn before it was given."))


def check_districts(team: Team, districts: Iterable[District]) -> list[District]:
    chosen = list(districts)
    centre_id = team.service.centre_id
    if any(d.centre_id != centre_id for d in chosen):
        raise DomainError(_("Only districts of the team's own centre can be chosen."))
    return chosen


def set_languages(owner: models.Model, languages: Mapping[str, str], model: type[Any]) -> None:
    """Replace the owner's languages; rows that stay the same are not touched (quiet audit)."""
    # The foreign key to the owner, whatever it is called (``partner`` on TandemPartnerLanguage).
    owner_field = next(
        f.name
        for f in model._meta.concrete_fields
        if f.many_to_one and f.related_model is type(owner)
    )
    existing = {row.language: row for row in model.objects.filter(**{owner_field: owner})}
    wanted = {code: level for code, level in languages.items() if level != LanguageLevel.NONE}
    for code, row in existing.items():
        if code not in wanted:
            row.delete()
        elif row.level != wanted[code]:
            row.level = wanted[code]
            row.save(update_fields=["level"])
    for code, level in wanted.items():
        if code not in existing:
            model.objects.create(**{owner_field: owner, "language": code, "level": level})


def apply_values(obj: models.Model, values: Mapping[str, Any], allowed: frozenset[str]) -> None:
    unknown = set(values) - allowed
    if unknown:
        raise ValueError(f"unexpected fields: {sorted(unknown)}")
    for name, value in values.items():
        setattr(obj, name, value.strip() if isinstance(value, str) else value)
