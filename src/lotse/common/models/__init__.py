from __future__ import annotations

from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from lotse.common.auditing import not_audited


@not_audited("numbering bookkeeping, no personal data")
class Counter(models.Model):
    """Gap-tolerant sequences (file numbers …) that stay unique under concurrent writers."""

    key = models.CharField(_("key"), max_length=100, unique=True)
    value = models.BigIntegerField(_("value"), default=0)

    class Meta:
        verbose_name = _("counter")

    def __str__(self) -> str:
        return f"{self.key}={self.value}"


def next_value(key: str) -> int:
    """Increment and return the counter ``key``; must run inside the caller's transaction.

    The UPDATE takes a row lock on PostgreSQL (the write lock on SQLite) that is held until the
    caller commits, so two writers can never get the same value.
    """
    if not Counter.objects.filter(key=key).update(value=F("value") + 1):
        try:
            with transaction.atomic():
                Counter.objects.create(key=key, value=1)
                return 1
        except IntegrityError:
            # Another writer created it first; now the UPDATE finds the row.
            Counter.objects.filter(key=key).update(value=F("value") + 1)
    return Counter.objects.values_list("value", flat=True).get(key=key)


def next_values(key: str, count: int) -> range:
    """Reserve ``count`` consecutive values of the counter ``key`` in one statement (bulk
    writers); same locking as ``next_value``, inside the caller's transaction."""
    if count < 1:
        return range(0)
    if not Counter.objects.filter(key=key).update(value=F("value") + count):
        try:
            with transaction.atomic():
                Counter.objects.create(key=key, value=count)
                return range(1, count + 1)
        except IntegrityError:
            Counter.objects.filter(key=key).update(value=F("value") + count)
    last = Counter.objects.values_list("value", flat=True).get(key=key)
    return range(last - count + 1, last + 1)
