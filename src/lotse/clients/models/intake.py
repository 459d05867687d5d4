"""First contact and clearing (§D3) and the eligibility decision taken there (§D2)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lotse.common.auditing import audited
from lotse.common.fields import EncryptedCharField, EncryptedJSONField, EncryptedTextField
from lotse.organisation.models import ServiceKind

from .catalogue import Topic
from .client import Client, Residence


class AccessChannel(models.TextChoices):
    WALK_IN = "walk_in", _("in the centre")
    PHONE = "phone", _("by phone")
    EMAIL = "email", _("by e-mail")
    ONLINE = "online", _("online")
    REFERRED = "referred", _("referred by an institution")


class Livelihood(models.TextChoices):
    """Livelihood situation at intake and closure: the §D12 effect indicator."""

    EMPLOYMENT = "employment", _("employment")
    TRAINING = "training", _("vocational training or studies")
    SGB_II = "sgb_ii", _("basic income support (SGB II)")
    OTHER_BENEFITS = "other_benefits", _("other benefits")
    OWN_MEANS = "own_means", _("own means or family")
    UNKNOWN = "unknown", _("unknown")


class IntakeOutcome(models.TextChoices):
    COUNSELLING = "counselling", _("counselling")
    CASE_MANAGEMENT = "case_management", _("case management")
    REFERRAL = "referral", _("referral counselling")
    WAITING_LIST = "waiting_list", _("waiting list (no free capacity)")


# Plain words for the engine's codes (lotse.eligibility.engine).
DECISION_LABELS = {
    "eligible": _("eligible"),
    "opening_clause": _("only via the opening clause (free capacity)"),
    "not_eligible": _("not eligible"),
    "unknown": _("unclear – data missing"),
    "new_arrival": _("newly arrived"),
    "resettler": _("resettler"),
    "crisis": _("crisis"),
    "jmd": _("Youth migration service (JMD)"),
    "refugee_counselling": _("refugee counselling"),
    "no_status_counselling": _("counselling for people without legal status"),
    "youth_welfare": _("youth welfare office"),
    "regular_services": _("regular social services"),
}


@audited(sensitive=["inputs"])
class EligibilityDecision(models.Model):
    """The engine's decision, stored with the rule set that made it."""

    client = models.ForeignKey(
        Client, on_delete=models.CASCADE, related_name="eligibility_decisions"
    )
    decided_on = models.DateField(_("assessed on"))
    # The facts (age, dates, status) and the explanation that repeats them are personal data.
    inputs = EncryptedJSONField(_("facts used"))
    mbe = models.CharField(_("MBE"), max_length=20)
    mbe_basis = models.CharField(_("MBE basis"), max_length=20, blank=True)
    jmd = models.CharField(_("JMD"), max_length=20)
    priority = models.BooleanField(_("priority"), default=False)
    referral = models.CharField(_("referral to"), max_length=40, blank=True)
    rule_set = models.CharField(_("rule set"), max_length=20)
    rule = models.CharField(_("deciding rule"), max_length=80)
    explanation_de = EncryptedTextField(_("explanation (German)"))
    explanation_en = EncryptedTextField(_("explanation (English)"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("eligibility decision")
        verbose_name_plural = _("eligibility decisions")
        ordering = ["-decided_on", "-created_at"]

    def __str__(self) -> str:
        return f"{self.decided_on} {self.rule_set}"

    def audit_client_id(self) -> int | None:
        return self.client_id

    def mbe_label(self) -> str:
        return str(DECISION_LABELS.get(self.mbe, self.mbe))

    def jmd_label(self) -> str:
        return str(DECISION_LABELS.get(self.jmd, self.jmd))

    def basis_label(self) -> str:
        return str(DECISION_LABELS.get(self.mbe_basis, self.mbe_basis))

    def referral_label(self) -> str:
        return str(DECISION_LABELS.get(self.referral, self.referral))

    @property
    def explanation(self) -> str:
        from django.utils.translation import get_language

        return (
            self.explanation_en
            if (get_language() or "de").startswith("en")
            else self.explanation_de
        )


@audited
class Intake(models.Model):
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="intakes")
    service = models.CharField(_("service"), max_length=40, choices=ServiceKind.choices)
    date = models.DateField(_("date"))
    access_channel = models.CharField(
        _("how the person came"), max_length=20, choices=AccessChannel.choices
    )
    # Free text: a person (a doctor, a teacher) can be named here as well as an institution.
    referring_institution = EncryptedCharField(
        _("referring institution"), max_length=200, blank=True
    )
    concern = EncryptedTextField(_("concern"), blank=True)
    problem_areas = models.ManyToManyField(Topic, blank=True, verbose_name=_("problem areas"))
    support_needs = EncryptedTextField(_("support needs"), blank=True)
    expectations = EncryptedTextField(_("expectations"), blank=True)
    # The residence situation as it was at this first contact: the client's field changes with
    # the person's status, the statistics "at intake" must not (DOMAIN §D16).
    residence = EncryptedCharField(
        _("residence situation at first contact"),
        max_length=30,
        choices=Residence.choices,
        blank=True,
        default="",
    )
    livelihood = models.CharField(
        _("livelihood at intake"),
        max_length=20,
        choices=Livelihood.choices,
        default=Livelihood.UNKNOWN,
    )
    eligibility = models.ForeignKey(
        EligibilityDecision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("eligibility decision"),
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=IntakeOutcome.choices)
    # Free text like referring_institution: may name a person or a specialised service.
    referral_target = EncryptedCharField(_("referred to"), max_length=200, blank=True)
    priority = models.BooleanField(_("priority on the waiting list"), default=False)
    waiting_until = models.DateField(_("left the waiting list on"), null=True, blank=True)
    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("first contact")
        verbose_name_plural = _("first contacts")
        ordering = ["-date", "-created_at"]
        indexes = [models.Index(fields=["outcome", "waiting_until"], name="intake_waiting_idx")]

    def __str__(self) -> str:
        return f"{self.date} {self.get_outcome_display()}"

    def audit_client_id(self) -> int | None:
        return self.client_id
