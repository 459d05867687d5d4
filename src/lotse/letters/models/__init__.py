"""Letter templates of a counselling centre (issue #17 §2) and their versions per language.

A template is a Word file with placeholders (``lotse.letters.placeholders``), so it holds no
client data: its file lives plain in the ``letters`` storage. The shipped templates point at the
committed files in ``letters/data`` (``builtin_name``) instead of a stored copy; a team lead's
upload becomes the newer, active version of that language.
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils.translation import gettext_lazy as _

from lotse.common.auditing import audited
from lotse.organisation.models import Centre


class LetterKind(models.TextChoices):
    ATTENDANCE = "attendance_confirmation", _("Confirmation of counselling attendance")
    INVITATION = "appointment_invitation", _("Invitation to an appointment")
    MISSING_DOCUMENTS = "missing_documents", _("Request for missing documents")
    AUTHORITY = "authority_letter", _("Letter to an authority")
    CUSTOM = "custom", _("Other letter")


def _letters_storage():  # type: ignore[no-untyped-def]
    return storages["letters"]


@audited
class LetterTemplate(models.Model):
    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, related_name="letter_templates", verbose_name=_("centre")
    )
    kind = models.CharField(_("kind of letter"), max_length=30, choices=LetterKind.choices)
    name = models.CharField(_("name"), max_length=120)
    needs_partner_consent = models.BooleanField(
        _("goes to a partner: needs the client's consent for that partner"), default=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("letter template")
        verbose_name_plural = _("letter templates")
        ordering = ["centre", "name"]
        constraints = [
            models.UniqueConstraint(fields=["centre", "name"], name="letter_template_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


@audited
class LetterTemplateVersion(models.Model):
    template = models.ForeignKey(LetterTemplate, on_delete=models.CASCADE, related_name="versions")
    language = models.CharField(_("language"), max_length=8)
    number = models.PositiveIntegerField(_("version"))
    file = models.FileField(
        _("Word file"), upload_to="letter-templates/", storage=_letters_storage, blank=True
    )
    # A shipped template: the path below letters/data ("de/attendance_confirmation.docx").
    builtin_name = models.CharField(max_length=100, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("letter template version")
        verbose_name_plural = _("letter template versions")
        ordering = ["template", "language", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "language", "number"], name="letter_version_unique_number"
            ),
            models.UniqueConstraint(
                fields=["template", "language"],
                condition=models.Q(active=True),
                name="letter_version_one_active",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.template} {self.language} v{self.number}"


class MassRunState(models.TextChoices):
    QUEUED = "queued", _("waiting to start")
    RUNNING = "running", _("writing letters")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class SkipReason(models.TextChoices):
    """Why a client of a mass letter got no letter: a code on the run, shown translated."""

    ANONYMOUS = "anonymous", _("anonymous or anonymised file: no name for a letter")
    NO_PARTNER = "no_partner", _("please choose the partner the letter goes to")
    OTHER_CENTRE = "other_centre", _("the partner belongs to another counselling centre")
    NO_CONSENT = "no_consent", _("no recorded written consent to pass data to this partner")
    NO_ADDRESS = "no_address", _("no postal address recorded")
    UNAVAILABLE = "unavailable", _("the file is no longer open to you")
    RENDER_FAILED = "render_failed", _("the letter could not be written (template error)")


@audited
class MassLetterRun(models.Model):
    """A mass letter written in the background (issue #17 §2, issue #18 §1).

    Holds ids, counts and reason codes, never a name: the names are read from the client
    files when the run's page is shown. The combined PDF or ZIP is kept encrypted in the
    client documents' storage under ``result_blob`` (each letter is also in its client's
    documents) until the creator deletes it or the nightly prune does after a few days.
    """

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="+")
    template = models.ForeignKey(LetterTemplate, on_delete=models.PROTECT, related_name="+")
    partner = models.ForeignKey(
        "network.Partner", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # "" = each client's language for documents; else one language for every letter.
    language = models.CharField(max_length=8, blank=True)
    output = models.CharField(max_length=8, default="pdf")  # "pdf" or "docx" (a ZIP)
    client_ids = models.JSONField(default=list)
    state = models.CharField(max_length=10, choices=MassRunState.choices, default="queued")
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    produced = models.PositiveIntegerField(default=0)
    # [{"client_id": 1, "document_id": 2}]
    produced_items = models.JSONField(default=list)
    # [{"client_id": 1, "file_number": "JMD-2026-0001", "reason_code": "no_address"}]
    skipped = models.JSONField(default=list)
    result_blob = models.CharField(max_length=200, blank=True)
    result_name = models.CharField(max_length=80, blank=True)
    result_type = models.CharField(max_length=80, blank=True)
    result_deleted_at = models.DateTimeField(null=True, blank=True)
    failure = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("mass letter")
        verbose_name_plural = _("mass letters")

    def __str__(self) -> str:
        return f"Mass letter {self.pk}"

    @property
    def active(self) -> bool:
        return self.state in (MassRunState.QUEUED, MassRunState.RUNNING)

    @property
    def progress_percent(self) -> int:
        if not self.total:
            return 100 if self.state == MassRunState.DONE else 0
        return min(100, round(100 * self.done / self.total))
