"""Writes that change a count mark the kept statistics of their team out of date.

Each watched model answers two questions about one of its rows: which team's counts it is in,
and from which day on it counts (``_reach``). A save marks the rows of the old and the new team
from the earlier of the old and the new day; a delete marks them from the row's day. Writes
that bypass signals (``QuerySet.update``, ``bulk_create``) call ``mark_stale`` themselves, as
the client merge does, or are followed by ``lotse stats rebuild`` (the demo data).

Until anyone asks for kept statistics there are no rows to mark: one cheap ``exists()``
keeps this out of the way of every write of an installation that never opens the page.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from typing import Any

from django.db import models, transaction
from django.db.models import Min
from django.db.models.signals import m2m_changed, post_save, pre_delete, pre_save
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from lotse.cases.models import Case, Closure, Goal, GoalStatusChange, PhaseChange, SupportPlan
from lotse.clients.models import (
    Client,
    CounsellingContact,
    HouseholdMember,
    Intake,
    ResidencePermit,
)
from lotse.clients.signals import files_merging
from lotse.volunteers.models import GroupOffer, GroupOfferDate, GroupOfferParticipant

from .materialised import background_refresh, first_activity, mark_stale
from .models import PeriodAggregate
from .tasks import refresh_statistics

logger = logging.getLogger(__name__)

Reach = tuple[int | None, date | None]

# The client's details the tables count by (lotse.stats.selectors.people.client_rows).
CLIENT_FIELDS = (
    "team_id",
    "merged_into_id",
    "gender",
    "residence",
    "region_of_origin",
    "nationalities",
    "birth_date",
    "birth_year",
    "birth_month",
    "entry_date",
)


def _case_reach(case: Case, on: date | None) -> Reach:
    """A case's rows count from ``on``; goals and plans (current status, undated) from the
    case opening."""
    team = Client.objects.filter(pk=case.client_id).values_list("team_id", flat=True).first()
    return team, on


def _case_of(case_id: int) -> Case | None:
    return Case.objects.filter(pk=case_id).only("client_id", "opened_on").first()


def _via_case(case_id: int | None, on: Callable[[Case], date | None]) -> Reach:
    case = _case_of(case_id) if case_id else None
    return _case_reach(case, on(case)) if case else (None, None)


def _client_team(client_id: int) -> int | None:
    return Client._base_manager.filter(pk=client_id).values_list("team_id", flat=True).first()


def _first_date(offer_id: int) -> date | None:
    return GroupOfferDate.objects.filter(offer_id=offer_id).aggregate(d=Min("date"))["d"]


def _offer_reach(offer: GroupOffer) -> Reach:
    # A participant counts in the team of their file, a date in the team of the offer: a
    # change of the offer (its team) reaches both from its first date.
    return offer.team_id, _first_date(offer.pk)


def _participant_reach(participant: GroupOfferParticipant) -> Reach:
    return _client_team(participant.client_id), _first_date(participant.offer_id)


def _participant_teams(offer_id: int) -> set[int | None]:
    """The teams of an offer's participants: a date held counts them as clients of the
    period (DOMAIN §D16), in the team of their own file."""
    return set(
        GroupOfferParticipant.objects.filter(offer_id=offer_id)
        .values_list("client__team_id", flat=True)
        .distinct()
    )


# Teams beyond the one REACH names whose counts a write changes as well.
ALSO: dict[type[models.Model], Callable[[Any], set[int | None]]] = {
    GroupOfferDate: lambda d: _participant_teams(d.offer_id),
}

REACH: dict[type[models.Model], Callable[[Any], Reach]] = {
    CounsellingContact: lambda c: (_client_team(c.client_id), c.date),
    Intake: lambda i: (_client_team(i.client_id), i.date),
    # The closed-case tables by residence title: cases opened or closed from valid_from on.
    ResidencePermit: lambda p: (_client_team(p.client_id), p.valid_from),
    HouseholdMember: lambda h: (_client_team(h.client_id), first_activity([h.client_id])),
    Case: lambda c: (_client_team(c.client_id), c.opened_on),
    PhaseChange: lambda p: _via_case(p.case_id, lambda _: p.changed_on),
    Closure: lambda c: _via_case(c.case_id, lambda _: c.closed_on),
    SupportPlan: lambda p: _via_case(p.case_id, lambda case: case.opened_on),
    Goal: lambda g: _via_case(
        SupportPlan.objects.filter(pk=g.plan_id).values_list("case_id", flat=True).first(),
        lambda case: case.opened_on,
    ),
    GroupOfferDate: lambda d: (
        GroupOffer.objects.filter(pk=d.offer_id).values_list("team_id", flat=True).first(),
        d.date,
    ),
    GroupOfferParticipant: _participant_reach,
    GroupOffer: _offer_reach,
    GoalStatusChange: lambda s: _via_case(
        Goal.objects.filter(pk=s.goal_id).values_list("plan__case_id", flat=True).first(),
        lambda case: case.opened_on,
    ),
}


def _stale(team_ids: set[int | None], since: date | None) -> None:
    """Mark the kept rows and ask the worker to count them again once the write is committed."""
    if mark_stale(team_ids, since) and background_refresh():
        transaction.on_commit(_enqueue_refresh)


def bulk_written(team_ids: set[int | None], since: date | None) -> None:
    """For writers that bypass the model signals (bulk_create, raw deletes: the spreadsheet
    import and its undo): mark the kept counts of ``team_ids`` stale from ``since``."""
    if _watching():
        _stale(team_ids, since)


def _enqueue_refresh() -> None:
    try:
        if _refresh_waiting():
            return  # the refresh already queued counts this write's rows too
        refresh_statistics.enqueue()
    except Exception:  # the queue being down must not fail the write that was just committed
        logger.exception("statistics refresh could not be queued")


def _refresh_waiting() -> bool:
    """A refresh is queued and not started yet (on the database backend of the task queue),
    so a burst of writes leaves one task, not one per write."""
    backend = refresh_statistics.get_backend()
    if not isinstance(backend, DatabaseBackend):
        return False
    return (
        DBTaskResult.objects.ready()
        .filter(task_path=refresh_statistics.module_path, backend_name=backend.alias)
        .exists()
    )


def _watching() -> bool:
    return PeriodAggregate.objects.exists()


def _earliest(*days: date | None) -> date | None:
    found = [d for d in days if d is not None]
    return min(found) if found else None


def _before_save(sender: type[models.Model], instance: Any, raw: bool = False, **_: Any) -> None:
    instance._stats_before = None
    if raw or instance.pk is None or not _watching():
        return
    old = sender._base_manager.filter(pk=instance.pk).first()  # type: ignore[attr-defined]
    instance._stats_before = REACH[sender](old) if old is not None else None


def _after_save(sender: type[models.Model], instance: Any, raw: bool = False, **_: Any) -> None:
    if raw or not _watching():
        return
    team, since = REACH[sender](instance)
    old_team, old_since = getattr(instance, "_stats_before", None) or (None, None)
    _stale({team, old_team} | _also(sender, instance), _earliest(since, old_since))


def _before_delete(sender: type[models.Model], instance: Any, **_: Any) -> None:
    if _watching():
        team, since = REACH[sender](instance)
        _stale({team} | _also(sender, instance), since)


def _also(sender: type[models.Model], instance: Any) -> set[int | None]:
    teams_also = ALSO.get(sender)
    return teams_also(instance) if teams_also is not None else set()


def _client_before_save(instance: Client, raw: bool = False, **_: Any) -> None:
    instance._stats_before = None  # type: ignore[attr-defined]
    if raw or instance.pk is None or not _watching():
        return
    old = Client._base_manager.filter(pk=instance.pk).first()
    if old is not None:
        before = [getattr(old, f) for f in CLIENT_FIELDS]
        instance._stats_before = (old.team_id, before)  # type: ignore[attr-defined]


def _client_after_save(instance: Client, raw: bool = False, **_: Any) -> None:
    before = getattr(instance, "_stats_before", None)
    if raw or before is None:
        return
    old_team, old_values = before
    if old_values != [getattr(instance, f) for f in CLIENT_FIELDS]:
        _stale({old_team, instance.team_id}, first_activity([instance.pk]))


def _topics_changed(instance: Any, action: str, reverse: bool, **_: Any) -> None:
    if reverse or action not in {"post_add", "post_remove", "post_clear"} or not _watching():
        return
    _stale({_client_team(instance.client_id)}, instance.date)


def connect() -> None:
    for model in REACH:
        uid = f"lotse.stats.{model.__name__}"
        pre_save.connect(_before_save, sender=model, dispatch_uid=uid + ".pre_save")
        post_save.connect(_after_save, sender=model, dispatch_uid=uid + ".post_save")
        pre_delete.connect(_before_delete, sender=model, dispatch_uid=uid + ".pre_delete")
    pre_save.connect(_client_before_save, sender=Client, dispatch_uid="lotse.stats.Client.pre")
    post_save.connect(_client_after_save, sender=Client, dispatch_uid="lotse.stats.Client.post")
    m2m_changed.connect(
        _topics_changed,
        sender=CounsellingContact.topics.through,
        dispatch_uid="lotse.stats.contact_topics",
    )
    files_merging.connect(_files_merging, dispatch_uid="lotse.stats.files_merging")


def _files_merging(source: Client, target: Client, **_: Any) -> None:
    # The merge moves every record with QuerySet.update: the target's counts change from the
    # first day either file was active.
    if _watching():
        _stale({source.team_id, target.team_id}, first_activity([source.pk, target.pk]))
