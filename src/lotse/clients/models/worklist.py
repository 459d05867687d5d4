"""A user's saved filters of the working lists (issue #17 §3 "Working lists").

One table for both lists: ``kind`` names the list a filter belongs to (the client list, the
case list); names are unique and the number is capped per user and list.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lotse.common.auditing import not_audited


class FilterKind(models.TextChoices):
    CLIENTS = "clients", _("client list")
    CASES = "cases", _("case list")


@not_audited("a user's own list settings: filter codes and a name they chose, no client data")
class SavedFilter(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_client_filters"
    )
    kind = models.CharField(
        _("list"), max_length=10, choices=FilterKind.choices, default=FilterKind.CLIENTS
    )
    name = models.CharField(_("name"), max_length=80)
    # The normalised query string: only known filter keys and offered values, sorted.
    query = models.CharField(max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("saved filter")
        verbose_name_plural = _("saved filters")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "name"], name="saved_filter_unique_kind_name"
            )
        ]

    def __str__(self) -> str:
        return self.name
