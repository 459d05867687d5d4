"""Catalogues of the volunteer programme: languages, weekly slots, interests, activities."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise as Promise

# Languages offered in the profile grid (the ones most asked for in the seed centres).
LANGUAGES: tuple[tuple[str, Promise], ...] = (
    ("de", _("German")),
    ("en", _("English")),
    ("ar", _("Arabic")),
    ("fa", _("Persian")),
    ("ps", _("Pashto")),
    ("ku", _("Kurdish")),
    ("tr", _("Turkish")),
    ("ru", _("Russian")),
    ("uk", _("Ukrainian")),
    ("fr", _("French")),
    ("ti", _("Tigrinya")),
    ("so", _("Somali")),
    ("ro", _("Romanian")),
    ("pl", _("Polish")),
    ("bg", _("Bulgarian")),
    ("sq", _("Albanian")),
    ("es", _("Spanish")),
    ("it", _("Italian")),
)
LANGUAGE_NAMES: Mapping[str, Promise] = MappingProxyType(dict(LANGUAGES))


def language_name(code: str) -> str:
    return str(LANGUAGE_NAMES.get(code, code))


class Day(models.TextChoices):
    MON = "mon", _("Monday")
    TUE = "tue", _("Tuesday")
    WED = "wed", _("Wednesday")
    THU = "thu", _("Thursday")
    FRI = "fri", _("Friday")
    SAT = "sat", _("Saturday")
    SUN = "sun", _("Sunday")


class DayPart(models.TextChoices):
    MORNING = "morning", _("morning")
    AFTERNOON = "afternoon", _("afternoon")
    EVENING = "evening", _("evening")


SLOT_CHOICES: tuple[tuple[str, Promise], ...] = tuple(
    (f"{day.value}_{part.value}", format_lazy("{} {}", day.label, part.label))
    for day in Day
    for part in DayPart
)
SLOT_LABELS: Mapping[str, Promise] = MappingProxyType(dict(SLOT_CHOICES))


class Interest(models.TextChoices):
    SPORT = "sport", _("sport and exercise")
    MUSIC = "music", _("music")
    COOKING = "cooking", _("cooking")
    CULTURE = "culture", _("museums, theatre, cinema")
    NATURE = "nature", _("nature, walks, gardening")
    CRAFTS = "crafts", _("crafts and repairs")
    READING = "reading", _("reading and writing")
    GAMES = "games", _("games")
    FAMILY = "family", _("children and family")
    TECHNOLOGY = "technology", _("computers and technology")
    FAITH = "faith", _("faith communities")
    JOBS = "jobs", _("jobs and vocational training")


class GenderWish(models.TextChoices):
    ANY = "", _("no preference")
    FEMALE = "female", _("a woman")
    MALE = "male", _("a man")


class DocumentKind(models.TextChoices):
    CERTIFICATE_OF_CONDUCT = "conduct", _("extended certificate of conduct")
    CONFIDENTIALITY = "confidentiality", _("declaration of confidentiality")
    AGREEMENT = "agreement", _("volunteer agreement")
    OTHER = "other", _("other document")


# Documents the provider requires of every volunteer, with their validity in months
# (None: valid without limit). The certificate of conduct is renewed every five years.
REQUIRED_DOCUMENTS: Mapping[str, int | None] = MappingProxyType(
    {DocumentKind.CERTIFICATE_OF_CONDUCT: 60, DocumentKind.CONFIDENTIALITY: None}
)


class LeaveReason(models.TextChoices):
    MOVED = "moved", _("moved away")
    NO_TIME = "no_time", _("no time any more")
    PERSONAL = "personal", _("personal reasons")
    DONE = "done", _("commitment fulfilled")
    OTHER = "other", _("other reason")


class Activity(models.TextChoices):
    """What a volunteer and their partner did together (§D10)."""

    GERMAN = "german", _("German practice")
    AUTHORITY = "authority", _("authority visit")
    INSTITUTION = "institution", _("institution introduced")
    EVENT = "event", _("event or festival")
    EVERYDAY = "everyday", _("everyday life and leisure")
    OTHER = "other", _("other")


class ReportedBy(models.TextChoices):
    VOLUNTEER = "volunteer", _("the volunteer")
    COORDINATOR = "coordinator", _("the coordinator")


class EndReason(models.TextChoices):
    GOAL_REACHED = "goal_reached", _("goals reached, partner manages alone")
    PARTNER_MOVED = "partner_moved", _("partner moved away")
    VOLUNTEER_STOPPED = "volunteer_stopped", _("volunteer stopped")
    NO_CONTACT = "no_contact", _("contact broke off")
    MISMATCH = "mismatch", _("did not fit")
    CONSENT_WITHDRAWN = "consent_withdrawn", _("consent withdrawn")
    OTHER = "other", _("other reason")
