"""Issue #4 in a real browser: one case from the assessment to the closure.

Plan with three goals, the agreement PDF in Turkish and in Arabic (also rendered to PNG under
/tmp for a human to look at), two reviews, evaluation, sustainability check and closure; an
illegal phase change is refused with the rule's message. Only test ids, URLs, status codes and
messages computed from the rules are asserted, never hard-coded UI words.
"""

from __future__ import annotations

import re
import subprocess
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone, translation
from playwright.sync_api import Page, expect

from browser.conftest import (  # noqa: F401 - fixtures shared with the other browser tests
    base_url,
    browser_type_launch_args,
    demo_data,
    live_server,
)
from lotse.cases.models import Case, Evaluation
from lotse.cases.phases import CaseState, Phase, transition
from lotse.clients.models import Client
from lotse.common.errors import DomainError
from lotse_browser import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# The second MBE counsellor: the login-flow tests use the first, so no TOTP code is shared.
COUNSELLOR = "beratung2@demo.lotse.invalid"
PDF_DIR = Path("/tmp")  # noqa: S108 - outside the repo, for a human to look at


def submit(page: Page) -> None:
    page.get_by_test_id("submit").click()


def expect_phase(page: Page, phase: Phase) -> None:
    expect(page.get_by_test_id("case-phase")).to_have_attribute("data-phase", phase.value)


def rule_message(state: CaseState, target: Phase) -> str:
    with translation.override("de"):
        try:
            transition(state, target, on=timezone.localdate())
        except DomainError as error:
            return str(error.message)
    raise AssertionError("the rule allowed it")


def forged_transition(page: Page, url: str, target: str) -> None:
    """What a stale page or a crafted request would send: a phase change the page did not offer."""
    page.evaluate(
        """([url, target, version]) => {
            const token = JSON.parse(document.body.getAttribute('hx-headers'))['X-CSRFToken'];
            const form = document.createElement('form');
            form.method = 'post';
            form.action = url;
            for (const [name, value] of [['csrfmiddlewaretoken', token], ['target', target],
                                         ['version', version]]) {
                const input = document.createElement('input');
                input.type = 'hidden'; input.name = name; input.value = value;
                form.appendChild(input);
            }
            document.body.appendChild(form);
            form.submit();
        }""",
        [
            url,
            target,
            page.get_by_test_id("case-phase").get_attribute("data-version"),
        ],
    )


def add_goal(
    page: Page,
    module: str,
    *,
    catalogue_index: int | None,
    title: str = "",
    responsible: str,
    partner: str = "",
    target: str,
) -> None:
    page.get_by_test_id(f"add-goal-{module}").click()
    if catalogue_index is not None:
        page.locator("#id_catalogue_goal").select_option(index=catalogue_index)
    if title:
        page.locator("#id_title").fill(title)
    page.locator("#id_target_date").fill(target)
    page.locator("#id_responsible").select_option(responsible)
    if partner:
        page.locator("#id_partner_name").fill(partner)
    submit(page)
    expect(page).to_have_url(re.compile(r"/cases/\d+/plan/$"))


def fetch_pdf(page: Page, base: str, case: Case, agreement_id: int, language: str) -> Path:
    response = page.request.get(
        f"{base}/cases/{case.pk}/agreement/{agreement_id}/pdf/?language={language}"
    )
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    body = response.body()
    assert body.startswith(b"%PDF")
    path = PDF_DIR / f"lotse-case-agreement-{language}.pdf"
    path.write_bytes(body)
    for old in PDF_DIR.glob(f"lotse-case-agreement-{language}-*.png"):
        old.unlink()
    subprocess.run(  # noqa: S603 - fixed program, our own file
        ["/usr/bin/pdftoppm", "-png", "-r", "50", str(path), str(path.with_suffix(""))],
        check=True,
    )
    text = subprocess.run(  # noqa: S603
        ["/usr/bin/pdftotext", str(path), "-"], capture_output=True, check=True
    ).stdout.decode()
    assert "Integrationsvereinbarung" in text
    assert case.client.file_number in text and "Jobcenter Musterstadt" in text
    return path


