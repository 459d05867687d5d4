"""Services: registration, training completion, documents, referral, proposals, meetings."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from django.utils import timezone

from lotse.audit.models import AuditEntry
from lotse.audit.services import verify_chain
from lotse.common.errors import ConflictError, DomainError
from lotse.organisation.models import Service, ServiceKind, Team
from lotse.volunteers import services
from lotse.volunteers.models import GroupKind, Partnership, TrainingModule
from lotse.volunteers.states import PartnershipStatus, VolunteerStatus
from lotse_testing import raw_column
from volunteers.samples import (
    complete_training,
    district,
    make_partner,
    make_partnership,
    make_volunteer,
)

pytestmark = pytest.mark.django_db


def test_names_and_contact_details_are_encrypted_and_never_audited(org) -> None:
    volunteer = make_volunteer(
        org, first_name="Hannelore", last_name="Quast", phone="0171 555", email="hq@example.org"
    )
    for column in ("first_name", "last_name", "phone", "email"):
        stored = raw_column("volunteers_volunteer", column, volunteer.pk)
        assert stored.startswith("lse1:") and "Hannelore" not in stored
    partner = make_partner(org, first_name="Yusuf", phone="0151 777")
    assert raw_column("volunteers_tandempartner", "first_name", partner.pk).startswith("lse1:")
    audit = json.dumps([e.data for e in AuditEntry.objects.all()], ensure_ascii=False)
    for secret in ("Hannelore", "Quast", "0171 555", "hq@example.org", "Yusuf", "0151 777"):
        assert secret not in audit
    assert verify_chain().ok


def test_registration_starts_as_applicant_with_profile(org) -> None:
    volunteer = make_volunteer(org, active=False, languages={"de": "native", "tr": "B"})
    assert volunteer.status == VolunteerStatus.APPLICANT
    assert {(r.language, r.level) for r in volunteer.languages.all()} == {
        ("de", "native"),
        ("tr", "B"),
    }
    assert list(volunteer.districts.all()) == [district(org)]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"slots": ["someday"]}, "availability"),
        ({"interests": ["knitting"]}, "interests"),
        ({"max_partnerships": 5}, "three"),
        ({"birth_year": 2024}, "year of birth"),
        ({"last_name": " "}, "first and last name"),
    ],
)
def test_registration_refuses_what_is_not_in_the_catalogues(org, change, message) -> None:
    with pytest.raises(DomainError, match=message):
        make_volunteer(org, **change)


def test_districts_of_another_centre_cannot_be_chosen(org) -> None:
    from lotse.organisation.models import Centre

    other = Centre.objects.create(provider=org.provider, name="Andere Stelle", statistics_id="t-2")
    foreign = district(org)
    foreign.centre = other
    foreign.save()
    with pytest.raises(DomainError, match="own centre"):
        make_volunteer(org, districts=[foreign])


def test_update_detects_a_concurrent_edit(org) -> None:
    volunteer = make_volunteer(org)
    values = {"first_name": "Greta", "last_name": "Winter", "gender": "female"}
    services.volunteer_update(
        volunteer=volunteer,
        expected_version=volunteer.version,
        values=values,
        languages={"de": "native"},
    )
    with pytest.raises(ConflictError):
        services.volunteer_update(
            volunteer=volunteer, expected_version=1, values=values, languages={"de": "native"}
        )


def test_attendance_moves_an_applicant_into_training_and_completes_it(org) -> None:
    volunteer = make_volunteer(org, active=False)
    complete_training(org, volunteer)
    assert volunteer.status == VolunteerStatus.IN_TRAINING
    assert volunteer.training_completed_on is not None
    assert AuditEntry.objects.filter(action="volunteer.training_completed").count() == 1
    # Removing one attendance reopens the training.
    session = volunteer.training_attendances.first().session
    services.attendance_set(session=session, volunteers=[])
    volunteer.refresh_from_db()
    assert volunteer.training_completed_on is None
    assert AuditEntry.objects.filter(action="volunteer.training_reopened").exists()


def test_attendance_is_recorded_only_after_the_session(org) -> None:
    module = TrainingModule.objects.first()
    session = services.training_session_create(
        team=org.team_a,
        module=module,
        date=timezone.localdate() + timedelta(days=3),
        hours=module.hours,
        created_by=org.users["coordinator"],
    )
    with pytest.raises(DomainError, match="taken place"):
        services.attendance_set(session=session, volunteers=[make_volunteer(org)])
    with pytest.raises(DomainError, match="module"):
        services.training_session_create(
            team=org.team_a,
            module=module,
            date=timezone.localdate(),
            hours=module.hours + 1,
            created_by=org.users["coordinator"],
        )


def test_certificate_of_conduct_is_valid_five_years_by_default(org) -> None:
    volunteer = make_volunteer(org)
    document = services.volunteer_document_add(
        volunteer=volunteer,
        kind="conduct",
        issued_on=date(2024, 3, 15),
        valid_until=None,
        seen_by=org.users["coordinator"],
    )
    assert document.valid_until == date(2029, 3, 15)
    with pytest.raises(DomainError, match="expire before"):
        services.volunteer_document_add(
            volunteer=volunteer,
            kind="conduct",
            issued_on=date(2024, 3, 15),
            valid_until=date(2024, 1, 1),
            seen_by=org.users["coordinator"],
        )


def test_referral_copies_only_what_is_given_and_is_logged_for_the_client(org) -> None:
    partner = make_partner(org, client=org.client_a, first_name="Amira")
    assert partner.client == org.client_a and partner.last_name == ""
    entry = AuditEntry.objects.get(action="client.referred_to_partnership")
    assert entry.client_id == org.client_a.pk
    with pytest.raises(DomainError, match="already"):
        make_partner(org, client=org.client_a)


def test_referral_needs_consent(org) -> None:
    with pytest.raises(DomainError, match="consent"):
        make_partner(org, client=org.client_a, consent_on=None)


def test_proposal_keeps_the_match_and_checks_everything(org) -> None:
    volunteer = make_volunteer(org)
    partner = make_partner(org)
    partnership = services.partnership_propose(
        partner=partner, volunteer=volunteer, confirmed_by=org.users["coordinator"]
    )
    assert partnership.status == PartnershipStatus.PROPOSED
    assert partnership.match_score is not None and len(partnership.match_reasons) == 5
    with pytest.raises(DomainError, match="already has a volunteer"):
        services.partnership_propose(
            partner=partner, volunteer=make_volunteer(org), confirmed_by=org.users["coordinator"]
        )
    with pytest.raises(DomainError, match="no free place"):
        services.partnership_propose(
            partner=make_partner(org), volunteer=volunteer, confirmed_by=org.users["coordinator"]
        )
    applicant = make_volunteer(org, active=False)
    with pytest.raises(DomainError, match="active volunteers"):
        services.partnership_propose(
            partner=make_partner(org), volunteer=applicant, confirmed_by=org.users["coordinator"]
        )
    other_team = make_volunteer(org, team=org.team_b, districts=[])
    with pytest.raises(DomainError, match="different teams"):
        services.partnership_propose(
            partner=make_partner(org), volunteer=other_team, confirmed_by=org.users["coordinator"]
        )


def test_withdrawn_consent_ends_the_open_partnership(org) -> None:
    partner = make_partner(org)
    partnership = make_partnership(org, make_volunteer(org), partner)
    values = {
        "first_name": partner.first_name,
        "gender": partner.gender,
        "consent_on": partner.consent_on,
        "consent_withdrawn_on": timezone.localdate(),
    }
    services.partner_update(
        partner=partner, expected_version=partner.version, values=values, languages={"ar": "native"}
    )
    partnership.refresh_from_db()
    assert partnership.status == PartnershipStatus.ENDED
    assert partnership.end_reason == "consent_withdrawn"
    assert AuditEntry.objects.filter(action="partner.consent_withdrawn").exists()


def test_meeting_log_rules(org) -> None:
    partnership = make_partnership(org, make_volunteer(org), make_partner(org))
    today = timezone.localdate()
    meeting = services.meeting_log(
        partnership=partnership,
        date=today,
        duration_minutes=90,
        activities=["german", "authority", "german"],
        logged_by=org.users["coordinator"],
        reported_by="coordinator",
        note="Zusammen zum Bürgeramt.",
    )
    assert meeting.activities == ["authority", "german"]
    assert meeting.partnership.partner.client_id is None
    for change, message in (
        ({"activities": []}, "tick"),
        ({"activities": ["party"]}, "tick"),
        ({"duration_minutes": 0}, "twelve hours"),
        ({"date": today + timedelta(days=1)}, "advance"),
        ({"date": partnership.proposed_on - timedelta(days=1)}, "before"),
        ({"reported_by": "someone"}, "who reported"),
    ):
        values = {
            "date": today,
            "duration_minutes": 60,
            "activities": ["german"],
            "reported_by": "volunteer",
            **change,
        }
        with pytest.raises(DomainError, match=message):
            services.meeting_log(
                partnership=partnership, logged_by=org.users["coordinator"], **values
            )


def test_group_work_in_every_team_with_clients_and_linked_clients_of_its_team(org) -> None:
    agency = Team.objects.create(
        service=Service.objects.create(centre=org.centre, kind=ServiceKind.INTEGRATION_AGENCY),
        name="Integrationsagentur",
    )
    with pytest.raises(DomainError, match="counsels clients"):
        services.offer_create(team=agency, title="X", created_by=org.users["coordinator"])
    with pytest.raises(DomainError, match="Unknown kind"):
        services.offer_create(
            team=org.team_a, title="X", kind="picnic", created_by=org.users["counsellor"]
        )
    evening = services.offer_create(
        team=org.team_a,
        kind=GroupKind.INFORMATION_EVENING,
        title="Informationsabend Anerkennung",
        created_by=org.users["counsellor"],
    )
    services.offer_participant_add(
        offer=evening, client=org.client_a, added_by=org.users["counsellor"]
    )
    held = services.offer_date_add(
        offer=evening, date=timezone.localdate(), duration_minutes=90, participants=14
    )
    assert (evening.kind, held.duration_minutes, held.participants) == (
        "information_evening",
        90,
        14,
    )
    for minutes in (0, 12 * 60 + 1):
        with pytest.raises(DomainError, match="12 hours"):
            services.offer_date_add(
                offer=evening, date=timezone.localdate(), duration_minutes=minutes, participants=1
            )
    offer = services.offer_create(
        team=org.team_b,
        title="Bewerbungstraining",
        topics="Bewerbung,  , Lebenslauf",
        created_by=org.users["stranger"],
    )
    assert offer.topic_list == ["Bewerbung", "Lebenslauf"]
    services.offer_participant_add(offer=offer, client=org.client_b, added_by=org.users["stranger"])
    with pytest.raises(DomainError, match="already"):
        services.offer_participant_add(
            offer=offer, client=org.client_b, added_by=org.users["stranger"]
        )
    with pytest.raises(DomainError, match="own team"):
        services.offer_participant_add(
            offer=offer, client=org.client_a, added_by=org.users["stranger"]
        )


def test_one_open_partnership_per_partner_is_also_a_database_rule(org) -> None:
    from django.db import IntegrityError, transaction

    partnership = make_partnership(org, make_volunteer(org), make_partner(org))
    second = make_volunteer(org, first_name="Jonas")
    with pytest.raises(IntegrityError), transaction.atomic():
        Partnership.objects.create(
            volunteer=second,
            partner=partnership.partner,
            proposed_on=timezone.localdate(),
            confirmed_by=org.users["coordinator"],
        )
    assert Partnership.objects.count() == 1
