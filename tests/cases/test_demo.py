"""The demo step creates a handful of cases in various phases, once."""

from __future__ import annotations

import pytest
from django.test import override_settings

from lotse.cases.models import Case
from lotse.demo.data import build_demo

pytestmark = pytest.mark.django_db


@override_settings(DEMO_ALLOWED=True)
def test_demo_cases_in_various_phases() -> None:
    first = build_demo(clients=24)
    assert first["cases_created"] >= 5
    phases = set(Case.objects.values_list("phase", flat=True))
    assert {"assessment", "support_plan", "implementation", "evaluation"} <= phases
    assert Case.objects.filter(service="jmd").exists()
    assert Case.objects.filter(limit_date__isnull=False).count() >= 4
    count = Case.objects.count()
    assert build_demo(clients=24)["cases_created"] == 0
    assert Case.objects.count() == count
