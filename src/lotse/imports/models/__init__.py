"""An import of a spreadsheet (issue #18 §3, DOMAIN §D17): the run and what it created.

The uploaded file itself is never stored: it is parsed at upload, and its rows are kept
encrypted on the run until the import is done (then emptied), so what the run holds in
plain is counts, codes and a report of row numbers with reasons, never a person.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lotse.cases.models import Case
from lotse.clients.models import Client, CounsellingContact
from lotse.common.auditing import audited, not_audited
from lotse.common.fields import EncryptedTextField
from lotse.organisation.models import Team


class ImportKind(models.TextChoices):
    CLIENTS = "clients", _("Clients (with first contact)")
    CONTACTS = "contacts", _("Counselling contacts (for existing files)")
    CASES = "cases", _("Case management cases (for existing files)")


class ImportState(models.TextChoices):
    CHECKED = "checked", _("checked (dry run)")
    QUEUED = "queued", _("waiting to start")
    IMPORTING = "importing", _("importing")
    DONE = "done", _("done")
    UNDONE = "undone", _("undone")
    FAILED = "failed", _("failed")
    EXPIRED = "expired", _("discarded (not started within 24 hours)")


@audited(sensitive=["rows"])
class ImportRun(models.Model):
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=ImportKind.choices, default=ImportKind.CLIENTS)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    state = models.CharField(
        max_length=20, choices=ImportState.choices, default=ImportState.CHECKED
    )
    file_name = EncryptedTextField(_("file name"))
    file_hash = models.CharField(max_length=64)
    # {"header_row": n, "headers": [...], "mapping": {"column": "field"}, "rows": [[n, [...]]]}
    rows = EncryptedTextField(blank=True)
    # [{"row": n, "outcome": "create"|"duplicate"|"error", "reasons": [...], "refs": [...]}]
    report = models.JSONField(default=list)
    total = models.PositiveIntegerField(default=0)
    to_create = models.PositiveIntegerField(default=0)
    duplicates = models.PositiveIntegerField(default=0)
    errors = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    batches_done = models.PositiveIntegerField(default=0)
    batches_total = models.PositiveIntegerField(default=0)
    failure = models.CharField(max_length=300, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    undone_at = models.DateTimeField(null=True, blank=True)
    undo_refused = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return f"Import {self.pk}"

    def parsed(self) -> dict[str, Any]:
        return json.loads(self.rows) if self.rows else {}

    @property
    def progress_percent(self) -> int:
        if not self.batches_total:
            return 100 if self.state == ImportState.DONE else 0
        return min(100, round(100 * self.batches_done / self.batches_total))


@not_audited(
    "A link from an import run to a client file, counselling contact or case it created: "
    "their creation and deletion are audited on the record, the import's start and undo on "
    "the run."
)
class ImportedRecord(models.Model):
    """One record the run created (a client file, a contact or a case): what an undo may
    delete, and nothing else. ``version`` is the contact's or case's version when the import
    had made it: a higher one means someone has worked on it since."""

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="records")
    client = models.ForeignKey(
        Client, on_delete=models.CASCADE, related_name="+", null=True, blank=True
    )
    contact = models.ForeignKey(
        CounsellingContact, on_delete=models.CASCADE, related_name="+", null=True, blank=True
    )
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="+", null=True, blank=True
    )
    version = models.PositiveIntegerField(default=0)
    row = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["run", "row"], name="imported_record_unique_row")
        ]

    def __str__(self) -> str:
        return f"Import {self.run_id}, row {self.row}"
