"""Closing files, legal holds, erasure on request and the retention run."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from lotse.audit.services import log_action
from lotse.clients.models import Client
from lotse.common.errors import DomainError

from ..anonymise import anonymise_client
from ..registry import retention_categories


@transaction.atomic
def client_close(*, client: Client, on: date) -> Client:
    if client.closed_on is not None:
        raise DomainError(_("This file is already closed."))
    Client.objects.filter(pk=client.pk).update(closed_on=on)
    client.refresh_from_db()
    log_action(action="client.closed", obj=client, data={"on": on.isoformat()})
    return client


@transaction.atomic
def client_reopen(*, client: Client) -> Client:
    Client.objects.filter(pk=client.pk).update(closed_on=None)
    client.refresh_from_db()
    log_action(action="client.reopened", obj=client)
    return client


@transaction.atomic
def legal_hold_set(*, client: Client, reason: str) -> Client:
    if not reason.strip():
        raise DomainError(_("Please give the reason for the legal hold."))
    Client.objects.filter(pk=client.pk).update(legal_hold=True, legal_hold_reason=reason.strip())
    client.refresh_from_db()
    log_action(action="client.legal_hold_set", obj=client, data={"reason": reason.strip()})
    return client


@transaction.atomic
def legal_hold_clear(*, client: Client) -> Client:
    Client.objects.filter(pk=client.pk).update(legal_hold=False, legal_hold_reason="")
    client.refresh_from_db()
    log_action(action="client.legal_hold_cleared", obj=client)
    return client


@transaction.atomic
def client_erase(*, client: Client) -> dict[str, Any]:
    """Erasure on request (Art. 17): anonymise now, unless a legal hold says otherwise."""
    if client.legal_hold:
        raise DomainError(
            _("This file is under legal hold (%(reason)s) and cannot be erased now.")
            % {"reason": client.legal_hold_reason}
        )
    if client.anonymised_at is not None:
        raise DomainError(_("This file has already been anonymised."))
    return anonymise_client(client, reason="erasure request")


@dataclass
class RetentionReport:
    category: str
    rule: str
    due: list[str] = field(default_factory=list)
    done: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def retention_run(*, today: date, dry_run: bool) -> list[RetentionReport]:
    """List (dry run) or shred what is due. Idempotent: shredded records are no longer due."""
    reports = []
    for category in retention_categories():
        report = RetentionReport(
            category=str(category.label),
            rule=str(category.rule) % {"years": settings.LOTSE_RETENTION_YEARS},
        )
        for obj in list(category.due(today)):
            label = category.describe(obj)
            report.due.append(label)
            if dry_run:
                continue
            try:
                category.shred(obj)
            except (DomainError, PermissionError) as error:
                report.failed.append(f"{label}: {error}")
            else:
                report.done.append(label)
        if not dry_run:
            log_action(
                action="retention.ran",
                data={
                    "category": category.key,
                    "done": len(report.done),
                    "failed": len(report.failed),
                },
            )
        reports.append(report)
    return reports
