"""The §D4 topic catalogue of the MBE concept (seed 001) plus the flyer's additions."""

from datetime import date

from django.db import migrations

TOPICS = [
    ("residence_law", "Aufenthalts- und Asylrecht, BVFG", "Residence and asylum law, BVFG"),
    ("social_benefits", "Sozialleistungsrecht", "Social-benefit law"),
    ("work_permit", "Arbeitserlaubnis und Zugang zum Arbeitsmarkt", "Work permit and labour-market access"),
    ("education_system", "Bildungssystem und Schule", "Education system and school"),
    ("parents_counselling", "Elternberatung", "Parents' counselling"),
    ("recognition", "Anerkennung ausländischer Abschlüsse", "Recognition of foreign qualifications"),
    ("vocational_training", "Berufsausbildung", "Vocational training"),
    ("school_to_work", "Übergang Schule – Beruf", "School-to-work transition"),
    ("family_problems", "Familiäre Probleme", "Family problems"),
    ("family_reunification", "Familiennachzug", "Family reunification"),
    ("health", "Gesundheit und psychosoziale Probleme", "Health and psychosocial problems"),
    ("racism", "Rassismus- und Ausgrenzungserfahrungen", "Experiences of racism and exclusion"),
    ("housing", "Wohnungssuche", "Housing search"),
    ("voluntary_return", "Freiwillige Rückkehr", "Voluntary return"),
    ("volunteers_orgs", "Beratung von Ehrenamtlichen und Organisationen", "Counselling of volunteers and organisations"),
    ("integration_course", "Begleitung im Integrationskurs", "Integration-course accompaniment"),
    ("authorities", "Umgang mit Behörden", "Dealings with authorities"),
    ("childcare", "Kinderbetreuung", "Childcare"),
    ("language_orientation", "Niedrigschwellige Sprach- und Orientierungsangebote", "Low-threshold language and orientation offers"),
]


def add_catalogue(apps, schema_editor):
    TopicCatalogue = apps.get_model("clients", "TopicCatalogue")
    Topic = apps.get_model("clients", "Topic")
    catalogue, _ = TopicCatalogue.objects.get_or_create(
        version="2016",
        defaults={"effective_from": date(2016, 1, 1), "source": "MBE-Konzeption (Seed 001), Flyer"},
    )
    for position, (code, label_de, label_en) in enumerate(TOPICS, start=1):
        Topic.objects.get_or_create(
            catalogue=catalogue,
            code=code,
            defaults={"label_de": label_de, "label_en": label_en, "position": position},
        )


class Migration(migrations.Migration):
    dependencies = [("clients", "0002_client_record_intake_consent_contacts")]
    operations = [migrations.RunPython(add_catalogue, migrations.RunPython.noop)]
