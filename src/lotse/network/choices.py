"""Catalogues of the network (DOMAIN §D7–§D9): partner tiers and categories, agreement topics,
referral outcomes and activity kinds. Plain choices, no database: the pure indicator functions
(``lotse.network.indicators``) use them too.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PartnerTier(models.TextChoices):
    MANDATORY = "mandatory", _("mandatory")
    AS_NEEDED = "as_needed", _("as needed")
    INTERNAL = "internal", _("internal")
    OTHER = "other", _("other")


class PartnerCategory(models.TextChoices):
    # mandatory (§D7)
    COURSE_PROVIDER = "course_provider", _("Integration-course provider")
    FOREIGNERS_AUTHORITY = "foreigners_authority", _("Foreigners' authority")
    REGISTRATION_OFFICE = "registration_office", _("Registration office")
    MBE_OTHER_PROVIDER = "mbe_other_provider", _("Adult migration counselling of another provider")
    JOBCENTER = "jobcenter", _("Jobcenter")
    BAMF_COORDINATOR = "bamf_coordinator", _("BAMF regional coordinator")
    MUNICIPAL_INTEGRATION_OFFICE = "municipal_integration_office", _("Municipal integration office")
    CHILDCARE = "childcare", _("Childcare during courses")
    # as needed
    JMD = "jmd", _("Youth migration service (JMD)")
    HEALTH_SOCIAL = "health_social", _("Health or social service")
    RETURN_COUNSELLING = "return_counselling", _("Voluntary-return counselling")
    SCHOOL = "school", _("School")
    DAY_CARE = "day_care", _("Day-care centre")
    CHAMBER = "chamber", _("Chamber (IHK, HWK)")
    EDUCATION_PROVIDER = "education_provider", _("Education provider")
    # internal and others
    INTERNAL_SERVICE = "internal_service", _("Service of our own provider")
    PUBLIC_ADMINISTRATION = "public_administration", _("Public administration")
    OTHER_PROVIDER = "other_provider", _("Other welfare provider")
    MIGRANT_ORGANISATION = "migrant_organisation", _("Self-help or migrant organisation")
    OTHER = "other", _("Other")


MANDATORY_CATEGORIES: tuple[str, ...] = (
    PartnerCategory.COURSE_PROVIDER,
    PartnerCategory.FOREIGNERS_AUTHORITY,
    PartnerCategory.REGISTRATION_OFFICE,
    PartnerCategory.MBE_OTHER_PROVIDER,
    PartnerCategory.JOBCENTER,
    PartnerCategory.BAMF_COORDINATOR,
    PartnerCategory.MUNICIPAL_INTEGRATION_OFFICE,
    PartnerCategory.CHILDCARE,
)
AS_NEEDED_CATEGORIES: tuple[str, ...] = (
    PartnerCategory.JMD,
    PartnerCategory.HEALTH_SOCIAL,
    PartnerCategory.RETURN_COUNSELLING,
    PartnerCategory.SCHOOL,
    PartnerCategory.DAY_CARE,
    PartnerCategory.CHAMBER,
    PartnerCategory.EDUCATION_PROVIDER,
)


def default_tier(category: str) -> str:
    """The tier §D7 gives a category; a partner may still be filed under another tier."""
    if category in MANDATORY_CATEGORIES:
        return PartnerTier.MANDATORY
    if category in AS_NEEDED_CATEGORIES:
        return PartnerTier.AS_NEEDED
    if category == PartnerCategory.INTERNAL_SERVICE:
        return PartnerTier.INTERNAL
    return PartnerTier.OTHER


class AgreementTopic(models.TextChoices):
    """What a cooperation agreement settles (§D6, §D7, §D12)."""

    INFORMATION_EVENTS = "information_events", _("Joint information events")
    COUNSELLING_IN_COURSE = "counselling_in_course", _("Counselling inside the course")
    DROPOUT_ALERTS = (
        "dropout_alerts",
        _("Telling each other about participants at risk of dropping out"),
    )
    RESPONSIBILITIES = "responsibilities", _("Responsibilities and referral paths agreed")
    RESOURCE_POOLING = "resource_pooling", _("Resources pooled (rooms, staff, interpreters)")
    INTERCULTURAL_OPENING = "intercultural_opening", _("Intercultural opening")


class ReferralDirection(models.TextChoices):
    OUTGOING = "outgoing", _("outgoing: we refer to the partner")
    INCOMING = "incoming", _("incoming: referred by the partner")


class ReferralOutcome(models.TextChoices):
    PENDING = "pending", _("no feedback yet")
    ACCEPTED = "accepted", _("accepted")
    COMPLETED = "completed", _("completed")
    DECLINED = "declined", _("declined")
    NO_SHOW = "no_show", _("did not go")


FINAL_OUTCOMES: frozenset[str] = frozenset(
    {
        ReferralOutcome.ACCEPTED,
        ReferralOutcome.COMPLETED,
        ReferralOutcome.DECLINED,
        ReferralOutcome.NO_SHOW,
    }
)
ARRIVED_OUTCOMES: frozenset[str] = frozenset({ReferralOutcome.ACCEPTED, ReferralOutcome.COMPLETED})


class DataItem(models.TextChoices):
    """Kinds of personal data a referral may pass on, within the client's consent."""

    CONTACT = "contact", _("Name and contact details")
    RESIDENCE = "residence", _("Residence status")
    LANGUAGE_COURSE = "language_course", _("Language skills and integration course")
    CONCERN = "concern", _("Concern and counselling so far")
    DOCUMENTS = "documents", _("Copies of documents")


class ActivityKind(models.TextChoices):
    """Network and intercultural-opening work (§D8, §D9), documented without client names."""

    INFORMATION_EVENT = "information_event", _("Information event")
    TRAINING = "training", _("Training for other actors")
    JOINT_ACTION = "joint_action", _("Joint action")
    WORKING_GROUP = "working_group", _("Working group")
    COMMUNITY_WORK = "community_work", _("Community and neighbourhood work")
    ANTI_DISCRIMINATION = "anti_discrimination", _("Anti-discrimination work")


class CoreArea(models.TextChoices):
    """The four core areas of integration agencies (§D9)."""

    CIVIC_ENGAGEMENT = "civic_engagement", _("Civic engagement of and for migrants")
    INTERCULTURAL_OPENING = "intercultural_opening", _("Intercultural opening")
    SOCIAL_SPACE = "social_space", _("Social-space-oriented work")
    ANTI_DISCRIMINATION = "anti_discrimination", _("Anti-discrimination work")
