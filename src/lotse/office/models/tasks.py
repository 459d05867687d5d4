"""A task: something to do by a date, for one person or for the whole team.

The title and note are encrypted (a title often names the client: "Bescheid für Frau H.
prüfen"). The team is always set, so "the team's tasks" is one indexed filter; the person is
optional (empty: the team's task). A task may concern a client or one of the client's cases;
the client is then always filled in, so erasure, subject access and scoping reach it through
the client.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy, pgettext_lazy

from lotse.cases.models import Case
from lotse.clients.models import Client
from lotse.common.auditing import audited
from lotse.common.fields import EncryptedTextField
from lotse.organisation.models import Team


class TaskQuerySet(models.QuerySet["Task"]):
    def open(self) -> TaskQuerySet:
        return self.filter(done_at__isnull=True)

    def for_teams(self, team_ids: Any) -> TaskQuerySet:
        """Tasks of these teams whose client (if any) is still a visible, unmerged file."""
        return self.filter(team_id__in=team_ids).filter(
            Q(client__isnull=True)
            | Q(client__merged_into__isnull=True, client__team_id__in=team_ids)
        )


@audited
class Task(models.Model):
    title = EncryptedTextField(pgettext_lazy("task", "task"))
    due_date = models.DateField(pgettext_lazy("task", "due on"))
    note = EncryptedTextField(gettext_lazy("note"), blank=True)
    team = models.ForeignKey(
        Team,
        on_delete=models.PROTECT,
        related_name="tasks",
        verbose_name=gettext_lazy("team"),
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=pgettext_lazy("task", "assigned to"),
    )
    client = models.ForeignKey(
        Client,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=gettext_lazy("client"),
    )
    case = models.ForeignKey(
        Case,
        # A case removed (a duplicate, by an administrator) leaves the task on the client's file.
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=gettext_lazy("case"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=gettext_lazy("created by"),
    )
    created_at = models.DateTimeField(gettext_lazy("created at"), auto_now_add=True)
    done_at = models.DateTimeField(pgettext_lazy("task", "done at"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=pgettext_lazy("task", "done by"),
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = pgettext_lazy("task", "task")
        verbose_name_plural = pgettext_lazy("task", "tasks")
        ordering = ["due_date", "pk"]
        indexes = [
            # "My tasks" and the team's list: open tasks of a team by due date.
            models.Index(
                fields=["team", "due_date"],
                condition=Q(done_at__isnull=True),
                name="office_task_open_team_due",
            ),
            models.Index(
                fields=["client", "due_date"],
                condition=Q(done_at__isnull=True),
                name="office_task_open_client_due",
            ),
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk}"

    def audit_client_id(self) -> int | None:
        return self.client_id
