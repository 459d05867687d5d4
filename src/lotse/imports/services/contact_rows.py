"""Counselling contacts from a list (issue #18 §3): one row, one contact in an existing file.

A row holds the file (number, or name and date of birth), the date, the duration, the form
and the topics, optionally the counsellor, the language, a follow-up date and a note (the
note is stored encrypted, as the contact form stores it). The rules are the contact
form's (``clients.services.contacts``): not in the future, 1 to 600 minutes, at least one
topic of the catalogue in force on that day, a follow-up not before the contact. A contact
with the same file, date, duration and form as one in Lotse or an earlier row is a
duplicate. The contacts of a batch are written with bulk statements and audited as the
contact form's saves would be.
"""

from __future__ import annotations

from collections.abc import Hashable
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from lotse.audit.services import log_actions
from lotse.audit.signals import created_entry
from lotse.clients.models import CounsellingContact, Topic
from lotse.clients.services.contacts import CONTACT_LANGUAGES, MAX_DURATION, MIN_DURATION
from lotse.clients.services.last_contact import last_contact_refresh
from lotse.common.bulk_insert import insert_many
from lotse.stats.signals import bulk_written

from ..models import ImportedRecord, ImportRun
from .reading import Cell
from .record_values import TopicLookup, parse_duration, parse_form
from .records import RecordChecker, undo_records
from .rows import RowResult, label, row_date
from .values import parse_language, text


class ContactChecker(RecordChecker):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.topics = TopicLookup()
        super().__init__(*args, **kwargs)

    def existing(self) -> list[tuple[Hashable, int]]:
        rows = CounsellingContact.objects.filter(client_id__in=list(self.finder.numbers))
        return [
            ((client, day, minutes, form), client)
            for client, day, minutes, form in rows.values_list(
                "client_id", "date", "duration_minutes", "form"
            ).iterator(chunk_size=5000)
        ]

    def read(self, values: dict[str, Cell], result: RowResult, client_id: int) -> Hashable:
        day = self.required(values, "contact_date", result)
        minutes = form = None
        try:
            minutes = parse_duration(values.get("duration"))
        except ValueError as error:
            result.reasons.append(f"{label('duration')}: {error}")
        if minutes is not None and not MIN_DURATION <= minutes <= MAX_DURATION:
            result.reasons.append(
                _("The duration must be between %(min)d and %(max)d minutes.")
                % {"min": MIN_DURATION, "max": MAX_DURATION}
            )
        try:
            form = parse_form(values.get("form"))
        except ValueError as error:
            result.reasons.append(f"{label('form')}: {error}")
        follow_up = self.date_any(values, "follow_up", result)
        if day and follow_up and follow_up < day:
            result.reasons.append(_("The follow-up cannot be earlier than the contact."))
        topics: list[Topic] = []
        if day is not None:
            topics, unknown = self.topics.parse(values.get("topics"), day)
            if self.topics.in_force(day) is None:
                result.reasons.append(
                    _("No topic catalogue is in force on the date of the contact.")
                )
            elif not topics:
                result.reasons.append(_("Choose at least one topic."))
            elif unknown:
                result.notes.append(_("A topic was not recognised and is not taken over."))
        language = "de"
        if text(values.get("language")):
            language = parse_language(values.get("language")) or ""
            if language not in CONTACT_LANGUAGES:
                result.notes.append(_("The language is not taken over (German is recorded)."))
                language = "de"
        counsellor = self.counsellor(values, result)
        if result.reasons or day is None or minutes is None or form is None:
            return None
        assert counsellor is not None  # no reason: found
        contact = CounsellingContact(
            client_id=client_id,
            counsellor=counsellor,
            date=day,
            duration_minutes=minutes,
            form=form,
            language=language,
            notes=text(values.get("notes")),
            follow_up_on=follow_up,
        )
        result.record = (contact, topics)
        return (client_id, day, minutes, form)

    def date_any(self, values: dict[str, Cell], code: str, result: RowResult) -> date | None:
        """A date that may lie in the future (a follow-up)."""
        return row_date(values, code, result, today=self.today, past=False)

    def create(self, numbers: list[int], cells: dict[int, list[Cell]]) -> int:
        """Create the batch's contacts with bulk statements, audited one by one."""
        run = self.run
        planned = self.planned(numbers, cells)
        contacts = [result.record[0] for result in planned]
        insert_many(contacts)
        last_contact_refresh(contact.client_id for contact in contacts)
        through = CounsellingContact.topics.through
        insert_many(
            through(counsellingcontact_id=contact.pk, topic_id=topic.pk)
            for contact, result in zip(contacts, planned, strict=True)
            for topic in result.record[1]
        )
        insert_many(
            ImportedRecord(run=run, contact=contact, version=contact.version, row=result.row)
            for contact, result in zip(contacts, planned, strict=True)
        )
        log_actions([created_entry(contact) for contact in contacts])
        # bulk_create sends no post_save: the kept statistics learn of the contacts here.
        if contacts:
            bulk_written({run.team_id}, min(contact.date for contact in contacts))
        return len(contacts)


def undo_contacts(run: ImportRun) -> tuple[int, int]:
    return undo_records(run, field="contact", model=CounsellingContact, own=())
