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
