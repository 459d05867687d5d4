"""The client file. Every query for client data starts at ``Client.objects.visible_to``."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from lotse.accounts.roles import CLIENT_ROLES
from lotse.audit.registry import audited, not_audited
from lotse.common.fields import EncryptedCharField
from lotse.organisation.models import Team


class ClientQuerySet(models.QuerySet["Client"]):
    def visible_to(self, user: Any) -> ClientQuerySet:
        """Clients of the teams in which ``user`` holds a client role; nothing for anyone else."""
        if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
            return self.none()
        from lotse.accounts.models import Membership

        teams = Membership.objects.filter(user=user, role__in=CLIENT_ROLES).values("team_id")
        return self.filter(team_id__in=teams)

    def writable_by(self, user: Any) -> ClientQuerySet:
        if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
            return self.none()
        from lotse.accounts.models import Membership

        teams = Membership.objects.filter(user=user, role__in=CLIENT_ROLES, read_only=False).values(
            "team_id"
        )
        return self.filter(team_id__in=teams)


@audited(sensitive=["birth_date", "name_index"])
class Client(models.Model):
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="clients", verbose_name=_("team")
    )
    file_number = models.CharField(_("file number"), max_length=40, unique=True)
    first_name = EncryptedCharField(_("first name"), max_length=100, blank=True)
    last_name = EncryptedCharField(_("last name"), max_length=100, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    # Keyed hash of the full name: exact search without decrypting (see common.crypto).
    name_index = models.CharField(max_length=32, blank=True, db_index=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    # Optimistic locking: a save that did not start from the current version is a conflict.
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ClientQuerySet.as_manager()

    class Meta:
        verbose_name = _("client")
        verbose_name_plural = _("clients")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["team", "birth_date"], name="client_team_birth_idx")]

    def __str__(self) -> str:
        # Never the name: this string may reach logs and error pages.
        return self.file_number

    def audit_client_id(self) -> int | None:
        return self.pk

    @property
    def display_name(self) -> str:
        name = f"{self.first_name} {self.last_name}".strip()
        return name or str(_("(no name)"))


@not_audited("derived keyed hashes, rebuilt with every audited client change")
class ClientSearchToken(models.Model):
    """Keyed hashes of name prefixes, so that a prefix search never decrypts the table."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="search_tokens")
    digest = models.CharField(max_length=32, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["client", "digest"], name="search_token_unique")
        ]

    def __str__(self) -> str:
        return self.digest
