"""The documented placeholders of letter templates, and the demo data of the preview.

A template may use exactly these names, in docxtpl (Jinja) syntax: ``{{ client_name }}``.
An upload naming anything else is refused (``services.templates.check_template``). Every value
is a string; multi-line values (addresses, goals) become line breaks in the letter.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

PLACEHOLDERS: dict[str, Promise] = {
    "client_name": _("Name of the client (first and last name)"),
    "client_address": _("Postal address of the client (several lines)"),
    "file_number": _("File number"),
    "birth_date": _("Date of birth (25.11.2026)"),
    "counsellor": _("Name of the counsellor writing the letter"),
    "centre_name": _("Name of the counselling centre"),
    "centre_address": _("Address of the centre on one line"),
    "centre_city": _("Town of the centre (for the date line)"),
    "centre_phone": _("Phone number of the centre"),
    "centre_email": _("E-mail address of the centre"),
    "date": _("Date of the letter (25.11.2026)"),
    "next_appointment": _("Next booked appointment: date and time, or 'by arrangement'"),
    "case_goals": _("Goals of the current support plan, one per line"),
    "partner_name": _("Name of the partner institution (letter to an authority)"),
    "partner_address": _("Address of the partner institution (several lines)"),
}

# When no appointment is booked the letter says so in its own language.
BY_ARRANGEMENT = {
    "de": "nach Vereinbarung",
    "ar": "حسب الاتفاق",
    "tr": "randevu ile",
    "uk": "за домовленістю",
    "en": "by arrangement",
    "fr": "sur rendez-vous",
    "fa": "با هماهنگی",
    "ru": "по договорённости",
}

# The preview's made-up person and centre: never a real client.
DEMO_CONTEXT: dict[str, str] = {
    "client_name": "Amina Beispiel",
    "client_address": "Musterstraße 1\n12345 Musterstadt",
    "file_number": "MBE-2026-00042",
    "birth_date": "17.05.1985",
    "counsellor": "Erika Mustermann",
    "centre_name": "Beratungsstelle Musterstadt",
    "centre_address": "Hauptstraße 5, 12345 Musterstadt",
    "centre_city": "Musterstadt",
    "centre_phone": "0123 456789",
    "centre_email": "beratung@example.org",
    "date": "25.11.2026",
    "next_appointment": "02.12.2026, 10:00",
    "case_goals": "• Deutschkurs B1 abschließen\n• Arbeit finden",
    "partner_name": "Jobcenter Musterstadt",
    "partner_address": "Amtsweg 3\n12345 Musterstadt",
}
