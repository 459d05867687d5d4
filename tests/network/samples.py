"""Objects of team A's centre for the network and course tests and the access matrix."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from lotse.courses import services as course_services
from lotse.courses.models import CourseParticipation, IntegrationCourse
from lotse.network import services
from lotse.network.choices import PartnerCategory, PartnerTier, ReferralDirection
from lotse.network.models import (
    Activity,
    ContactPerson,
    CooperationAgreement,
    DistrictNeed,
    Partner,
    Project,
    ProjectGoal,
    Referral,
)
from lotse.network.services import projects as project_services
from lotse_testing import Org

JOBCENTER = "Jobcenter Musterstadt"
LANGUAGE_SCHOOL = "Sprachschule Musterstadt gGmbH"


def minimal_pdf(text: str = "Kooperationsvereinbarung") -> bytes:
    """A small, well-formed one-page PDF (correct cross-reference table)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


def pdf_upload(name: str = "vereinbarung.pdf", data: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, minimal_pdf() if data is None else data, "application/pdf")


def make_partner(
    org: Org, name: str = JOBCENTER, category: str = PartnerCategory.JOBCENTER, **extra: object
) -> Partner:
    found = Partner.objects.filter(centre=org.centre, name=name).first()
    if found is not None:
        return found
    values = {
        "name": name,
        "category": category,
        "tier": PartnerTier.MANDATORY,
        "street": "Bahnhofstraße 21",
        "postal_code": "12345",
        "city": "Musterstadt",
        "opening_hours": "Mo–Fr 08:00–12:00",
        **extra,
    }
    return services.partner_create(centre=org.centre, data=values)


def make_course_provider(org: Org) -> Partner:
    return make_partner(org, LANGUAGE_SCHOOL, PartnerCategory.COURSE_PROVIDER)


def make_agreement(
    org: Org, *, with_document: bool = True, **extra: object
) -> CooperationAgreement:
    data = {
        "title": "Kooperation Jobcenter",
        "valid_from": timezone.localdate() - timedelta(days=30),
        "topic_responsibilities": True,
        **extra,
    }
    return services.agreement_create(
        partner=make_partner(org),
        data=data,
        document=pdf_upload() if with_document else None,
    )


def make_referral(org: Org, **extra: object) -> Referral:
    values: dict[str, object] = {
        "client": org.client_a,
        "partner": make_partner(org),
        "created_by": org.users["counsellor"],
        "direction": ReferralDirection.OUTGOING,
        "purpose": "Antrag auf Bürgergeld",
        "referred_on": timezone.localdate() - timedelta(days=20),
        "expected_feedback_on": timezone.localdate() - timedelta(days=5),
        "without_personal_data": True,
        **extra,
    }
    return services.referral_create(**values)  # type: ignore[arg-type]


def make_course(org: Org, **extra: object) -> IntegrationCourse:
    data = {
        "course_type": "general",
        "title": "Integrationskurs A",
        "start_on": date.today() - timedelta(days=40),
        "end_on": date.today() + timedelta(days=200),
        **extra,
    }
    return course_services.course_create(provider=make_course_provider(org), data=data)


def make_participation(
    org: Org, *, client=None, course=None, **extra: object
) -> CourseParticipation:
    return course_services.participation_create(
        client=client or org.client_a,
        course=course or make_course(org),
        data={"status": "attending", **extra},
    )


def make_activity(org: Org) -> Activity:
    return services.activity_create(
        centre=org.centre,
        created_by=org.users["counsellor"],
        data={
            "kind": "information_event",
            "topic": "Infoabend",
            "held_on": timezone.localdate(),
            "participants": 20,
        },
        partners=[make_partner(org)],
    )


def make_contact_person(org: Org) -> ContactPerson:
    return services.contact_person_add(partner=make_partner(org), data={"name": "Frau Beispiel"})


def make_project(org: Org) -> Project:
    return project_services.project_create(
        centre=org.centre,
        created_by=org.users["counsellor"],
        data={
            "title": "Elterncafé Nordstadt",
            "district": "Nordstadt",
            "status": "running",
            "starts_on": timezone.localdate() - timedelta(days=90),
            "participants": 14,
        },
        partners=[make_partner(org)],
    )


def make_project_goal(org: Org) -> ProjectGoal:
    return project_services.project_goal_add(
        project=make_project(org), text="Zwei Elternabende im Halbjahr", due_on=None
    )


def make_district_need(org: Org) -> DistrictNeed:
    return project_services.district_need_create(
        centre=org.centre,
        created_by=org.users["counsellor"],
        data={
            "district": "Nordstadt",
            "need": "Kinderbetreuung während der Integrationskurse",
            "found_on": timezone.localdate(),
        },
        partners=[],
    )
