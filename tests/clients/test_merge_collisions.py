"""Merging two files that both hold a row under the same unique key never ends in a 500."""

from __future__ import annotations

from datetime import date

import pytest
from django.db.models import UniqueConstraint
from django.utils import timezone

from lotse.audit.models import AuditEntry
from lotse.audit.services import verify_chain
from lotse.cases.models import Case
from lotse.cases.services import case_open
from lotse.clients.models import Client
from lotse.clients.services import ClientData, client_create, client_merge
from lotse.clients.services.merge_collisions import RESOLVED_CONSTRAINTS
from lotse.common.errors import DomainError
from lotse.courses.models import AttendanceSignal, CourseParticipation
from lotse.messaging.models import ContactChannel, ContactPreference
from lotse.stats.published import raw_statistics
from lotse.stats.selectors.base import Period
from lotse.volunteers.models import GroupOffer, GroupOfferParticipant
from network.samples import make_course
from stats.data import make_contact


@pytest.fixture
def duplicate(org) -> Client:
    return client_create(
        team=org.team_a,
        data=ClientData(first_name="Amirah", last_name="Hadad", birth_date=date(1980, 5, 17)),
    )


def test_every_unique_constraint_on_a_client_row_is_resolved_by_the_merge() -> None:
    # A new unique constraint involving the client must get a rule in merge_collisions.
    unresolved = []
    for relation in Client._meta.related_objects:
        model = relation.related_model
        if model is Client:
            continue
        field = relation.field.name
        groups = [
            (c.name, c.fields) for c in model._meta.constraints if isinstance(c, UniqueConstraint)
        ] + [("unique_together", tuple(t)) for t in model._meta.unique_together]
        for name, fields in groups:
            if field in fields and name not in RESOLVED_CONSTRAINTS:
                unresolved.append(f"{model._meta.label}.{name}")
        one_to_one = relation.one_to_one or getattr(relation.field, "unique", False)
        if one_to_one and f"{model._meta.label}.{field}" not in RESOLVED_CONSTRAINTS:
            unresolved.append(f"{model._meta.label}.{field} (one-to-one)")
    assert unresolved == []


def test_same_course_keeps_one_participation_with_the_richer_data(org, duplicate) -> None:
    course = make_course(org)
    kept = CourseParticipation.objects.create(course=course, client=org.client_a)
    dup = CourseParticipation.objects.create(
        course=course, client=duplicate, status="completed", exam="dtz", level_reached="B1"
    )
    AttendanceSignal.objects.create(
        participation=dup,
        noted_on=date(2026, 3, 1),
        kind="unexcused",
        source="provider",
        recorded_by=org.users["counsellor"],
    )
    client_merge(source=duplicate, target=org.client_a)
    rows = CourseParticipation.objects.filter(course=course)
    assert list(rows.values_list("pk", flat=True)) == [kept.pk]
    kept.refresh_from_db()
    assert (kept.status, kept.exam, kept.level_reached) == ("completed", "dtz", "B1")
    assert kept.signals.count() == 1
    entry = AuditEntry.objects.get(action="client.merged", client_id=org.client_a.pk)
    assert entry.data["folded"] == {"courses.courseparticipation": 1}
    assert verify_chain().ok


def test_a_running_status_never_overwrites_a_finished_one(org, duplicate) -> None:
    course = make_course(org)
    kept = CourseParticipation.objects.create(
        course=course, client=org.client_a, status="completed"
    )
    CourseParticipation.objects.create(course=course, client=duplicate, status="registered")
    client_merge(source=duplicate, target=org.client_a)
    kept.refresh_from_db()
    assert kept.status == "completed"


def test_same_group_offer_keeps_one_participant(org, duplicate) -> None:
    offer = GroupOffer.objects.create(
        team=org.team_a, title="Bewerbungstraining", created_by=org.users["counsellor"]
    )
    other = GroupOffer.objects.create(
        team=org.team_a, title="Kochen", created_by=org.users["counsellor"]
    )
    by = org.users["counsellor"]
    GroupOfferParticipant.objects.create(offer=offer, client=org.client_a, added_by=by)
    GroupOfferParticipant.objects.create(offer=offer, client=duplicate, added_by=by)
    GroupOfferParticipant.objects.create(offer=other, client=duplicate, added_by=by)
    client_merge(source=duplicate, target=org.client_a)
    assert GroupOfferParticipant.objects.filter(offer=offer).count() == 1
    assert set(
        GroupOfferParticipant.objects.filter(client=org.client_a).values_list("offer", flat=True)
    ) == {offer.pk, other.pk}


