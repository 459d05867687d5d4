"""Case pages: access beyond the matrix, full forms, HTMX partials, conflicts, dashboard panels."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from lotse.cases import phases, services
from lotse.cases.models import Assessment, Case, Goal, GoalStatusChange, GoalStep
from lotse.cases.phases import Phase
from lotse.cases.selectors import case_state
from lotse.common.errors import DomainError

from .conftest import OPENED, add_goal, walk

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def test_opening_a_case_from_the_tab(org, as_persona) -> None:
    tab = reverse("case_overview", args=[org.client_a.pk])
    http = as_persona("counsellor")
    page = http.get(tab)
    assert page.status_code == 200 and b'data-testid="open-case"' in page.content
    assert b'data-testid="open-case"' not in as_persona("reader").get(tab).content
    url = reverse("case_open", args=[org.client_a.pk])
    assert as_persona("reader").post(url, {}).status_code == 403
    assert as_persona("stranger").post(url, {}).status_code == 404
    today = timezone.localdate().strftime("%d.%m.%Y")
    counsellor = org.users["counsellor"]
    response = http.post(url, {"opened_on": today, "counsellor": counsellor.pk})
    assert response.status_code == 302 and response["Location"] == tab
    case = Case.objects.get(client=org.client_a)
    assert case.counsellor == counsellor and case.phase == Phase.ASSESSMENT
    page = http.get(tab)
    assert b'data-phase="assessment"' in page.content
    assert b'data-testid="limit-date"' in page.content


def test_illegal_transition_is_refused_with_the_rule_s_message(org, as_persona, case_a) -> None:
    http = as_persona("counsellor")
    url = reverse("case_transition", args=[case_a.pk])
    response = http.post(url, {"target": "evaluation", "version": case_a.version}, follow=True)
    with translation.override("de"):
        try:
            phases.transition(case_state(case_a), Phase.EVALUATION, on=OPENED)
        except DomainError as error:
            expected = str(error.message)
    assert expected in response.content.decode()
    assert 'class="alert alert-danger"' in response.content.decode()
    assert Case.objects.get(pk=case_a.pk).phase == Phase.ASSESSMENT
    # a legal move with its precondition missing is refused as well
    response = http.post(url, {"target": "support_plan", "version": case_a.version}, follow=True)
    assert Case.objects.get(pk=case_a.pk).phase == Phase.ASSESSMENT


def test_assessment_form_with_qualifications_and_languages(org, as_persona, case_a) -> None:
    http = as_persona("counsellor")
    url = reverse("case_assessment", args=[case_a.pk])
    assert http.get(url).status_code == 200
    data = {
        "assessed_on": OPENED.strftime("%d.%m.%Y"),
        "schooling": "upper_secondary",
        "school_years": "12",
        "vocational_training": "completed",
        "driving_licence": "foreign",
        "digital_skills": "good",
        "resources": "Spricht vier Sprachen",
        "qual-TOTAL_FORMS": "2",
        "qual-INITIAL_FORMS": "0",
        "qual-0-level": "bachelor",
        "qual-0-title": "Informatik",
        "qual-0-country": "sy",
        "qual-0-recognition": "in_process",
        "qual-1-level": "",
        "qual-1-recognition": "not_applied",
        "lang-TOTAL_FORMS": "2",
        "lang-INITIAL_FORMS": "0",
        "lang-0-language": "ar",
        "lang-0-level": "native",
        "lang-1-language": "de",
        "lang-1-level": "B1",
    }
    assert http.post(url, data).status_code == 302
    assessment = Assessment.objects.get(case=case_a)
    assert assessment.driving_licence == "foreign" and assessment.resources.startswith("Spricht")
    assert [(q.level, q.country, q.recognition) for q in assessment.qualifications.all()] == [
        ("bachelor", "SY", "in_process")
    ]
    assert sorted(assessment.languages.values_list("language", "level")) == [
        ("ar", "native"),
        ("de", "B1"),
    ]
    page = http.get(reverse("case_overview", args=[org.client_a.pk])).content.decode()
    assert "Informatik" in page and "Spricht vier Sprachen" in page
    # a stale second save is a conflict that keeps what was typed
    data["resources"] = "Neu"
    data["version"] = "1"
    http.post(url, {**data, "version": "1"})
    conflict = http.post(url, {**data, "resources": "Noch neuer", "version": "1"})
    assert conflict.status_code == 409
    assert "Noch neuer" in conflict.content.decode()
    assert 'name="version" value="2"' in conflict.content.decode()


def test_goal_form_keeps_what_was_typed_and_reports_conflicts(org, as_persona, case_a) -> None:
    http = as_persona("counsellor")
    url = reverse("case_goal_create", args=[case_a.pk])
    response = http.post(
        url,
        {
            "module": "language",
            "title": "Deutsch B1 bis Sommer",
            "responsible": "partner",
            "target_date": "31.12.2026",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Deutsch B1 bis Sommer" in page and 'id="form-errors"' in page
    assert not Goal.objects.exists()
    target = (timezone.localdate() + timedelta(days=100)).strftime("%d.%m.%Y")
    ok = http.post(
        url,
        {
            "module": "language",
            "title": "Deutsch B1",
            "responsible": "client",
            "target_date": target,
        },
    )
    assert ok.status_code == 302
    goal = Goal.objects.get()
    edit = reverse("case_goal_edit", args=[case_a.pk, goal.pk])
    first = {
        "module": "language",
        "title": "Deutsch B2",
        "responsible": "client",
        "target_date": target,
        "version": "1",
    }
    assert http.post(edit, first).status_code == 302
    conflict = http.post(edit, {**first, "title": "Deutsch C1"})
    assert conflict.status_code == 409
    assert "Deutsch C1" in conflict.content.decode()
    assert Goal.objects.get().title == "Deutsch B2"


def test_htmx_goal_status_and_steps(org, as_persona, case_a) -> None:
    goal = add_goal(case_a, org, "participation")
    http = as_persona("counsellor")
    status_url = reverse("case_goal_status", args=[case_a.pk, goal.pk])
    response = http.post(status_url, {"status": "in_progress"}, **HTMX)
    assert response.status_code == 200
    fragment = response.content.decode()
    assert fragment.startswith("<article") and 'data-status="in_progress"' in fragment
    assert GoalStatusChange.objects.get().to_status == "in_progress"

    step_url = reverse("case_step_add", args=[case_a.pk, goal.pk])
    empty = http.post(step_url, {"description": ""}, **HTMX)
    assert 'data-testid="goal-error"' in empty.content.decode()
    added = http.post(step_url, {"description": "Sportverein besuchen", "due_on": ""}, **HTMX)
    assert "Sportverein besuchen" in added.content.decode()
    step = GoalStep.objects.get()
    toggle = http.post(reverse("case_step_toggle", args=[case_a.pk, step.pk]), **HTMX)
    assert toggle.status_code == 200 and GoalStep.objects.get().done_on == timezone.localdate()
    # without htmx: back to the plan page
    assert http.post(status_url, {"status": "achieved"}).status_code == 302
    # the read-only colleague may look, not change
    assert as_persona("reader").get(reverse("case_plan", args=[case_a.pk])).status_code == 200
    assert as_persona("reader").post(status_url, {"status": "open"}, **HTMX).status_code == 403
    assert as_persona("stranger").post(status_url, {"status": "open"}, **HTMX).status_code == 404


def test_goal_of_another_case_is_not_found(org, as_persona, case_a) -> None:
    other = services.case_open(
        client=org.client_b, counsellor=org.users["stranger"], opened_on=OPENED
    )
    foreign = add_goal(other, org, "participation")
    url = reverse("case_goal_status", args=[case_a.pk, foreign.pk])
    assert as_persona("counsellor").post(url, {"status": "open"}, **HTMX).status_code == 404


def test_earlier_plan_versions_stay_readable(org, as_persona, case_a) -> None:
    walk(case_a, org, Phase.IMPLEMENTATION)
    goal = case_a.plans.get().goals.first()
    http = as_persona("counsellor")
    edit = reverse("case_goal_edit", args=[case_a.pk, goal.pk])
    data = {
        "module": goal.module,
        "catalogue_goal": goal.catalogue_goal_id,
        "title": "Neu",
        "responsible": "client",
        "target_date": goal.target_date.strftime("%d.%m.%Y"),
        "version": goal.version,
    }
    assert http.post(edit, data).status_code == 302
    plan_url = reverse("case_plan", args=[case_a.pk])
    current = http.get(plan_url).content.decode()
    assert 'data-testid="plan-versions"' in current and "Neu" in current
    earlier = http.get(plan_url, {"version": 1}).content.decode()
    assert 'data-testid="earlier-version"' in earlier and "Neu" not in earlier
    assert 'data-testid="status-form"' not in earlier
    assert http.get(plan_url, {"version": 9}).status_code == 404
    overview = http.get(reverse("case_overview", args=[org.client_a.pk])).content.decode()
    assert 'data-testid="agreement-required"' in overview


def test_dashboard_panels(org, as_persona, case_a) -> None:
    services.review_schedule(
        case=case_a, scheduled_on=OPENED + timedelta(days=1), by=org.users["counsellor"]
    )
    counsellor = as_persona("counsellor").get(reverse("dashboard")).content.decode()
    assert 'data-testid="panel-case-reviews"' in counsellor
    assert 'data-testid="reviews-overdue">1<' in counsellor
    assert 'data-testid="panel-case-limits"' not in counsellor
    lead = as_persona("team_lead").get(reverse("dashboard")).content.decode()
    assert 'data-testid="panel-case-limits"' in lead and 'data-testid="reviews-overdue">1<' in lead
    statistics = as_persona("statistics").get(reverse("dashboard")).content.decode()
    assert "panel-case" not in statistics
    lists = as_persona("counsellor").get(reverse("case_review_list")).content.decode()
    assert org.client_a.file_number in lists
    # By name as well as by number (issue #19).
    assert 'data-testid="client-name">Amira Haddad<' in lists
    assert 'data-testid="client-name">Amira Haddad<' in counsellor


def test_jmd_case_uses_the_individual_integration_support_plan(org, as_persona) -> None:
    case = services.case_open(
        client=org.client_b, counsellor=org.users["stranger"], opened_on=OPENED
    )
    org.client_b.contacts.create(
        date=OPENED,
        duration_minutes=30,
        form="in_person",
        kind="parents",
        counsellor=org.users["stranger"],
    )
    http = as_persona("stranger")
    with translation.override("en"):
        label = str(case.plan_label)
    page = http.get(reverse("case_overview", args=[org.client_b.pk])).content.decode()
    assert 'data-testid="parents-contacts"' in page and case.limit_date is None
    plan = http.get(reverse("case_plan", args=[case.pk])).content.decode()
    assert label == "Individual integration support plan"
    with translation.override("de"):
        assert str(case.plan_label) in plan
    assert as_persona("counsellor").get(reverse("case_plan", args=[case.pk])).status_code == 404
