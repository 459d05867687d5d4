"""Dashboard lists name each client by name and file number, not by number alone (issue #19)."""

from __future__ import annotations

import re
from datetime import date, timedelta

from django.urls import reverse

from lotse.clients.models import CounsellingContact


def test_dashboard_lists_show_name_and_file_number(org, as_persona) -> None:
    CounsellingContact.objects.create(
        client=org.client_a,
        date=date.today() - timedelta(days=3),
        duration_minutes=30,
        form="in_person",
        follow_up_on=date.today() - timedelta(days=1),
        counsellor=org.users["counsellor"],
    )
    html = as_persona("counsellor").get(reverse("dashboard")).content.decode()
    names = re.findall(r'data-testid="client-name">([^<]+)<', html)
    # In the recently changed files and in the follow-ups due.
    assert names.count("Amira Haddad") >= 2, names
    assert f"(<bdi>{org.client_a.file_number}</bdi>)" in html


def test_language_codes_read_as_language_names() -> None:
    from django.template import Context, Template
    from django.utils import translation

    with translation.override("de"):
        html = Template("{% load lotse_labels %}{{ 'uk'|language_name }}").render(Context())
    assert html == "Ukrainisch"
