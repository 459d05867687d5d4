"""Flags on a client file: crisis, priority, danger, child welfare concern, interpreter.

A flag is set and later cleared; the cleared row stays as the file's history, so at most one
flag of a kind is *active* per client (a conditional unique constraint). That a file carries a
"danger" or "child welfare" flag is itself sensitive: flags are read only through the
client's team scoping (``visible_to``), never by bare id.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy, pgettext_lazy

from lotse.clients.models import Client, visible_client_q
from lotse.common.auditing import audited
from lotse.common.fields import EncryptedTextField


class FlagKind(models.TextChoices):
    CRISIS = "crisis", pgettext_lazy("client flag", "Crisis")
    PRIORITY = "priority", pgettext_lazy("client flag", "Priority")
    DANGER = "danger", pgettext_lazy("client flag", "Danger to self or others")
    CHILD_WELFARE = "child_welfare", pgettext_lazy("client flag", "Child welfare concern")
    INTERPRETER = "interpreter", pgettext_lazy("client flag", "Interpreter needed")


# Kinds whose setting and clearing the audit trail must show by name (§D17, issue #17 §5);
# every kind is audited, these are the ones a reviewer looks for.
AUDITED_KINDS = frozenset({FlagKind.CRISIS, FlagKind.CHILD_WELFARE})


class ClientFlagQuerySet(models.QuerySet["ClientFlag"]):
    def visible_to(self, user: Any) -> ClientFlagQuerySet:
        return self.filter(visible_client_q(user))

    def active(self) -> ClientFlagQuerySet:
        return self.filter(cleared_at__isnull=True)


@audited
class ClientFlag(models.Model):
    client = models.ForeignKey(
        Client,
        on_delete=models.CASCADE,
        related_name="flags",
        verbose_name=gettext_lazy("client"),
    )
    kind = models.CharField(
        pgettext_lazy("client flag", "kind of flag"), max_length=20, choices=FlagKind.choices
    )
    note = EncryptedTextField(gettext_lazy("note"), blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=pgettext_lazy("client flag", "set by"),
    )
    set_at = models.DateTimeField(pgettext_lazy("client flag", "set at"))
    cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=pgettext_lazy("client flag", "cleared by"),
    )
    cleared_at = models.DateTimeField(
        pgettext_lazy("client flag", "cleared at"), null=True, blank=True
    )

    objects = ClientFlagQuerySet.as_manager()

    class Meta:
        verbose_name = pgettext_lazy("client flag", "flag")
        verbose_name_plural = pgettext_lazy("client flag", "flags")
        ordering = ["-set_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["client", "kind"],
                condition=Q(cleared_at__isnull=True),
                name="office_flag_one_active_per_kind",
            )
        ]
        indexes = [
            # The client list's flag filter and badges: active flags of a kind / of some files.
            models.Index(
                fields=["kind", "client"],
                condition=Q(cleared_at__isnull=True),
                name="office_flag_active_kind",
            ),
        ]

    def __str__(self) -> str:
        return str(self.get_kind_display())

    def audit_client_id(self) -> int | None:
        return self.client_id

    @property
    def is_active(self) -> bool:
        return self.cleared_at is None
