"""The issue #15 migrations on rows written before them: clients 0010/0011 and cases 0003.

Back to the state before, rows with plaintext written through the historical models, then
forward again: every value is encrypted (on PostgreSQL after the jsonb/date → text cast), the
consent's partner names become links or encrypted other recipients, and the way back restores
the plaintext columns.
"""

from __future__ import annotations

from datetime import date
from importlib import import_module
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

from lotse.cases.models import Goal
from lotse.clients.models import Client, Consent, EligibilityDecision, Intake
from lotse.common import crypto
from lotse_testing import raw_column

pytestmark = pytest.mark.django_db(transaction=True)

# Whatever clients 0010 builds on (its dependency changes when migrations are merged).
_ENCRYPTING = import_module("lotse.clients.migrations.0010_free_text_encrypted").Migration
BEFORE = [
    _ENCRYPTING.dependencies[0],
    ("cases", "0002_goal_catalogue_2016"),
    ("network", "0001_initial"),
]
# Forward to the newest migration of each app (0011 and cases 0003 included): the rows are
# read back through today's models, which know every later column too.
AFTER = sorted(
    node for node in MigrationLoader(None).graph.leaf_nodes() if node[0] in {"clients", "cases"}
)


def _migrate(targets: list[tuple[str, str]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


def _old_rows(old: Any) -> dict[str, int]:
    provider = old.get_model("organisation", "Provider").objects.create(name="Träger")
    centre = old.get_model("organisation", "Centre").objects.create(
        provider=provider, name="Stelle", statistics_id="m-1"
    )
    other_centre = old.get_model("organisation", "Centre").objects.create(
        provider=provider, name="Andere Stelle", statistics_id="m-2"
    )
    service = old.get_model("organisation", "Service").objects.create(centre=centre, kind="mbe")
    team = old.get_model("organisation", "Team").objects.create(service=service, name="T")
    user = old.get_model("accounts", "User").objects.create(email="m@test.invalid", full_name="M")
    client = old.get_model("clients", "Client").objects.create(
        team=team,
        file_number="M-1",
        legal_hold_reason="Verfahren Az. 12/34",
        permanent_status_date=date(2019, 4, 1),
    )
    Partner = old.get_model("network", "Partner")
    jobcenter = Partner.objects.create(
        centre=centre, name="Jobcenter Musterstadt", tier="mandatory", category="jobcenter"
    )
    # The same name at another centre is not this client's partner.
    Partner.objects.create(
        centre=other_centre, name="Sprachschule", tier="as_needed", category="other"
    )
    decision = old.get_model("clients", "EligibilityDecision").objects.create(
        client=client,
        decided_on=date(2026, 1, 5),
        inputs={"age": 45, "entry_date": "2019-04-01", "name": "Ünïcode"},
        mbe="eligible",
        jmd="not_eligible",
        rule_set="2026",
        rule="R1",
        explanation_de="45 Jahre alt, eingereist am 01.04.2019.",
        explanation_en="45 years old, entered on 2019-04-01.",
    )
    intake = old.get_model("clients", "Intake").objects.create(
        client=client,
        service="mbe",
        date=date(2026, 1, 5),
        access_channel="referred",
        referring_institution="Dr. Planted, Hausärztin",
        outcome="referral",
        referral_target="Psychotherapeut Herr K.",
        counsellor=user,
    )
    consent = old.get_model("clients", "Consent").objects.create(
        client=client,
        informed_on=date(2026, 1, 5),
        information_language="de",
        informed_by=user,
        written=True,
        scope_share_with_partners=True,
        partners=" jobcenter musterstadt \nSprachschule\nTante Leyla",
    )
    case = old.get_model("cases", "Case").objects.create(
        client=client,
        service="mbe",
        phase="support_plan",
        phase_since=date(2026, 1, 5),
        opened_on=date(2026, 1, 5),
        counsellor=user,
    )
    plan = old.get_model("cases", "SupportPlan").objects.create(
        case=case, number=1, created_on=date(2026, 1, 6), created_by=user
    )
    goal = old.get_model("cases", "Goal").objects.create(
        plan=plan,
        module="work",
        target_date=date(2026, 6, 1),
        responsible="partner",
        partner_name="Bruder Omar",
    )
    return {
        "client": client.pk,
        "decision": decision.pk,
        "intake": intake.pk,
        "consent": consent.pk,
        "goal": goal.pk,
        "jobcenter": jobcenter.pk,
    }


def test_forward_encrypts_and_links_then_backward_restores() -> None:
    pks = _old_rows(_migrate(BEFORE))
    _migrate(AFTER)

    client = Client.objects.get(pk=pks["client"])
    assert client.legal_hold_reason == "Verfahren Az. 12/34"
    assert client.permanent_status_date == date(2019, 4, 1)
    decision = EligibilityDecision.objects.get(pk=pks["decision"])
    assert decision.inputs == {"age": 45, "entry_date": "2019-04-01", "name": "Ünïcode"}
    assert decision.explanation_de.startswith("45 Jahre")
    intake = Intake.objects.get(pk=pks["intake"])
    assert intake.referring_institution == "Dr. Planted, Hausärztin"
    assert intake.referral_target == "Psychotherapeut Herr K."
    assert Goal.objects.get(pk=pks["goal"]).partner_name == "Bruder Omar"
    stored = [
        raw_column("clients_client", "legal_hold_reason", pks["client"]),
        raw_column("clients_client", "permanent_status_date", pks["client"]),
        raw_column("clients_eligibilitydecision", "inputs", pks["decision"]),
        raw_column("clients_eligibilitydecision", "explanation_de", pks["decision"]),
        raw_column("clients_intake", "referring_institution", pks["intake"]),
        raw_column("clients_intake", "referral_target", pks["intake"]),
        raw_column("cases_goal", "partner_name", pks["goal"]),
        raw_column("clients_consent", "other_recipients", pks["consent"]),
    ]
    assert all(crypto.is_token(value) for value in stored), stored

    consent = Consent.objects.get(pk=pks["consent"])
    # Matched as the referral check matched names: trimmed, case-insensitive, own centre only.
    assert list(consent.partner_links.values_list("pk", flat=True)) == [pks["jobcenter"]]
    assert consent.other_recipients == "Sprachschule\nTante Leyla"

    old = _migrate(BEFORE)
    back = old.get_model("clients", "Consent").objects.get(pk=pks["consent"])
    assert back.partners == "Jobcenter Musterstadt\nSprachschule\nTante Leyla"
    assert raw_column("clients_client", "legal_hold_reason", pks["client"]) == (
        "Verfahren Az. 12/34"
    )
    assert old.get_model("clients", "EligibilityDecision").objects.get(
        pk=pks["decision"]
    ).inputs == {"age": 45, "entry_date": "2019-04-01", "name": "Ünïcode"}
    assert old.get_model("cases", "Goal").objects.get(pk=pks["goal"]).partner_name == (
        "Bruder Omar"
    )
    # Back to where the other tests expect the database.
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
