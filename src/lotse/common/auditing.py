"""Every Lotse model declares whether its writes are audited (the audit app writes the trail).

``@audited`` models get create/update/delete entries automatically (see ``lotse.audit.signals``);
``@not_audited("why")`` models are opted out with a reason a reviewer can judge. The test
``tests/audit/test_coverage.py`` fails for a model that says neither.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar, overload

from django.db import models

from .fields import EncryptedTextField

M = TypeVar("M", bound=type[models.Model])

AUDITED_ATTR = "_lotse_audited"
OPT_OUT_ATTR = "_lotse_audit_opt_out"
SENSITIVE_ATTR = "_lotse_audit_sensitive_fields"
FORMER_LABELS_ATTR = "_lotse_audit_former_labels"

# The verbs of the entries ``signals`` writes for every audited model, as "<model_name>.<verb>".
GENERIC_VERBS = ("created", "updated", "deleted")


@overload
def audited(model: M, *, sensitive: Iterable[str] = (), former_labels: Iterable[str] = ()) -> M: ...
@overload
def audited(
    model: None = None, *, sensitive: Iterable[str] = (), former_labels: Iterable[str] = ()
) -> Callable[[M], M]: ...
def audited(
    model: M | None = None, *, sensitive: Iterable[str] = (), former_labels: Iterable[str] = ()
) -> M | Callable[[M], M]:
    """Mark a model as audited; ``sensitive`` fields are logged as changed but never by value.

    Encrypted fields are always treated as sensitive. ``former_labels`` are the
    ``app_label.modelname`` labels a renamed model had: entries name their object by its label
    (``object_type``, and ``<model_name>.<verb>`` for the generic ones), and entries already in
    the chain are hashed and never rewritten, so whoever looks entries up by object also looks
    under these names.
    """

    def decorate(cls: M) -> M:
        setattr(cls, AUDITED_ATTR, True)
        setattr(cls, SENSITIVE_ATTR, frozenset(sensitive))
        setattr(cls, FORMER_LABELS_ATTR, tuple(label.lower() for label in former_labels))
        return cls

    if model is not None:
        return decorate(model)
    return decorate


def not_audited(reason: str) -> Callable[[M], M]:
    if not reason.strip():
        raise ValueError("An audit opt-out needs a reason.")

    def decorate(cls: M) -> M:
        setattr(cls, OPT_OUT_ATTR, reason)
        return cls

    return decorate


def is_audited(model: type[models.Model]) -> bool:
    return bool(model.__dict__.get(AUDITED_ATTR, False))


def opt_out_reason(model: type[models.Model]) -> str | None:
    return model.__dict__.get(OPT_OUT_ATTR)


def sensitive_fields(model: type[models.Model]) -> frozenset[str]:
    declared = model.__dict__.get(SENSITIVE_ATTR, frozenset())
    encrypted = {f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)}
    return frozenset(declared) | frozenset(encrypted)


def former_labels(model: type[models.Model]) -> tuple[str, ...]:
    return tuple(model.__dict__.get(FORMER_LABELS_ATTR, ()))


def object_types(model: type[models.Model]) -> tuple[str, ...]:
    """Every ``object_type`` the trail holds entries about ``model`` under, the current first."""
    return (model._meta.label_lower, *former_labels(model))


def renamed_models() -> list[type[models.Model]]:
    return [m for m in lotse_models() if former_labels(m)]


def unclassified_models(models_to_check: Iterable[type[models.Model]]) -> list[str]:
    """Models that neither say ``@audited`` nor ``@not_audited(reason)``."""
    return sorted(
        m._meta.label for m in models_to_check if not is_audited(m) and opt_out_reason(m) is None
    )


def lotse_models() -> list[type[models.Model]]:
    from django.apps import apps

    return [m for m in apps.get_models() if m.__module__.startswith("lotse.")]
