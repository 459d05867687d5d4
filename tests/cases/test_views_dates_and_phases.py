"""Pages of issue 19 §3 in German: the way back says "Zurück zu …" and asks why, the 30-month
warning, a review form that says what is missing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from lotse.cases import services
from lotse.cases.models import Case, Review
from lotse.cases.phases import Phase, add_months

from .conftest import d, walk

pytestmark = pytest.mark.django_db


def test_the_way_back_says_back_and_asks_for_a_reason(org, as_persona, case_a) -> None:
    walk(case_a, org, Phase.SUPPORT_PLAN)
    http = as_persona("counsellor")
    page = http.get(reverse("case_overview", args=[org.client_a.pk])).content.decode()
    assert "Zurück zu: Sozial-, Kompetenz- und Bedarfsanalyse" in page
    assert 'data-testid="back-assessment"' in page
    assert "Weiter zu: Sozial" not in page and "Weiter zu: Analyse" not in page
    assert 'name="reason"' in page
    url = reverse("case_transition", args=[case_a.pk])
    response = http.post(url, {"target": "assessment", "version": case_a.version}, follow=True)
    assert "Bitte geben Sie an, warum der Fall zurück zu" in response.content.decode()
    assert Case.objects.get(pk=case_a.pk).phase == Phase.SUPPORT_PLAN
    http.post(url, {"target": "assessment", "version": case_a.version, "reason": "Neue Lage"})
    case_a.refresh_from_db()
    assert case_a.phase == Phase.ASSESSMENT
    assert case_a.phase_changes.first().reason == "Neue Lage"


def test_saving_the_assessment_page_moves_the_case_to_the_plan(org, as_persona, case_a) -> None:
    http = as_persona("counsellor")
    response = http.post(
        reverse("case_assessment", args=[case_a.pk]),
        {
            "assessed_on": timezone.localdate().strftime("%d.%m.%Y"),
            "schooling": "unknown",
            "vocational_training": "unknown",
            "driving_licence": "none",
            "digital_skills": "basic",
            "qual-TOTAL_FORMS": "0",
            "qual-INITIAL_FORMS": "0",
            "lang-TOTAL_FORMS": "0",
            "lang-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Case.objects.get(pk=case_a.pk).phase == Phase.SUPPORT_PLAN


def test_the_case_page_warns_from_the_thirtieth_month(org, as_persona) -> None:
    case = services.case_open(
        client=org.client_a,
        counsellor=org.users["counsellor"],
        opened_on=add_months(timezone.localdate(), -30),
    )
    page = as_persona("counsellor").get(reverse("case_overview", args=[org.client_a.pk]))
    body = page.content.decode()
    assert 'data-testid="limit-warning"' in body
    assert "Dieser Fall läuft seit 30 Monaten oder länger" in body
    assert case.limit_date.strftime("%d.%m.%Y") in body


def test_no_warning_before_the_thirtieth_month(org, as_persona) -> None:
    services.case_open(
        client=org.client_a,
        counsellor=org.users["counsellor"],
        opened_on=add_months(timezone.localdate(), -30) + timedelta(days=1),
    )
    page = as_persona("counsellor").get(reverse("case_overview", args=[org.client_a.pk]))
    assert b'data-testid="limit-warning"' not in page.content


def test_the_review_form_says_what_is_missing_before_typing(org, as_persona, case_a) -> None:
    walk(case_a, org, Phase.AGREEMENT)
    review = Review.objects.create(case=case_a, scheduled_on=d(20))
    url = reverse("case_review_record", args=[case_a.pk, review.pk])
    http = as_persona("counsellor")
    body = http.get(url).content.decode()
    assert 'data-testid="review-blockers"' in body
    assert "die unterschriebene Integrationsvereinbarung" in body
    response = http.post(
        url,
        {
            "held_on": timezone.localdate().strftime("%d.%m.%Y"),
            "assessment": "Fortschritt",
            "next_phase": "implementation",
            "version": review.version,
            **{
                f"goal_{goal.pk}": goal.status
                for goal in case_a.plans.order_by("-number").first().goals.all()
            },
        },
    )
    assert "Die Überprüfung kann noch nicht gespeichert werden." in response.content.decode()
    review.refresh_from_db()
    assert not review.is_held
