"""Counselling contacts (§D4): the services' rules, counting by §D12 and follow-ups due."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from lotse.clients.models import Client, CounsellingContact, Topic, TopicCatalogue
from lotse.clients.selectors.contacts import contact_counts, follow_up_state, follow_ups_due
from lotse.clients.services.contacts import contact_create, contact_update, follow_up_mark_done
from lotse.common.errors import ConflictError, DomainError
from lotse_testing import raw_column

DAY = date(2025, 3, 10)


def topics(*codes: str, on: date = DAY) -> list[Topic]:
    catalogue = TopicCatalogue.objects.in_force(on)
    assert catalogue is not None
    found = {t.code: t for t in catalogue.topics.filter(code__in=codes)}
    return [found[code] for code in codes]


def make_contact(org, client=None, **overrides) -> CounsellingContact:
    on = overrides.pop("date", DAY)
    values = {
        "client": client or org.client_a,
        "counsellor": org.users["counsellor"],
        "date": on,
        "duration_minutes": 45,
        "form": "in_person",
        "kind": "client",
        "language": "ar",
        "interpreter": "professional",
        "topics": topics("residence_law", on=on),
        "notes": "",
        "next_steps": "",
        "follow_up_on": None,
    }
    values.update(overrides)
    return contact_create(**values)


def update_values(contact: CounsellingContact, **overrides):
    values = {
        "contact": contact,
        "expected_version": contact.version,
        "date": contact.date,
        "duration_minutes": contact.duration_minutes,
        "form": contact.form,
        "kind": contact.kind,
        "language": contact.language,
        "interpreter": contact.interpreter,
        "topics": list(contact.topics.all()),
        "notes": contact.notes,
        "next_steps": contact.next_steps,
        "follow_up_on": contact.follow_up_on,
    }
    values.update(overrides)
    return values


# --- services ------------------------------------------------------------------------------


def test_create_stores_one_contact_with_its_topics_and_encrypts_the_text(org) -> None:
    contact = make_contact(
        org,
        topics=topics("residence_law", "housing", "health"),
        notes="Bescheid der Ausländerbehörde besprochen",
        next_steps="Termin beim Jobcenter",
        follow_up_on=DAY + timedelta(days=14),
    )
    assert CounsellingContact.objects.count() == 1
    assert sorted(contact.topics.values_list("code", flat=True)) == [
        "health",
        "housing",
        "residence_law",
    ]
    stored = raw_column("clients_counsellingcontact", "notes", contact.pk)
    assert stored.startswith("lse1:") and "Ausländerbehörde" not in stored
    fresh = CounsellingContact.objects.get(pk=contact.pk)
    assert fresh.notes == "Bescheid der Ausländerbehörde besprochen"
    assert (fresh.version, fresh.follow_up_done) == (1, False)


@pytest.mark.parametrize("minutes", [0, 601])
def test_duration_outside_one_to_six_hundred_minutes_is_refused(org, minutes) -> None:
    with pytest.raises(DomainError):
        make_contact(org, duration_minutes=minutes)
    assert not CounsellingContact.objects.exists()


@pytest.mark.parametrize("minutes", [1, 600])
def test_duration_edges_are_accepted(org, minutes) -> None:
    assert make_contact(org, duration_minutes=minutes).duration_minutes == minutes


def test_follow_up_before_the_contact_is_refused_on_the_same_day_allowed(org) -> None:
    with pytest.raises(DomainError):
        make_contact(org, follow_up_on=DAY - timedelta(days=1))
    assert make_contact(org, follow_up_on=DAY).follow_up_on == DAY


def test_at_least_one_topic(org) -> None:
    with pytest.raises(DomainError):
        make_contact(org, topics=[])


def test_topics_must_come_from_the_catalogue_in_force_on_the_date(org) -> None:
    new = TopicCatalogue.objects.create(version="2025", effective_from=date(2025, 1, 1))
    new_topic = Topic.objects.create(
        catalogue=new, code="residence_law", label_de="Aufenthalt", label_en="Residence"
    )
    old_topic = Topic.objects.get(catalogue__version="2016", code="residence_law")
    # After 1 January 2025 only the new catalogue's topics count …
    with pytest.raises(DomainError):
        make_contact(org, date=date(2025, 2, 1), topics=[old_topic])
    assert make_contact(org, date=date(2025, 2, 1), topics=[new_topic]).pk
    # … and before it, only the old one's.
    with pytest.raises(DomainError):
        make_contact(org, date=date(2024, 12, 31), topics=[new_topic])
    assert make_contact(org, date=date(2024, 12, 31), topics=[old_topic]).pk


def test_a_contact_in_the_future_is_refused(org) -> None:
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(DomainError):
        make_contact(org, date=tomorrow, topics=topics("housing", on=tomorrow))


def test_unknown_language_and_form_are_refused(org) -> None:
    with pytest.raises(DomainError):
        make_contact(org, language="xx")
    with pytest.raises(DomainError):
        make_contact(org, form="carrier_pigeon")


def test_update_saves_and_counts_the_version_up(org) -> None:
    contact = make_contact(org)
    contact_update(
        **update_values(
            contact, duration_minutes=90, topics=topics("housing", "childcare"), notes="neu"
        )
    )
    fresh = CounsellingContact.objects.get(pk=contact.pk)
    assert (fresh.duration_minutes, fresh.notes, fresh.version) == (90, "neu", 2)
    assert sorted(fresh.topics.values_list("code", flat=True)) == ["childcare", "housing"]


def test_update_from_a_stale_version_is_a_conflict_and_changes_nothing(org) -> None:
    contact = make_contact(org)
    stale = CounsellingContact.objects.get(pk=contact.pk)
    contact_update(**update_values(contact, notes="first"))
    with pytest.raises(ConflictError):
        contact_update(**update_values(stale, notes="second", topics=topics("housing")))
    fresh = CounsellingContact.objects.get(pk=contact.pk)
    assert (fresh.notes, fresh.version) == ("first", 2)
    assert list(fresh.topics.values_list("code", flat=True)) == ["residence_law"]


def test_update_breaking_a_rule_does_not_use_up_the_version(org) -> None:
    contact = make_contact(org)
    with pytest.raises(DomainError):
        contact_update(**update_values(contact, follow_up_on=DAY - timedelta(days=3)))
    assert CounsellingContact.objects.get(pk=contact.pk).version == 1


def test_follow_up_done_is_recorded_once_and_makes_open_edit_forms_stale(org) -> None:
    contact = make_contact(org, follow_up_on=DAY + timedelta(days=7))
    done = follow_up_mark_done(contact=contact)
    assert (done.follow_up_done, done.version) == (True, 2)
    again = follow_up_mark_done(contact=done)  # a double click changes nothing
    assert again.version == 2
    with pytest.raises(ConflictError):
        contact_update(**update_values(contact, notes="from an old form"))


def test_follow_up_done_needs_a_follow_up(org) -> None:
    with pytest.raises(DomainError):
        follow_up_mark_done(contact=make_contact(org, follow_up_on=None))


# --- counting (§D12) -------------------------------------------------------------------------


def test_contact_counts_hand_worked_example(org) -> None:
    """March 2025, team A only.

    contact 1: 03.03., 60 min, topics residence_law + housing + health
    contact 2: 10.03., 30 min, topic housing
    outside:   01.04. (after the period) and client B's contact (other team)

    contacts = 2 (not 4 topic rows); minutes = 60 + 30 = 90 (not 3 × 60 + 30 = 210);
    topics: residence_law 1, housing 2, health 1 — the sum (4) exceeds the contacts (2).
    """
    make_contact(
        org,
        date=date(2025, 3, 3),
        duration_minutes=60,
        topics=topics("residence_law", "housing", "health"),
    )
    make_contact(org, date=date(2025, 3, 10), duration_minutes=30, topics=topics("housing"))
    make_contact(org, date=date(2025, 4, 1), duration_minutes=45, topics=topics("housing"))
    make_contact(org, client=org.client_b, date=date(2025, 3, 5), duration_minutes=90)

    team_a = Client.objects.filter(team=org.team_a)
    counts = contact_counts(team_a, date(2025, 3, 1), date(2025, 3, 31))

    assert counts == {
        "contacts": 2,
        "topics": {"residence_law": 1, "housing": 2, "health": 1},
        "minutes": 90,
    }
    assert sum(counts["topics"].values()) > counts["contacts"]  # multiple answers


def test_contact_counts_include_both_ends_of_the_period_and_are_zero_when_empty(org) -> None:
    make_contact(org, date=date(2025, 3, 1))
    make_contact(org, date=date(2025, 3, 31))
    clients = Client.objects.all()
    assert contact_counts(clients, date(2025, 3, 1), date(2025, 3, 31))["contacts"] == 2
    empty = contact_counts(clients, date(2024, 1, 1), date(2024, 1, 31))
    assert empty == {"contacts": 0, "topics": {}, "minutes": 0}


# --- follow-ups due ----------------------------------------------------------------------------

TODAY = date(2025, 6, 10)


def test_follow_ups_due_within_a_week_overdue_first_only_visible_clients(org) -> None:
    def follow_up(on: date, client=None, done: bool = False) -> CounsellingContact:
        contact = make_contact(org, client=client, date=date(2025, 6, 1), follow_up_on=on)
        if done:
            follow_up_mark_done(contact=contact)
        return contact

    in_a_week = follow_up(TODAY + timedelta(days=7))  # the last day of the horizon
    today = follow_up(TODAY)
    overdue = follow_up(date(2025, 6, 2))
    follow_up(TODAY + timedelta(days=8))  # too far ahead
    follow_up(date(2025, 6, 3), done=True)  # done
    make_contact(org, date=date(2025, 6, 1))  # no follow-up at all
    follow_up(date(2025, 6, 1), client=org.client_b)  # other team

    due = list(follow_ups_due(user=org.users["counsellor"], today=TODAY))
    assert due == [overdue, today, in_a_week]
    assert [follow_up_state(c, TODAY) for c in due] == ["overdue", "due", "open"]
    # The reader sees the same team; the stranger only team B; the DPO nothing.
    assert list(follow_ups_due(user=org.users["reader"], today=TODAY)) == due
    assert [c.client for c in follow_ups_due(user=org.users["stranger"], today=TODAY)] == [
        org.client_b
    ]
    assert not follow_ups_due(user=org.users["dpo"], today=TODAY).exists()
