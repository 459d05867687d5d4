"""Cooperation agreements with partners, with the signed document (DOMAIN §D6, §D7)."""

from __future__ import annotations

from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _

from lotse.common.auditing import audited

from ..choices import AgreementTopic
from .partner import Partner

TOPIC_FIELDS: dict[str, str] = {
    AgreementTopic.INFORMATION_EVENTS: "topic_information_events",
    AgreementTopic.COUNSELLING_IN_COURSE: "topic_counselling_in_course",
    AgreementTopic.DROPOUT_ALERTS: "topic_dropout_alerts",
    AgreementTopic.RESPONSIBILITIES: "topic_responsibilities",
    AgreementTopic.RESOURCE_POOLING: "topic_resource_pooling",
    AgreementTopic.INTERCULTURAL_OPENING: "topic_intercultural_opening",
}


@audited
class CooperationAgreement(models.Model):
    partner = models.ForeignKey(
        Partner, on_delete=models.PROTECT, related_name="agreements", verbose_name=_("partner")
    )
    title = models.CharField(_("title"), max_length=200)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(
        _("valid until"), null=True, blank=True, help_text=_("Empty: open-ended.")
    )
    review_on = models.DateField(_("review on"), null=True, blank=True)
    topic_information_events = models.BooleanField(
        AgreementTopic.INFORMATION_EVENTS.label, default=False
    )
    topic_counselling_in_course = models.BooleanField(
        AgreementTopic.COUNSELLING_IN_COURSE.label, default=False
    )
    topic_dropout_alerts = models.BooleanField(AgreementTopic.DROPOUT_ALERTS.label, default=False)
    topic_responsibilities = models.BooleanField(
        AgreementTopic.RESPONSIBILITIES.label, default=False
    )
    topic_resource_pooling = models.BooleanField(
        AgreementTopic.RESOURCE_POOLING.label, default=False
    )
    topic_intercultural_opening = models.BooleanField(
        AgreementTopic.INTERCULTURAL_OPENING.label, default=False
    )
    subject = models.TextField(_("subject"), blank=True)
    # The signed document lives outside the web root under a random name (network/uploads.py).
    document_file = models.CharField(max_length=64, blank=True, editable=False)
    document_name = models.CharField(_("document"), max_length=200, blank=True, editable=False)
    document_size = models.PositiveIntegerField(null=True, blank=True, editable=False)
    document_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    document_uploaded_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("cooperation agreement")
        verbose_name_plural = _("cooperation agreements")
        ordering = ["-valid_from", "title"]

    def __str__(self) -> str:
        return self.title

    def is_current(self, on: date) -> bool:
        return self.valid_from <= on and (self.valid_until is None or self.valid_until >= on)

    def review_due(self, on: date) -> bool:
        return self.review_on is not None and self.review_on <= on

    @property
    def topics(self) -> list[str]:
        return [topic for topic, field in TOPIC_FIELDS.items() if getattr(self, field)]

    def topic_labels(self) -> list[str]:
        labels = dict(AgreementTopic.choices)
        return [str(labels[topic]) for topic in self.topics]

    @property
    def has_document(self) -> bool:
        return bool(self.document_file)