def _preference(client, by, channel: str) -> ContactPreference:
    preference = ContactPreference.objects.create(
        client=client,
        preferred_channel=channel,
        language="ar",
        recorded_by=by,
        recorded_at=timezone.now(),
    )
    preference.channels.create(
        channel=channel,
        scope="appointments",
        consent_on=date(2026, 11, 2),
        recorded_by=by,
        recorded_at=timezone.now(),
    )
    return preference


def test_both_contact_preferences_keep_the_targets(org, duplicate) -> None:
    by = org.users["counsellor"]
    kept = _preference(org.client_a, by, "sms")
    _preference(duplicate, by, "email")
    client_merge(source=duplicate, target=org.client_a)
    assert list(ContactPreference.objects.all()) == [kept]
    # The duplicate's channels went with its preference; the survivor's stay.
    assert list(ContactChannel.objects.values_list("preference", "channel")) == [(kept.pk, "sms")]


def test_the_duplicates_only_contact_preference_moves(org, duplicate) -> None:
    moved = _preference(duplicate, org.users["counsellor"], "email")
    client_merge(source=duplicate, target=org.client_a)
    moved.refresh_from_db()
    assert moved.client_id == org.client_a.pk
    assert list(moved.channels.values_list("channel", flat=True)) == ["email"]


def test_same_language_keeps_the_targets_level(org, duplicate) -> None:
    duplicate.languages.create(language="fa", level="native")
    duplicate.languages.create(language="en", level="A2")
    org.client_a.languages.create(language="fa", level="B1")
    client_merge(source=duplicate, target=org.client_a)
    assert dict(org.client_a.languages.values_list("language", "level")) == {
        "fa": "B1",
        "en": "A2",
    }


def test_two_cases_in_one_service_are_refused_and_nothing_changes(org, duplicate) -> None:
    by = org.users["counsellor"]
    case_open(client=org.client_a, counsellor=by, opened_on=date(2026, 1, 5))
    case_open(client=duplicate, counsellor=by, opened_on=date(2026, 2, 5))
    duplicate.languages.create(language="tr", level="native")
    with pytest.raises(DomainError) as refused:
        client_merge(source=duplicate, target=org.client_a)
    assert "Beide Akten haben einen Fall" in str(refused.value.args[0])
    duplicate.refresh_from_db()
    assert duplicate.merged_into_id is None
    assert Case.objects.filter(client=duplicate).count() == 1
    assert duplicate.languages.filter(language="tr").exists()
    assert not AuditEntry.objects.filter(action="client.merged").exists()


def test_a_case_only_in_the_duplicate_moves(org, duplicate) -> None:
    case = case_open(
        client=duplicate, counsellor=org.users["counsellor"], opened_on=date(2026, 2, 5)
    )
    client_merge(source=duplicate, target=org.client_a)
    case.refresh_from_db()
    assert case.client_id == org.client_a.pk


def test_statistics_count_the_merged_person_once(org, duplicate) -> None:
    counsellor = org.users["counsellor"]
    make_contact(org.client_a, date(2025, 3, 10), counsellor)
    make_contact(duplicate, date(2025, 6, 1), counsellor)
    period = Period.year(2025)

    def clients() -> int:
        tables = {t.key: t for t in raw_statistics([org.team_a.pk], period).tables}
        return tables["clients_by_service"].total

    before = clients()
    client_merge(source=duplicate, target=org.client_a)
    assert clients() == before - 1


def test_the_merge_page_shows_the_case_refusal_instead_of_an_error(
    org, duplicate, as_persona
) -> None:
    from django.urls import reverse

    by = org.users["counsellor"]
    case_open(client=org.client_a, counsellor=by, opened_on=date(2026, 1, 5))
    case_open(client=duplicate, counsellor=by, opened_on=date(2026, 2, 5))
    response = as_persona("counsellor").post(
        reverse("client_merge", args=[duplicate.pk]),
        {"target_file_number": org.client_a.file_number},
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
