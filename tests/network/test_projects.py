"""Projects with goals, partners and activities, and the district needs analysis that feeds
the network's coverage (issue #17 §6, DOMAIN §D17)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from lotse.audit.models import AuditEntry
from lotse.common.errors import DomainError
from lotse.network.models import Activity, GoalStatus, Project
from lotse.network.services import projects as services
from lotse.organisation.models import Centre
from network import samples

HTMX = {"HTTP_HX_REQUEST": "true"}


def other_centre_partner(org):
    centre = Centre.objects.create(provider=org.provider, name="Andere Stelle", statistics_id="x")
    return samples.services.partner_create(
        centre=centre,
        data={"name": "Fremder Partner", "tier": "mandatory", "category": "jobcenter"},
    )


def test_a_project_names_only_partners_of_its_centre(org) -> None:
    foreign = other_centre_partner(org)
    with pytest.raises(DomainError):
        services.project_create(
            centre=org.centre,
            created_by=org.users["counsellor"],
            data={"title": "X", "starts_on": timezone.localdate()},
            partners=[foreign],
        )
    assert not Project.objects.exists()


def test_a_project_cannot_end_before_it_starts(org, as_persona) -> None:
    today = timezone.localdate()
    response = as_persona("counsellor").post(
        reverse("project_create"),
        {
            "title": "Sprachcafé",
            "district": "Südstadt",
            "status": "planned",
            "starts_on": today.strftime("%d.%m.%Y"),
            "ends_on": (today - timedelta(days=1)).strftime("%d.%m.%Y"),
            "participants": "0",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Sprachcafé" in page  # what was typed stays
    assert not Project.objects.exists()


def test_creating_a_project_leads_to_its_page_and_is_audited(org, as_persona) -> None:
    partner = samples.make_partner(org)
    response = as_persona("team_lead").post(
        reverse("project_create"),
        {
            "title": "Elterncafé",
            "district": "Nordstadt",
            "status": "running",
            "starts_on": "01.09.2026",
            "participants": "12",
            "partners": [str(partner.pk)],
        },
    )
    project = Project.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("project_detail", args=[project.pk])
    assert list(project.partners.all()) == [partner]
    assert AuditEntry.objects.filter(action__startswith="project.", object_id=str(project.pk))


def test_a_stale_edit_keeps_the_entries_and_says_why(org, as_persona) -> None:
    project = samples.make_project(org)
    services.project_update(
        project=Project.objects.get(pk=project.pk),
        expected_version=project.version,
        data={"title": "Schon geändert", "starts_on": project.starts_on},
        partners=[],
    )
    response = as_persona("counsellor").post(
        reverse("project_edit", args=[project.pk]),
        {
            "version": project.version,
            "title": "Mein Titel",
            "status": "running",
            "starts_on": project.starts_on.strftime("%d.%m.%Y"),
            "participants": "3",
        },
    )
    assert response.status_code == 409
    assert "Mein Titel" in response.content.decode()
    assert Project.objects.get(pk=project.pk).title == "Schon geändert"


def test_goals_are_added_and_ticked_off_in_place(org, as_persona) -> None:
    project = samples.make_project(org)
    http = as_persona("counsellor")
    response = http.post(
        reverse("project_goal_add", args=[project.pk]),
        {"text": "Drei Elternabende", "due_on": "31.12.2026"},
        **HTMX,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith("<ul") or 'data-testid="project-goals"' in html
    assert "Drei Elternabende" in html and "31.12.2026" in html
    goal = project.goals.get()
    response = http.post(
        reverse("project_goal_status", args=[goal.pk]), {"status": "reached"}, **HTMX
    )
    assert response.status_code == 200
    goal.refresh_from_db()
    assert goal.status == GoalStatus.REACHED
    assert 'data-state="reached"' in response.content.decode()


def test_an_empty_goal_is_refused_and_nothing_is_stored(org, as_persona) -> None:
    project = samples.make_project(org)
    response = as_persona("counsellor").post(
        reverse("project_goal_add", args=[project.pk]), {"text": "", "due_on": "x"}, **HTMX
    )
    assert response.status_code == 422
    assert not project.goals.exists()


def test_a_goal_due_before_the_project_is_refused(org) -> None:
    project = samples.make_project(org)
    with pytest.raises(DomainError):
        services.project_goal_add(
            project=project, text="Ziel", due_on=project.starts_on - timedelta(days=1)
        )


def test_an_activity_counts_for_its_project(org, as_persona) -> None:
    project = samples.make_project(org)
    activity = samples.make_activity(org)
    activity.project = project
    activity.save()
    page = as_persona("counsellor").get(reverse("project_detail", args=[project.pk]))
    assert activity.topic in page.content.decode()
    foreign = Project.objects.create(
        centre=Centre.objects.create(provider=org.provider, name="Z", statistics_id="z"),
        title="Fremd",
        starts_on=timezone.localdate(),
        created_by=org.users["counsellor"],
    )
    with pytest.raises(DomainError):
        samples.services.activity_update(
            activity=Activity.objects.get(pk=activity.pk),
            expected_version=activity.version,
            data={
                "kind": activity.kind,
                "topic": activity.topic,
                "held_on": activity.held_on,
                "participants": 5,
                "project": foreign,
            },
            partners=[],
        )


def test_needs_without_a_partner_show_as_gaps_on_the_coverage(org, as_persona) -> None:
    samples.make_district_need(org)
    covered = samples.make_district_need(org)
    covered.partners.set([samples.make_partner(org)])
    http = as_persona("counsellor")
    page = http.get(reverse("district_needs")).content.decode()
    assert 'data-covered="no"' in page and 'data-covered="yes"' in page
    assert "1 Bedarf ohne Partner" in page or "1 need without a partner" in page
    coverage = http.get(reverse("network_coverage")).content.decode()
    assert reverse("district_needs") in coverage
    assert "1 Bedarf" in coverage or "1 need" in coverage


def test_projects_and_needs_of_another_centre_are_not_found(org, as_persona) -> None:
    centre = Centre.objects.create(provider=org.provider, name="Andere", statistics_id="a")
    project = Project.objects.create(
        centre=centre, title="Fremd", starts_on=timezone.localdate(), created_by=org.users["admin"]
    )
    http = as_persona("counsellor")
    assert http.get(reverse("project_detail", args=[project.pk])).status_code == 404
    assert "Fremd" not in http.get(reverse("project_list")).content.decode()
