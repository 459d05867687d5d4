"""Demo projects and a district needs analysis (DOMAIN §D17): a parents' café with goals and
activities, and needs of two districts, one of them a gap nobody covers yet."""

from __future__ import annotations

from datetime import date, timedelta

from lotse.accounts.models import User
from lotse.organisation.models import Centre

from .models import Activity, GoalStatus, Partner
from .services import projects as services


def demo_projects(
    centre: Centre, user: User, partners: dict[str, Partner], today: date
) -> dict[str, int]:
    def partner(name: str) -> list[Partner]:
        return [partners[name]] if name in partners else []

    cafe = services.project_create(
        centre=centre,
        created_by=user,
        data={
            "title": "Elterncafé Lindenhof",
            "district": "Lindenhof",
            "status": "running",
            "starts_on": today - timedelta(days=240),
            "ends_on": today + timedelta(days=125),
            "description": "Wöchentliches Treffen für Eltern aus der Gemeinschaftsunterkunft: "
            "Schule, Kita und Ausbildung, mit Dolmetschung.",
            "participants": 37,
        },
        partners=partner("Brückenbauer Musterstadt e.V."),
    )
    goals = [
        ("Zwölf Familien kennen die Kita-Anmeldung", today - timedelta(days=30), "reached"),
        ("Zwei Elternabende mit der Grundschule", today + timedelta(days=60), "open"),
        ("Ehrenamtliche Dolmetscher:innen für Arabisch und Dari", None, "open"),
    ]
    for text, due_on, status in goals:
        goal = services.project_goal_add(project=cafe, text=text, due_on=due_on)
        services.project_goal_set_status(goal=goal, status=GoalStatus(status))
    linked = Activity.objects.filter(centre=centre, topic__icontains="Lindenhof").update(
        project=cafe
    )
    needs = [
        ("Lindenhof", "Kinderbetreuung während der Integrationskurse", "Befragung der "
         "Bewohner:innen", "Sprachschule Musterstadt gGmbH"),
        ("Lindenhof", "Beratung zur Anerkennung ausländischer Abschlüsse", "Beratung", ""),
        ("Nordstadt", "Hausaufgabenhilfe für Grundschulkinder", "Stadtteilkonferenz",
         "Brückenbauer Musterstadt e.V."),
        ("Nordstadt", "Sprechstunde des Jobcenters im Stadtteil", "Beratung",
         "Jobcenter Musterstadt"),
    ]  # fmt: skip
    for district, need, source, name in needs:
        services.district_need_create(
            centre=centre,
            created_by=user,
            data={
                "district": district,
                "need": need,
                "source": source,
                "found_on": today - timedelta(days=100),
            },
            partners=partner(name),
        )
    return {"projects_created": 1, "project_activities": linked, "district_needs": len(needs)}
