"""Counselling contacts (§D4): one conversation or accompaniment."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lotse.common.auditing import audited
from lotse.common.fields import EncryptedTextField

from .catalogue import Topic
from .client import Client


class ContactForm(models.TextChoices):
    IN_PERSON = "in_person", _("in person")
    PHONE = "phone", _("phone")
    EMAIL = "email", _("e-mail")
    VIDEO = "video", _("video")
    HOME_VISIT = "home_visit", _("home visit")
    ACCOMPANIMENT = "accompaniment", _("accompaniment")


class Interpreter(models.TextChoices):
    NONE = "none", _("no interpreter")
    PROFESSIONAL = "professional", _("professional interpreter")
    VOLUNTEER = "volunteer", _("volunteer interpreter")
    FAMILY = "family", _("family member or friend")


class ContactKind(models.TextChoices):
    CLIENT = "client", _("with the client")
    PARENTS = "parents", _("parents' counselling")
    FAMILY = "family", _("with family members")


@audited
class CounsellingContact(models.Model):
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="contacts")
    date = models.DateField(_("date"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"))
    form = models.CharField(_("form"), max_length=20, choices=ContactForm.choices)
    kind = models.CharField(
        _("with whom"), max_length=20, choices=ContactKind.choices, default=ContactKind.CLIENT
    )
    language = models.CharField(_("language used"), max_length=8, default="de")
    interpreter = models.CharField(
        _("interpreter"), max_length=20, choices=Interpreter.choices, default=Interpreter.NONE
    )
    topics = models.ManyToManyField(Topic, verbose_name=_("topics"), related_name="contacts")
    notes = EncryptedTextField(_("notes"), blank=True)
    next_steps = EncryptedTextField(_("agreed next steps"), blank=True)
    follow_up_on = models.DateField(_("follow up on"), null=True, blank=True)
    follow_up_done = models.BooleanField(_("follow-up done"), default=False)
    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("counselling contact")
        verbose_name_plural = _("counselling contacts")
        ordering = ["-date", "-created_at"]
        indexes = [
            models.Index(fields=["client", "-date"], name="contact_client_date_idx"),
            models.Index(fields=["follow_up_on", "follow_up_done"], name="contact_follow_up_idx"),
            # The dashboard's open follow-ups: only the few open rows, in due order. The id
            # as well, for ties: "due date, then id" is then the index's own order and
            # PostgreSQL reads the first ten rows instead of sorting every follow-up of the
            # first due dates (2.4 -> 0.2 ms at 100,000 files; SQLite's index ends in the
            # row id anyway).
            models.Index(
                fields=["follow_up_on", "id"],
                condition=models.Q(follow_up_done=False, follow_up_on__isnull=False),
                name="contact_open_follow_up_id_idx",
            ),
            # The working list's "follow-up due" filter asks, file by file along the list's
            # order, whether the file has an open follow-up: this answers from the few open
            # rows alone (PostgreSQL otherwise reads every contact of every file it passes).
            models.Index(
                fields=["client", "follow_up_on"],
                condition=models.Q(follow_up_done=False, follow_up_on__isnull=False),
                name="contact_client_open_fu_idx",
            ),
            models.Index(fields=["date"], name="contact_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.get_form_display()}"

    def audit_client_id(self) -> int | None:
        return self.client_id
