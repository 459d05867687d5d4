"""Create/update/delete entries for every ``@audited`` model, whoever writes it.

Generic on purpose: a service that forgets to log still leaves a trace. Domain events
(``case.closed``, ``client.merged``) are logged by the services on top of these.

An entry names the fields that were set or changed, never their values: the trail is kept for
years, is read by administrators and auditors, and must not become a second copy of the files
(issue #15). Only values that name no one are kept: foreign-key ids, booleans and the version
counter. Text, dates, numbers, choices and JSON are recorded by field name alone — whoever needs
the value reads the record itself, where access is checked and encrypted columns stay encrypted.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.apps import apps
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save, pre_save

from lotse.common.auditing import is_audited, sensitive_fields

from .services import MASK, log_action, log_actions

_OLD_STATE = "_lotse_audit_old_state"


# The version counter of optimistic locking: a number that says nothing about anyone.
VERSION_FIELD = "version"


def _field_value(instance: models.Model, field: models.Field) -> Any:
    value = getattr(instance, field.attname)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _snapshot(instance: models.Model) -> dict[str, Any]:
    """Every column's current value: compared in memory to find the changes, never logged."""
    return {f.attname: _field_value(instance, f) for f in instance._meta.concrete_fields}


def value_is_loggable(field: models.Field) -> bool:
    """Whether an entry may hold this field's value, not only its name."""
    if isinstance(field, models.ForeignKey | models.OneToOneField):
        return True
    if isinstance(field, models.BooleanField):
        return True
    return field.name == VERSION_FIELD and isinstance(field, models.PositiveIntegerField)


def _loggable(model: type[models.Model], values: dict[str, Any]) -> dict[str, Any]:
    """The values of ``values`` that name no one (see module docstring), by attname."""
    hidden = sensitive_fields(model)
    kept: dict[str, Any] = {}
    for field in model._meta.concrete_fields:
        if field.attname not in values or not value_is_loggable(field):
            continue
        kept[field.attname] = MASK if field.name in hidden else values[field.attname]
    return kept


def _filled(values: dict[str, Any]) -> list[str]:
    return sorted(k for k, v in values.items() if v not in (None, ""))


def _action(model: type[models.Model], verb: str) -> str:
    return f"{model._meta.model_name}.{verb}"


def remember_old_state(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if kwargs.get("raw") or instance.pk is None or instance._state.adding:
        return
    old = sender._base_manager.filter(pk=instance.pk).first()
    setattr(instance, _OLD_STATE, _snapshot(old) if old is not None else None)


def created_entry(instance: models.Model) -> tuple[str, models.Model, dict[str, Any]]:
    """The entry ``log_save`` writes for a new row, for bulk writers that skip save()
    (``services.log_actions``): the same action and the same details."""
    model = type(instance)
    new = _snapshot(instance)
    return (
        _action(model, "created"),
        instance,
        {"fields": _filled(new), "values": _loggable(model, new)},
    )


def log_save(
    sender: type[models.Model], instance: models.Model, created: bool, **kwargs: Any
) -> None:
    if kwargs.get("raw"):
        return
    if created:
        action, _obj, data = created_entry(instance)
        log_action(action=action, obj=instance, data=data)
        return
    new = _snapshot(instance)
    old = getattr(instance, _OLD_STATE, None) or {}
    changed = {k: v for k, v in new.items() if old.get(k) != v}
    if not changed:
        return
    log_action(
        action=_action(sender, "updated"),
        obj=instance,
        data={
            "changed": sorted(changed),
            "old": _loggable(sender, {k: old.get(k) for k in changed}),
            "new": _loggable(sender, changed),
        },
    )


class _Deletions:
    """The entries of rows deleted within ``deletions_logged_together``, written at its end."""

    def __init__(self) -> None:
        self.items: list[tuple[str, models.Model, dict[str, Any]]] = []
        self.client_ids: list[int | None] = []

    def add(self, action: str, instance: models.Model) -> None:
        # The file is asked now: the rows it is found through (a phase change's case) may be
        # deleted before the end. A copy: the deletion clears the instance's primary key.
        client_id = instance.audit_client_id() if hasattr(instance, "audit_client_id") else None
        self.items.append((action, copy.copy(instance), {}))
        self.client_ids.append(client_id)


_deleted: ContextVar[_Deletions | None] = ContextVar("audit_deleted", default=None)


@contextmanager
def deletions_logged_together() -> Iterator[None]:
    """Rows deleted one by one within get their ``deleted`` entries together, at the end.

    One entry each, as always, but hashed onto one chain under one head lock and inserted in
    batches (``log_actions``) instead of a lock and an insert per row: an import's undo
    deletes 10,000 contacts. Opens a transaction around the deletions if the caller has none,
    so the entries and the deletions are committed or rolled back together.
    """
    pending = _Deletions()
    with transaction.atomic():
        token = _deleted.set(pending)
        try:
            yield
        finally:
            _deleted.reset(token)
        log_actions(pending.items, client_ids=pending.client_ids)


def log_delete(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    pending = _deleted.get()
    if pending is not None:
        pending.add(_action(sender, "deleted"), instance)
        return
    log_action(action=_action(sender, "deleted"), obj=instance, data={})


def connect_audited_models() -> None:
    for model in apps.get_models():
        if not is_audited(model):
            continue
        uid = f"lotse-audit-{model._meta.label_lower}"
        pre_save.connect(remember_old_state, sender=model, dispatch_uid=uid + "-pre")
        post_save.connect(log_save, sender=model, dispatch_uid=uid + "-save")
        post_delete.connect(log_delete, sender=model, dispatch_uid=uid + "-delete")
