"""Optimistic concurrency: one way for every versioned record (DOMAIN: conflict-safe editing).

Every editable record carries an integer ``version``. A form sends back the version it was
built from; a save succeeds only if that is still the stored version, and increments it in the
same statement. Two people saving the same record never overwrite each other silently: the
second gets a :class:`~lotse.common.errors.ConflictError` with their entries kept.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from ..errors import ConflictError, StrOrPromise

M = TypeVar("M", bound=models.Model)

DEFAULT_MESSAGE = _(
    "Someone else has changed this in the meantime. Your entries are still in the "
    "form; check the current state and save again."
)


def claim_version(
    model: type[models.Model],
    pk: Any,
    expected_version: int,
    message: StrOrPromise | None = None,
) -> int:
    """Compare and increment ``version`` in one UPDATE; return the new version.

    Raises :class:`ConflictError` (with ``message`` or a general one) when somebody saved the
    record since ``expected_version`` was read. Call it inside the transaction that writes the
    rest of the change, so that a failure later in that transaction also undoes the claim.
    """
    claimed = model._default_manager.filter(pk=pk, version=expected_version).update(
        version=F("version") + 1
    )
    if not claimed:
        raise ConflictError(message or DEFAULT_MESSAGE)
    return expected_version + 1


def save_versioned(
    obj: M,
    *,
    expected_version: int,
    changes: Mapping[str, Any],
    message: StrOrPromise | None = None,
) -> M:
    """Claim the version, then apply ``changes`` to ``obj`` and save it.

    ``obj`` keeps the values of fields not in ``changes`` as they were loaded; the claim
    guarantees nobody saved in between, so those values are current.
    """
    obj.version = claim_version(  # type: ignore[attr-defined]
        type(obj), obj.pk, expected_version, message
    )
    for name, value in changes.items():
        setattr(obj, name, value)
    obj.save()
    return obj
