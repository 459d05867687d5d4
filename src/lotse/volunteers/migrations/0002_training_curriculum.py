"""The 40-hour curriculum of the integration-partnership programme (DOMAIN §D10, seed 003).

The programme names the topics and the total; the split of the 40 hours is the seed
centre's plan and can be changed per module later.
"""

from decimal import Decimal

from django.db import migrations

MODULES = [
    (
        "intercultural_communication",
        "Interkulturelle Kommunikation",
        "Intercultural communication",
        Decimal("10"),
    ),
    (
        "immigration_history",
        "Zuwanderung nach Deutschland (Geschichte und Politik)",
        "Immigration to Germany (history and politics)",
        Decimal("8"),
    ),
    (
        "integration_programmes",
        "Integrationsprogramme des Bundes, des Landes und der Kommune",
        "Integration programmes of the federal government, the state and the municipality",
        Decimal("8"),
    ),
    (
        "legal_framework",
        "Rechtliche Rahmenbedingungen (Zuwanderungsgesetz, Staatsangehörigkeitsrecht)",
        "Legal framework (immigration act, citizenship law)",
        Decimal("8"),
    ),
    (
        "motivation_limits",
        "Eigene Motivation, Möglichkeiten und Grenzen",
        "Own motivation, possibilities and limits",
        Decimal("6"),
    ),
]


def add_modules(apps, schema_editor):
    TrainingModule = apps.get_model("volunteers", "TrainingModule")
    for position, (code, title_de, title_en, hours) in enumerate(MODULES, start=1):
        TrainingModule.objects.update_or_create(
            code=code,
            defaults={
                "title_de": title_de,
                "title_en": title_en,
                "hours": hours,
                "position": position,
            },
        )


def remove_modules(apps, schema_editor):
    TrainingModule = apps.get_model("volunteers", "TrainingModule")
    TrainingModule.objects.filter(code__in=[m[0] for m in MODULES]).delete()


class Migration(migrations.Migration):
    dependencies = [("volunteers", "0001_initial")]

    operations = [migrations.RunPython(add_modules, remove_modules)]
