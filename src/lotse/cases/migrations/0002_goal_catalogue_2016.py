"""The §D5 goal catalogue of the MBE concept (seed 001), with the §D12 indicators each feeds."""

from datetime import date

from django.db import migrations

# code, German (the concept's words), English, module, indicators fed by default
GOALS = [
    ("residence_status", "Sicherung und Verfestigung des Aufenthaltsstatus",
     "Secure and consolidate residence status", "social", ["residence_secured"]),
    ("german_beyond_course", "Erwerb von Kenntnissen der deutschen Sprache über den Integrationskurs hinaus",
     "German beyond the integration course", "language", ["other_language_course", "course_completed"]),
    ("labour_market_access", "Hinführung zu Angeboten der Eingliederung in den Arbeitsprozess",
     "Access to labour-market integration", "education_profession",
     ["labour_market_integration", "job_agency_independent"]),
    ("integration_measures", "Teilnahme an integrationsfördernden Maßnahmen",
     "Participation in integration measures", "language",
     ["integration_course", "course_completed", "attendance_improved"]),
    ("health_care", "Selbstständige Nutzung der Angebote der Gesundheits- und Altenhilfe",
     "Independent use of health and elderly care", "social", ["independent_life_management"]),
    ("school_vocational_degree", "Hinführung zur Erreichung eines qualifizierten Schul- oder Berufsabschlusses",
     "Qualified school or vocational degree", "education_profession",
     ["vocational_degree", "qualification_recognition"]),
    ("children_kindergarten", "Besuch eines Kindergartens durch die Kinder",
     "Children attend kindergarten", "social", ["independent_life_management"]),
    ("children_school", "Eingliederung der Kinder in das Schulsystem",
     "Children integrated into school", "social", ["independent_life_management"]),
    ("psychosocial_stability", "Stärkung der psychosozialen Stabilität",
     "Psychosocial stability", "social", ["crises_mastered"]),
    ("independent_livelihood", "Selbstständige Sicherung des Lebensunterhaltes",
     "Independent livelihood", "education_profession", ["employment_contract", "training_or_job"]),
    ("social_benefits", "Selbstständige Inanspruchnahme sozialer Leistungen",
     "Independent use of social benefits", "social", ["independent_life_management"]),
    ("life_management", "Stärkung der Fähigkeit zur selbstständigen Lebensgestaltung",
     "Independent life management", "social", ["independent_life_management"]),
    ("participation", "Partizipation im gesellschaftlichen Umfeld",
     "Participation in society", "social", ["independent_life_management"]),
    ("onward_migration", "Informierte Aus- oder Weiterwanderungsentscheidung und -planung",
     "Informed onward-migration decision", "social", []),
    ("return_decision", "Informierte Rückkehrentscheidung und -planung",
     "Informed return decision", "social", []),
]


def add_catalogue(apps, schema_editor):
    GoalCatalogue = apps.get_model("cases", "GoalCatalogue")
    CatalogueGoal = apps.get_model("cases", "CatalogueGoal")
    catalogue, _ = GoalCatalogue.objects.get_or_create(
        version="2016",
        defaults={"effective_from": date(2016, 1, 1), "source": "MBE-Konzeption (Seed 001)"},
    )
    for position, (code, label_de, label_en, module, indicators) in enumerate(GOALS, start=1):
        CatalogueGoal.objects.get_or_create(
            catalogue=catalogue,
            code=code,
            defaults={
                "label_de": label_de,
                "label_en": label_en,
                "module": module,
                "indicators": indicators,
                "position": position,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]
    operations = [migrations.RunPython(add_catalogue, migrations.RunPython.noop)]
