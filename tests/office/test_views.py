"""The flag and task pages: HTMX fragments, scoping, the dashboard panel, list badges."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from lotse.office.models import ClientFlag, Task
from lotse.office.services import flag_set, task_create
from lotse.office.services.tasks import TaskData

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def _task(org, *, client=None, assignee="counsellor", days=1, title="Rückruf Ausländerbehörde"):
    return task_create(
        data=TaskData(
            title=title,
            due_date=timezone.localdate() + timedelta(days=days),
            team=client.team if client else org.team_a,
            assignee=org.users[assignee] if assignee else None,
            client=client,
        ),
        by=org.users[assignee or "counsellor"],
    )


def test_setting_a_flag_answers_with_the_flag_block(org, as_persona) -> None:
    http = as_persona("counsellor")
    url = reverse("office_flag_set", args=[org.client_a.pk])
    response = http.post(url, {"kind": "crisis", "note": "akute Krise"}, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="client-flags"' in html and "<html" not in html
    today = timezone.localdate().strftime("%d.%m.%Y")
    assert "Counsellor" in html and today in html
    assert ClientFlag.objects.active().filter(client=org.client_a, kind="crisis").exists()


def test_the_file_shows_flags_under_the_name_with_who_and_when(org, as_persona) -> None:
    flag_set(client=org.client_a, kind="child_welfare", by=org.users["team_lead"])
    http = as_persona("counsellor")
    http.cookies.load({"django_language": "de"})
    html = http.get(reverse("client_detail", args=[org.client_a.pk])).content.decode()
    assert 'data-testid="flag-child_welfare"' in html
    assert "Team_Lead" in html or "Team Lead" in html
    # On the other tabs of the file too.
    docs = http.get(reverse("clientdoc_list", args=[org.client_a.pk])).content.decode()
    assert 'data-testid="flag-child_welfare"' in docs


def test_setting_the_same_flag_twice_says_so(org, as_persona) -> None:
    flag_set(client=org.client_a, kind="priority", by=org.users["counsellor"])
    http = as_persona("team_lead")
    url = reverse("office_flag_set", args=[org.client_a.pk])
    response = http.post(url, {"kind": "priority"}, **HTMX)
    assert response.status_code == 200
    assert 'data-testid="flag-error"' in response.content.decode()
    assert ClientFlag.objects.filter(client=org.client_a).count() == 1


def test_clearing_a_flag_keeps_it_in_the_history(org, as_persona) -> None:
    flag = flag_set(client=org.client_a, kind="crisis", by=org.users["counsellor"])
    http = as_persona("team_lead")
    url = reverse("office_flag_clear", args=[org.client_a.pk, flag.pk])
    response = http.post(url, **HTMX)
    assert 'data-testid="flag-crisis"' not in response.content.decode()
    flag.refresh_from_db()
    assert flag.cleared_by == org.users["team_lead"]
    history = http.get(reverse("office_flags", args=[org.client_a.pk]), **HTMX).content.decode()
    assert "Team_Lead" in history or "Team Lead" in history


def test_a_flag_of_another_teams_client_cannot_be_reached(org, as_persona) -> None:
    flag = flag_set(client=org.client_b, kind="danger", by=org.users["stranger"])
    http = as_persona("counsellor")
    # Neither through client A's URL nor through client B's.
    assert (
        http.post(reverse("office_flag_clear", args=[org.client_a.pk, flag.pk])).status_code == 404
    )
    assert (
        http.post(reverse("office_flag_clear", args=[org.client_b.pk, flag.pk])).status_code == 404
    )
    assert http.get(reverse("office_flags", args=[org.client_b.pk])).status_code == 404
    flag.refresh_from_db()
    assert flag.cleared_at is None


def test_sensitive_flags_of_team_b_never_show_in_team_a_pages(org, as_persona) -> None:
    """Threat (docs/security.md): a danger or child-welfare flag seen by another team."""
    flag_set(client=org.client_b, kind="danger", by=org.users["stranger"])
    flag_set(client=org.client_b, kind="child_welfare", by=org.users["stranger"])
    _task(org, client=org.client_b, assignee="stranger", title="Jugendamt anrufen")
    http = as_persona("team_lead")
    pages = [
        http.get(reverse("client_list")),
        http.get(reverse("client_list"), {"flag": "danger"}),
        http.get(reverse("dashboard")),
        http.get(reverse("office_tasks")),
        http.get(reverse("office_tasks"), {"show": "team"}),
    ]
    for response in pages:
        html = response.content.decode()
        assert response.status_code == 200
        assert "Kowalenko" not in html and "Jugendamt" not in html
        assert 'data-testid="list-flag"' not in html


def test_client_list_shows_flag_badges_and_filters_by_flag(org, as_persona) -> None:
    flag_set(client=org.client_a, kind="interpreter", by=org.users["counsellor"])
    http = as_persona("counsellor")
    html = http.get(reverse("client_list")).content.decode()
    assert 'data-testid="list-flag"' in html
    assert "Haddad" in html
    filtered = http.get(reverse("client_list"), {"flag": "crisis"}).content.decode()
    assert "Haddad" not in filtered
    assert "Haddad" in http.get(reverse("client_list"), {"flag": "interpreter"}).content.decode()
    # An unknown value is ignored, not an error.
    assert http.get(reverse("client_list"), {"flag": "<script>"}).status_code == 200


def test_search_results_show_the_flags(org, as_persona) -> None:
    flag_set(client=org.client_a, kind="crisis", by=org.users["counsellor"])
    http = as_persona("counsellor")
    partial = http.post(reverse("client_list"), {"q": "hadd"}, **HTMX)
    html = partial.content.decode()
    assert "Haddad" in html and 'data-testid="list-flag"' in html


def test_task_panel_on_the_file_adds_and_ticks(org, as_persona) -> None:
    http = as_persona("counsellor")
    html = http.get(reverse("client_detail", args=[org.client_a.pk])).content.decode()
    assert 'id="client-tasks"' in html
    add = reverse("office_client_task_add", args=[org.client_a.pk])
    due = (timezone.localdate() + timedelta(days=2)).strftime("%d.%m.%Y")
    response = http.post(
        add, {"title": "Wohngeldantrag prüfen", "due_date": due, "team": org.team_a.pk}, **HTMX
    )
    assert response.status_code == 200
    assert "Wohngeldantrag prüfen" in response.content.decode()
    task = Task.objects.get(client=org.client_a)
    assert task.assignee is None  # no one chosen: the team's task
    done = http.post(
        reverse("office_task_done", args=[task.pk]),
        {"version": task.version, "from": "client"},
        **HTMX,
    )
    assert done.status_code == 200 and 'id="task-' in done.content.decode()
    task.refresh_from_db()
    assert task.done_by == org.users["counsellor"]


def test_ticking_a_task_ticked_meanwhile_says_so(org, as_persona) -> None:
    task = _task(org, client=org.client_a)
    stale_version = task.version
    lead = as_persona("team_lead")
    counsellor = as_persona("counsellor")
    url = reverse("office_task_done", args=[task.pk])
    assert lead.post(url, {"version": stale_version}, **HTMX).status_code == 200
    response = counsellor.post(url, {"version": stale_version}, **HTMX)
    assert 'data-testid="task-error"' in response.content.decode()
    task.refresh_from_db()
    assert task.done_by == org.users["team_lead"]


def test_read_only_counsellor_sees_tasks_but_cannot_tick(org, as_persona) -> None:
    task = _task(org, client=org.client_a, assignee=None)
    http = as_persona("reader")
    assert "Rückruf" in http.get(reverse("office_tasks")).content.decode()
    response = http.post(reverse("office_task_done", args=[task.pk]), {"version": task.version})
    assert response.status_code == 403


def test_my_tasks_page_filters_and_adds(org, as_persona) -> None:
    _task(org, title="Eigenes Telefonat", days=3)
    _task(org, assignee=None, title="Teamaufgabe", days=5)
    _task(org, title="Überfällige Aufgabe", days=-2)
    http = as_persona("counsellor")
    page = http.get(reverse("office_tasks")).content.decode()
    assert all(t in page for t in ("Eigenes Telefonat", "Teamaufgabe", "Überfällige Aufgabe"))
    team = http.get(reverse("office_tasks"), {"show": "team"}).content.decode()
    assert "Teamaufgabe" in team and "Eigenes Telefonat" not in team
    overdue = http.get(reverse("office_tasks"), {"show": "overdue"}).content.decode()
    assert "Überfällige Aufgabe" in overdue and "Teamaufgabe" not in overdue
    mine = http.get(reverse("office_tasks"), {"show": "mine"}).content.decode()
    assert "Teamaufgabe" not in mine and "Eigenes Telefonat" in mine
    due = (timezone.localdate() + timedelta(days=1)).strftime("%d.%m.%Y")
    response = http.post(
        reverse("office_tasks"),
        {
            "title": "Neue Aufgabe",
            "due_date": due,
            "team": org.team_a.pk,
            "assignee": org.users["team_lead"].pk,
        },
    )
    assert response.status_code == 302
    assert Task.objects.get(title__isnull=False, assignee=org.users["team_lead"]).team == org.team_a


def test_dashboard_panel_lists_my_tasks_with_overdue_marked(org, as_persona) -> None:
    _task(org, title="Bald fällig", days=2)
    _task(org, title="Schon überfällig", days=-1)
    html = as_persona("counsellor").get(reverse("dashboard")).content.decode()
    assert 'data-testid="panel-my-tasks"' in html
    assert "Bald fällig" in html and "Schon überfällig" in html
    assert "text-bg-danger" in html
    admin = as_persona("admin").get(reverse("dashboard")).content.decode()
    assert 'data-testid="panel-my-tasks"' not in admin


def test_the_panel_loads_its_add_form_when_opened(org, as_persona) -> None:
    url = reverse("office_client_task_add", args=[org.client_a.pk])
    form = as_persona("counsellor").get(url, **HTMX)
    assert form.status_code == 200 and 'data-testid="client-task-form"' in form.content.decode()
    assert as_persona("reader").get(url, **HTMX).status_code == 403
    assert as_persona("stranger").get(url, **HTMX).status_code == 404


def test_the_flag_history_opens_from_the_file(org, as_persona) -> None:
    from lotse.office.services import flag_clear

    flag = flag_set(client=org.client_a, kind="priority", by=org.users["counsellor"])
    flag_clear(flag=flag, by=org.users["counsellor"])
    http = as_persona("reader")
    page = http.get(reverse("client_detail", args=[org.client_a.pk])).content.decode()
    assert 'data-testid="flag-history"' in page
    assert 'data-testid="flag-add"' not in page  # read-only: no form
    history = http.get(reverse("office_flags", args=[org.client_a.pk]), **HTMX).content.decode()
    assert history.count("Counsellor") == 2  # set by …, cleared by …
    assert 'data-testid="flag-history"' not in history


def test_fragments_opened_directly_lead_to_the_file(org, as_persona) -> None:
    http = as_persona("counsellor")
    file_url = reverse("client_detail", args=[org.client_a.pk])
    for name in ("office_flags", "office_client_tasks", "office_client_task_add"):
        response = http.get(reverse(name, args=[org.client_a.pk]))
        assert (response.status_code, response["Location"]) == (302, file_url), name
