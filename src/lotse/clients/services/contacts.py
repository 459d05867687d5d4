"""Counselling contacts (§D4): record, correct, and tick off the agreed follow-up."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotse.accounts.models import User
from lotse.audit.services import log_action
from lotse.common.errors import DomainError
from lotse.common.services.versioning import claim_version

from ..models import (
    Client,
    ContactForm,
    ContactKind,
    CounsellingContact,
    Interpreter,
    Topic,
    TopicCatalogue,
)

MIN_DURATION = 1
MAX_DURATION = 600  # ten hours: an accompaniment to an authority can take a whole day
# Languages offered for "language used" (ISO 639-1); the names come from pycountry.
CONTACT_LANGUAGES: tuple[str, ...] = (
    "de",
    "ar",
    "fa",
    "tr",
    "fr",
    "en",
    "ru",
    "uk",
    "ku",
    "ps",
    "ti",
    "so",
    "sq",
    "ro",
    "bg",
    "pl",
)


def _check(
    *,
    on: date,
    duration_minutes: int,
    form: str,
    kind: str,
    language: str,
    interpreter: str,
    topics: list[Topic],
    follow_up_on: date | None,
    stored_language: str | None = None,
) -> None:
    """The rules every contact obeys, whether new or corrected."""
    if on > timezone.localdate():
        raise DomainError(_("A counselling contact cannot lie in the future."))
    if not MIN_DURATION <= duration_minutes <= MAX_DURATION:
        raise DomainError(
            _("The duration must be between %(min)d and %(max)d minutes.")
            % {"min": MIN_DURATION, "max": MAX_DURATION}
        )
    if form not in ContactForm.values:
        raise DomainError(_("Unknown form of contact."))
    if kind not in ContactKind.values:
        raise DomainError(_("Unknown kind of contact."))
    if interpreter not in Interpreter.values:
        raise DomainError(_("Unknown kind of interpreting."))
    if language not in CONTACT_LANGUAGES and language != stored_language:
        raise DomainError(_("Unknown language."))
    if not topics:
        raise DomainError(_("Choose at least one topic."))
    catalogue = TopicCatalogue.objects.in_force(on)
    if catalogue is None:
        raise DomainError(_("No topic catalogue is in force on the date of the contact."))
    if any(topic.catalogue_id != catalogue.pk for topic in topics):
        raise DomainError(
            _("The topics must come from the catalogue in force on that date (%(v)s).")
            % {"v": catalogue.version}
        )
    if follow_up_on is not None and follow_up_on < on:
        raise DomainError(_("The follow-up cannot be earlier than the contact."))


@transaction.atomic
def contact_create(
    *,
    client: Client,
    counsellor: User,
    date: date,
    duration_minutes: int,
    form: str,
    kind: str,
    language: str,
    interpreter: str,
    topics: Iterable[Topic],
    notes: str,
    next_steps: str,
    follow_up_on: date | None,
) -> CounsellingContact:
    """One conversation or accompaniment: counted once, whatever the number of its topics."""
    topic_list = list(topics)
    _check(
        on=date,
        duration_minutes=duration_minutes,
        form=form,
        kind=kind,
        language=language,
        interpreter=interpreter,
        topics=topic_list,
        follow_up_on=follow_up_on,
    )
    contact = CounsellingContact.objects.create(
        client=client,
        counsellor=counsellor,
        date=date,
        duration_minutes=duration_minutes,
        form=form,
        kind=kind,
        language=language,
        interpreter=interpreter,
        notes=notes.strip(),
        next_steps=next_steps.strip(),
        follow_up_on=follow_up_on,
    )
    contact.topics.set(topic_list)
    return contact


@transaction.atomic
def contact_update(
    *,
    contact: CounsellingContact,
    expected_version: int,
    date: date,
    duration_minutes: int,
    form: str,
    kind: str,
    language: str,
    interpreter: str,
    topics: Iterable[Topic],
    notes: str,
    next_steps: str,
    follow_up_on: date | None,
    follow_up_done: bool = False,
) -> CounsellingContact:
    """Save only if nobody else saved (or ticked off the follow-up) since it was read."""
    topic_list = list(topics)
    _check(
        on=date,
        duration_minutes=duration_minutes,
        form=form,
        kind=kind,
        language=language,
        interpreter=interpreter,
        topics=topic_list,
        follow_up_on=follow_up_on,
        stored_language=contact.language,
    )
    contact.version = claim_version(
        CounsellingContact,
        contact.pk,
        expected_version,
        message=_("Someone else changed this contact while you were editing it."),
    )
    contact.date = date
    contact.duration_minutes = duration_minutes
    contact.form = form
    contact.kind = kind
    contact.language = language
    contact.interpreter = interpreter
    contact.notes = notes.strip()
    contact.next_steps = next_steps.strip()
    contact.follow_up_on = follow_up_on
    contact.follow_up_done = follow_up_done and follow_up_on is not None
    contact.save()
    before = set(contact.topics.values_list("pk", flat=True))
    after = {topic.pk for topic in topic_list}
    if before != after:
        contact.topics.set(topic_list)
        # Many-to-many changes bypass the generic save log; which topics is not logged.
        log_action(
            action="counsellingcontact.topics_changed",
            obj=contact,
            data={"added": len(after - before), "removed": len(before - after)},
        )
    return contact


@transaction.atomic
def follow_up_mark_done(*, contact: CounsellingContact) -> CounsellingContact:
    """Tick off the follow-up. Bumps the version: an edit form opened before is now stale."""
    locked = CounsellingContact.objects.select_for_update().get(pk=contact.pk)
    if locked.follow_up_on is None:
        raise DomainError(_("This contact has no follow-up."))
    if locked.follow_up_done:
        return locked  # a second click changes nothing
    locked.follow_up_done = True
    locked.version += 1
    locked.save(update_fields=["follow_up_done", "version"])
    log_action(
        action="counsellingcontact.follow_up_done",
        obj=locked,
        data={"follow_up_on": str(locked.follow_up_on)},
    )
    return locked
