"""A document a client brought or Lotse received, attached to the client's file or a case.

The content lives encrypted in the ``clientdocs`` storage (see ``services.storage``); the row
names the blob by a random name that says nothing about the client. Title and original file
name are encrypted columns; kind, date, type and size are plain so lists can sort by them.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import pgettext_lazy

from lotse.cases.models import Case
from lotse.clients.models import Client, visible_client_q
from lotse.common.auditing import audited
from lotse.common.fields import EncryptedDateField, EncryptedTextField

from ..types import EXTENSIONS


class DocumentKind(models.TextChoices):
    DECISION = "decision", pgettext_lazy("document kind", "Decision")
    LETTER = "letter", pgettext_lazy("document kind", "Letter")
    CERTIFICATE = "certificate", pgettext_lazy("document kind", "Certificate")
    CONTRACT = "contract", pgettext_lazy("document kind", "Contract")
    ID = "id", pgettext_lazy("document kind", "ID document")
    OTHER = "other", pgettext_lazy("document kind", "Other")


class ClientDocumentQuerySet(models.QuerySet["ClientDocument"]):
    def visible_to(self, user: Any) -> ClientDocumentQuerySet:
        return self.filter(visible_client_q(user))


@audited
class ClientDocument(models.Model):
    client = models.ForeignKey(
        Client,
        on_delete=models.CASCADE,
        related_name="documents",
        verbose_name=pgettext_lazy("client document", "client"),
    )
    case = models.ForeignKey(
        Case,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=pgettext_lazy("client document", "case"),
    )
    kind = models.CharField(
        pgettext_lazy("client document", "kind of document"),
        max_length=20,
        choices=DocumentKind.choices,
        default=DocumentKind.OTHER,
    )
    document_date = EncryptedDateField(
        pgettext_lazy("client document", "date of the document"), null=True, blank=True
    )
    title = EncryptedTextField(pgettext_lazy("client document", "title"))
    original_name = EncryptedTextField(pgettext_lazy("client document", "file name"))
    content_type = models.CharField(
        pgettext_lazy("client document", "file type"), max_length=100, editable=False
    )
    size = models.PositiveIntegerField(
        pgettext_lazy("client document", "size in bytes"), editable=False
    )
    # Names in the clientdocs storage: random, never derived from the client or the upload.
    blob_name = models.CharField(max_length=100, unique=True, editable=False)
    preview_blob_name = models.CharField(max_length=100, blank=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=pgettext_lazy("client document", "uploaded by"),
    )
    created_at = models.DateTimeField(
        pgettext_lazy("client document", "uploaded at"), auto_now_add=True
    )

    objects = ClientDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = pgettext_lazy("client document", "document")
        verbose_name_plural = pgettext_lazy("client document", "documents")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["client", "-created_at"], name="clientdoc_client_created")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    def audit_client_id(self) -> int | None:
        return self.client_id

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")

    @property
    def extension(self) -> str:
        return EXTENSIONS.get(self.content_type, "bin")