def test_a_case_from_assessment_to_closure(
    live_server: Any,  # noqa: F811 - the fixtures imported above
    page: Page,
    demo_data: dict[str, int],  # noqa: F811
) -> None:
    base = live_server.url
    client = Client.objects.filter(team__service__kind="mbe", cases__isnull=True).first()
    assert client is not None
    Client.objects.filter(pk=client.pk).update(document_language="tr")
    today = timezone.localdate().strftime("%d.%m.%Y")
    log_in(page, base, COUNSELLOR)

    # --- open the case from the client file's tab --------------------------------------
    page.goto(f"{base}/cases/client/{client.pk}/")
    page.get_by_test_id("open-case").click()
    submit(page)
    expect_phase(page, Phase.ASSESSMENT)
    case = Case.objects.get(client=client)
    overview = page.url

    # --- an illegal phase change is refused with the rule's message ----------------------
    page.evaluate(
        "(target) => { document.querySelector('[data-testid=to-support_plan]')"
        ".closest('form').querySelector('[name=target]').value = target; }",
        "evaluation",
    )
    page.get_by_test_id("to-support_plan").click()
    alert = page.locator(".lotse-messages .alert-danger")
    expect(alert).to_have_text(rule_message(CaseState(phase=Phase.ASSESSMENT), Phase.EVALUATION))
    expect_phase(page, Phase.ASSESSMENT)
    # … and a legal one whose precondition is missing (no assessment yet)
    page.get_by_test_id("to-support_plan").click()
    expect(alert).to_have_text(rule_message(CaseState(phase=Phase.ASSESSMENT), Phase.SUPPORT_PLAN))

    # --- assessment -------------------------------------------------------------------------
    page.get_by_test_id("edit-assessment").click()
    page.locator("#id_schooling").select_option("upper_secondary")
    page.locator("#id_vocational_training").select_option("completed")
    page.locator("#id_resources").fill("Gute Englischkenntnisse, Familie unterstützt")
    page.locator("#id_to_acquire").fill("Deutsch B1, Anerkennung des Abschlusses")
    page.locator("#id_qual-0-level").select_option("bachelor")
    page.locator("#id_qual-0-title").fill("Bauingenieurwesen")
    page.locator("#id_qual-0-recognition").select_option("in_process")
    page.locator("#id_lang-0-language").fill("tr")
    page.locator("#id_lang-0-level").select_option("native")
    submit(page)
    expect(page.get_by_test_id("assessment-card")).to_contain_text("Bauingenieurwesen")

    # --- support plan with three goals ------------------------------------------------------
    # Saving the assessment moved the case on; the way back says so and asks why (issue 19).
    expect_phase(page, Phase.SUPPORT_PLAN)
    expect(page.get_by_test_id("back-assessment").locator("summary")).to_have_text(
        re.compile(r"^Zurück zu: ")
    )
    page.get_by_test_id("open-plan").click()
    target = (timezone.localdate() + timedelta(days=200)).strftime("%d.%m.%Y")
    add_goal(page, "language", catalogue_index=2, responsible="client", target=target)
    add_goal(
        page,
        "education_profession",
        catalogue_index=3,
        responsible="partner",
        partner="Jobcenter Musterstadt",
        target=target,
    )
    add_goal(
        page,
        "social",
        catalogue_index=None,
        title="Einen Sportverein finden",
        responsible="counsellor",
        target=target,
    )
    goals = page.get_by_test_id("goal")
    expect(goals).to_have_count(3)
    # a small action without leaving the page (HTMX): a step for the first goal
    first = goals.first
    first.get_by_test_id("step-form").locator("input[name=description]").fill("Kurs anmelden")
    first.get_by_test_id("step-form").locator("button").click()
    expect(page.get_by_test_id("goal").first.get_by_test_id("step")).to_contain_text(
        "Kurs anmelden"
    )
    assert page.url.endswith("/plan/")

    # --- agreement: drawn up, PDF in Turkish and Arabic, signed ----------------------------
    page.goto(overview)
    page.get_by_test_id("to-agreement").click()
    expect_phase(page, Phase.AGREEMENT)
    page.get_by_test_id("open-agreement").click()
    page.get_by_test_id("agreement-create").click()
    expect(page.get_by_test_id("agreement")).to_have_count(1)
    agreement = case.agreements.get()
    for language in ("tr", "ar"):
        fetch_pdf(page, base, case, agreement.pk, language)
    page.goto(overview)
    page.get_by_test_id("to-implementation").click()  # not signed yet: refused
    expect(alert).to_contain_text(
        rule_message(CaseState(phase=Phase.AGREEMENT, plan_has_goals=True), Phase.IMPLEMENTATION)
    )
    page.get_by_test_id("open-agreement").click()
    page.get_by_test_id("sign-form").locator("input[name=signed_on]").fill(today)
    page.get_by_test_id("agreement-sign").click()
    expect(page.get_by_test_id("signed")).to_be_visible()
    page.goto(overview)
    expect_phase(page, Phase.IMPLEMENTATION)  # the signing moved it on

    # --- two reviews ----------------------------------------------------------------------
    page.get_by_test_id("open-reviews").click()
    page.get_by_test_id("schedule-form").locator("input[name=scheduled_on]").fill(today)
    page.get_by_test_id("schedule-review").click()
    page.get_by_test_id("hold-review").click()
    selects = page.locator("select[name^=goal_]")
    expect(selects).to_have_count(3)
    selects.nth(0).select_option("in_progress")
    page.locator("#id_assessment").fill("Kurs begonnen, Unterlagen beim Jobcenter.")
    page.locator("#id_next_phase").select_option("implementation")
    page.locator("#id_next_review_on").fill(today)
    submit(page)
    expect_phase(page, Phase.IMPLEMENTATION)
    page.get_by_test_id("open-reviews").click()
    page.get_by_test_id("hold-review").click()
    for index, status in enumerate(("achieved", "achieved", "partly_achieved")):
        page.locator("select[name^=goal_]").nth(index).select_option(status)
    page.locator("#id_assessment").fill("Ziele weitgehend erreicht.")
    page.locator("#id_next_phase").select_option("evaluation")
    submit(page)
    expect_phase(page, Phase.EVALUATION)
    assert case.reviews.filter(held_on__isnull=False).count() == 2

    # --- evaluation, sustainability check, closure -------------------------------------------
    page.get_by_test_id("record-evaluation").click()
    page.locator("#id_reflection").fill("Gemeinsam ausgewertet: Sprache und Arbeit gelungen.")
    submit(page)
    expect_phase(page, Phase.SUSTAINABILITY)
    expect(page.get_by_test_id("sustainability-state")).to_be_visible()
    page.get_by_test_id("record-sustainability").click()
    page.locator("#id_outcome").select_option("sustained")
    submit(page)  # on the day of the evaluation: refused, it looks at what lasted
    expect(page.locator(".alert-danger")).to_contain_text("mindestens 3 Monate nach der Auswertung")
    # Four months pass.
    Evaluation.objects.filter(case=case).update(
        evaluated_on=timezone.localdate() - timedelta(days=122)
    )
    page.locator("#id_outcome").select_option("sustained")
    submit(page)
    page.get_by_test_id("close-case").click()
    page.locator("#id_reason").select_option("goals_reached")
    page.locator("#id_livelihood").select_option("employment")
    submit(page)
    expect_phase(page, Phase.CLOSED)
    expect(page.get_by_test_id("closure")).to_be_visible()
    expect(page.get_by_test_id("achievement")).to_contain_text("83")  # (2 + ½) / 3

    # --- a closed case does not move ------------------------------------------------------
    forged_transition(page, f"{base}/cases/{case.pk}/phase/", "implementation")
    expect(alert).to_have_text(rule_message(CaseState(phase=Phase.CLOSED), Phase.IMPLEMENTATION))
    expect_phase(page, Phase.CLOSED)
    history = [(c.from_phase, c.to_phase) for c in case.phase_changes.order_by("created_at", "pk")]
    assert history == [
        ("", "assessment"),
        ("assessment", "support_plan"),
        ("support_plan", "agreement"),
        ("agreement", "implementation"),
        ("implementation", "review"),
        ("review", "implementation"),
        ("implementation", "review"),
        ("review", "evaluation"),
        ("evaluation", "sustainability"),
        ("sustainability", "closed"),
    ]
