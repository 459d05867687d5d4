"""Demo integration courses with a few participants, one of them at risk of dropping out."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.utils import timezone

from lotse.clients.models import Client
from lotse.common.registry import demo_step
from lotse.network.choices import PartnerCategory
from lotse.network.models import Partner

from . import services
from .choices import CourseType, Obligation, ParticipationStatus, RiskReason
from .models import IntegrationCourse

if TYPE_CHECKING:
    from lotse.demo.data import DemoContext

COURSES = [
    (
        "Sprachschule Musterstadt gGmbH",
        CourseType.GENERAL,
        "Integrationskurs A – Vormittag",
        "Mo–Fr 08:30–12:45",
        -60,
        240,
    ),
    (
        "Sprachschule Musterstadt gGmbH",
        CourseType.WOMEN,
        "Frauenintegrationskurs mit Kinderbetreuung",
        "Mo–Do 09:00–12:15",
        -20,
        300,
    ),
    (
        "Volkshochschule Musterstadt",
        CourseType.LITERACY,
        "Alphabetisierungskurs",
        "Mo–Fr 13:30–17:00",
        30,
        400,
    ),
]


@demo_step("courses", order=45)
def demo_courses(context: DemoContext) -> dict[str, int]:
    providers = {
        p.name: p
        for p in Partner.objects.filter(
            centre=context.centre, category=PartnerCategory.COURSE_PROVIDER
        )
    }
    if not providers or IntegrationCourse.objects.filter(provider__centre=context.centre).exists():
        return {"courses_created": 0}
    today = timezone.localdate()
    courses = []
    for name, course_type, title, schedule, start, length in COURSES:
        if name not in providers:
            continue
        courses.append(
            services.course_create(
                provider=providers[name],
                data={
                    "course_type": course_type,
                    "title": title,
                    "number": f"{context.rng.randint(100, 999)}-{today.year}",
                    "start_on": today + timedelta(days=start),
                    "end_on": today + timedelta(days=start + length),
                    "modules": "Sprachkurs Module 1–6, Orientierungskurs",
                    "schedule": schedule,
                    "childcare_offered": course_type == CourseType.WOMEN,
                },
            )
        )
    clients = list(Client.objects.filter(team=context.teams["mbe"]).order_by("pk")[1:30:4])
    made = 0
    for index, client in enumerate(clients):
        course = courses[index % len(courses)]
        participation = services.participation_create(
            client=client,
            course=course,
            data={
                "obligation": context.rng.choice(list(Obligation.values)),
                "childcare_needed": index % 3 == 0,
                "status": ParticipationStatus.ATTENDING
                if course.start_on <= today
                else ParticipationStatus.REGISTERED,
            },
        )
        made += 1
        if index in (0, 4) and course.start_on <= today:
            services.participation_flag_risk(
                participation=participation,
                expected_version=participation.version,
                reason=RiskReason.CHILDCARE if index == 0 else RiskReason.WORK,
                flagged_on=today - timedelta(days=3),
                intervention="Gespräch mit Kursleitung vereinbart.",
            )
    return {"courses_created": len(courses), "participations_created": made}
