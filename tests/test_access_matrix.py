"""Every URL × every persona against lotse/access_policy.py (issue #2, 'access matrix')."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from lotse.access_policy import PERSONAS, POLICY
from lotse.accounts.roles import Role
from lotse.accounts.services import role_propose
from lotse_testing import Org, make_consent, make_waiting_intake
from network import samples as network_samples


def _url_names(patterns: list, namespace: str = "") -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name}" if pattern.name else f"<unnamed {pattern.pattern}>"


def all_url_names() -> list[str]:
    return sorted(set(_url_names(get_resolver().url_patterns)))


def test_every_url_has_a_declared_policy() -> None:
    undeclared = [name for name in all_url_names() if name not in POLICY]
    assert not undeclared, f"URLs without an access policy in lotse/access_policy.py: {undeclared}"


def test_policy_names_no_url_that_does_not_exist() -> None:
    stale = sorted(set(POLICY) - set(all_url_names()))
    assert not stale, f"Access policy entries for URLs that no longer exist: {stale}"


# Sample objects for URL parameters: name used in a policy's kwargs -> maker (org) -> value.
# Domain apps add theirs here; each maker creates (or finds) an object of client A / team A.
SAMPLES: dict[str, Callable[[Org], object]] = {
    "client_a": lambda org: org.client_a.pk,
    "counsellor_user": lambda org: org.users["counsellor"].pk,
    "reader_membership": lambda org: org.membership("reader").pk,
    # role grants (issue #15): the administrator proposes the stranger for team A
    "role_grant_a": lambda org: (
        role_propose(
            user=org.users["stranger"],
            team=org.team_a,
            role=Role.COUNSELLOR,
            read_only=False,
            proposed_by=org.users["admin"],
        ).pk
    ),
    # counselling contacts: a contact of client A with an open follow-up
    "contact_a": lambda org: (
        org.client_a.contacts.create(
            date=org.client_a.created_at.date(),
            duration_minutes=45,
            form="in_person",
            follow_up_on=org.client_a.created_at.date(),
            counsellor=org.users["counsellor"],
        ).pk
    ),
    "client_a_language": lambda org: (
        org.client_a.languages.create(language="ar", level="native").pk
    ),
    "client_a_waiting": lambda org: make_waiting_intake(org).pk,
    "client_a_consent": lambda org: make_consent(org).pk,
    "client_a_member": lambda org: (
        org.client_a.household.create(relation="child", birth_year=2015).pk
    ),
    # network and courses (issue #5): objects of team A's centre / client A
    "network_partner_a": lambda org: network_samples.make_partner(org).pk,
    "network_contact_a": lambda org: network_samples.make_contact_person(org).pk,
    "network_agreement_a": lambda org: network_samples.make_agreement(org).pk,
    "network_activity_a": lambda org: network_samples.make_activity(org).pk,
    "network_project_a": lambda org: network_samples.make_project(org).pk,
    "network_project_goal_a": lambda org: network_samples.make_project_goal(org).pk,
    "network_district_need_a": lambda org: network_samples.make_district_need(org).pk,
    "network_referral_a": lambda org: network_samples.make_referral(org).pk,
    "network_course_provider_a": lambda org: network_samples.make_course_provider(org).pk,
    "network_course_a": lambda org: network_samples.make_course(org).pk,
    "network_participation_a": lambda org: network_samples.make_participation(org).pk,
    # case management (tests/cases/samples.py): client A's case and what belongs to it
    "case_a": lambda org: __import__("cases.samples").samples.case_a(org),
    "goal_a": lambda org: __import__("cases.samples").samples.goal_a(org),
    "step_a": lambda org: __import__("cases.samples").samples.step_a(org),
    "agreement_a": lambda org: __import__("cases.samples").samples.agreement_a(org),
    "review_a": lambda org: __import__("cases.samples").samples.review_a(org),
    # volunteers (tests/volunteers/samples.py): team A's volunteer paired with client A, …
    "volunteer_a": lambda org: __import__("volunteers.samples").samples.volunteer_a(org),
    "volunteer_trained": lambda org: __import__("volunteers.samples").samples.volunteer_trained(
        org
    ),
    "training_session_a": lambda org: __import__("volunteers.samples").samples.training_session_a(
        org
    ),
    "volunteer_partner_a": lambda org: __import__("volunteers.samples").samples.volunteer_partner_a(
        org
    ),
    "partnership_a": lambda org: __import__("volunteers.samples").samples.partnership_a(org),
    "group_evening_a": lambda org: __import__("volunteers.samples").samples.group_evening_a(org),
    "jmd_offer_b": lambda org: __import__("volunteers.samples").samples.jmd_offer_b(org),
    # public pages and appointments (tests/appointments/samples.py)
    "provider": lambda org: org.provider.pk,
    "public_centre": lambda org: __import__("appointments.samples").samples.public_centre(org),
    "appointment_a": lambda org: __import__("appointments.samples").samples.appointment_a(org),
    "appointment_request_a": lambda org: __import__(
        "appointments.samples"
    ).samples.appointment_request_a(org),
    # statistics (tests/stats/samples.py): a funding period of team A's centre, an imported bundle
    "stats_funding_a": lambda org: __import__("stats.samples").samples.funding_a(org),
    "stats_bundle_a": lambda org: __import__("stats.samples").samples.bundle_a(org),
    # client documents (tests/clientdocs/samples.py): an image of client A with its preview
    "clientdoc_a": lambda org: __import__("clientdocs.samples").samples.document_a(org),
    # letters (tests/letters/samples.py): the shipped templates of team A's centre
    "letter_template_a": lambda org: __import__("letters.samples").samples.template_a(org),
    "letter_version_a": lambda org: __import__("letters.samples").samples.version_a(org),
    "letter_mass_run_a": lambda org: __import__("letters.samples").samples.mass_run_a(org),
    # tasks and flags (tests/office/samples.py): client A's crisis flag and a task of team A
    "flag_a": lambda org: __import__("office.samples").samples.flag_a(org),
    "task_a": lambda org: __import__("office.samples").samples.task_a(org),
    # background jobs (tests/jobs/samples.py): a failed task row
    "failed_task": lambda org: __import__("jobs.samples").samples.failed_task(),
    # spreadsheet import (tests/imports/samples.py): a checked run of team A
    "import_run_a": lambda org: __import__("imports.samples").samples.run_a(org),
    # person links (tests/clients/samples.py): a request of team B for client A's file, and
    # one from client A's file to team B's client B
    "person_link_to_client_a": lambda org: __import__("clients.samples").samples.link_to_client_a(
        org
    ),
    "person_link_from_client_a": lambda org: __import__(
        "clients.samples"
    ).samples.link_from_client_a(org),
    # transfers (tests/clients/samples.py): client B of team B to team A, client A to team B
    "transfer_to_team_a": lambda org: __import__("clients.samples").samples.transfer_to_team_a(org),
    "transfer_from_client_a": lambda org: __import__(
        "clients.samples"
    ).samples.transfer_from_client_a(org),
}


def _sample(org: Org, key: str) -> str:
    return str(SAMPLES[key](org)) if key in SAMPLES else key


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("url_name", sorted(POLICY))
def test_access_matrix(url_name: str, persona: str, org, as_persona) -> None:
    rule = POLICY[url_name]
    url = reverse(url_name, kwargs={k: _sample(org, v) for k, v in rule.kwargs.items()})
    http = as_persona(persona)
    response = getattr(http, rule.method)(
        url, data={"language": "de"} if rule.method == "post" else None
    )
    expected = rule.expected[persona]
    assert response.status_code == expected, (
        f"{rule.method.upper()} {url} as {persona}: got {response.status_code}, "
        f"policy says {expected} ({rule.why or 'see lotse/access_policy.py'})"
    )
    if response.status_code == 302 and persona == "anonymous" and expected == 302:
        location = response["Location"]
        assert (
            "/accounts/login/" in location or url_name in {"set_language", "home"} or (rule.why)
        ), f"anonymous {url} redirected to {location}, not to the login page"
