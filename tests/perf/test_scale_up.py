"""bench/scale_up.py on a tiny database: it tops up to the totals asked for, a second run adds
nothing, the app shows what it wrote (client, case with plan, goals and reviews, audit trail)
and every audit chain verifies — so the benchmark generator cannot rot unnoticed."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from django.db.models import Max
from django.test import override_settings
from django.utils import timezone

from lotse.audit.models import AuditEntry, ChainHead
from lotse.cases.models import Case, Goal, Review
from lotse.clients.models import Client, ClientSearchToken, CounsellingContact
from lotse.common import crypto
from lotse.demo.data import build_demo

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

import scale_check
import scale_up

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, int, int, int]:
    return (
        Client.objects.count(),
        CounsellingContact.objects.count(),
        Case.objects.count(),
        AuditEntry.objects.count(),
    )


@override_settings(DEMO_ALLOWED=True)
def test_scale_up_tops_up_and_the_app_shows_what_it_wrote() -> None:
    build_demo(clients=50, contacts=300)
    clients, contacts, _cases, entries = _counts()
    last_client = Client.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    last_case = Case.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    targets = {
        "clients": clients + 30,
        "contacts": contacts + 400,
        "cases": 20,
        "audit": entries + 2000,
    }
    said: list[str] = []
    timings = scale_up.run(**targets, seed=3, say=said.append)

    assert _counts() == (targets["clients"], targets["contacts"], 20, targets["audit"])
    assert set(timings) >= {"clients", "contacts", "cases", "audit"}
    assert any(line.startswith("total ") for line in said)
    # A second run with the same totals adds nothing.
    scale_up.run(**targets, seed=4, say=said.append)
    assert _counts() == (targets["clients"], targets["contacts"], 20, targets["audit"])
    # More history once every chain has recent entries: it goes onto a chain of its own.
    chains = set(ChainHead.objects.values_list("pk", flat=True))
    scale_up.run(**{**targets, "audit": targets["audit"] + 300}, seed=5, say=said.append)
    assert AuditEntry.objects.count() == targets["audit"] + 300
    assert set(ChainHead.objects.values_list("pk", flat=True)) - chains

    # New files carry what client_create derives: keyed name column and search tokens.
    newest = Client.objects.order_by("-pk").first()
    assert newest is not None and newest.pk > last_client
    assert newest.name_index == crypto.blind_index(
        f"{newest.first_name} {newest.last_name}", purpose="client.name"
    )
    assert newest.birth_year == newest.birth_date.year  # type: ignore[union-attr]
    assert ClientSearchToken.objects.filter(client=newest).count() > 5
    # Every file's newest contact date, as the working list's "last contact older than" reads it.
    newest_contact = dict(
        CounsellingContact.objects.values("client")
        .annotate(d=Max("date"))
        .values_list("client", "d")
    )
    for pk, kept in Client.objects.values_list("pk", "last_contact_on"):
        assert kept == newest_contact.get(pk), pk
    # The new cases have plans with goals; the open ones within the three-year limit.
    new_cases = Case.objects.filter(pk__gt=last_case)
    assert new_cases.exists()
    assert Goal.objects.filter(plan__case__in=new_cases).exists()
    assert Review.objects.filter(case__in=new_cases, held_on__isnull=False).exists()
    for case in new_cases.exclude(phase="closed"):
        assert case.limit_date is None or case.limit_date > case.opened_on
    assert new_cases.filter(phase="closed", closures__isnull=False).exists()

    # Within each chain time never goes back, and nothing lies in the future.
    for chain in AuditEntry.objects.values_list("chain", flat=True).distinct():
        times = list(
            AuditEntry.objects.filter(chain=chain).order_by("seq").values_list("at", flat=True)
        )
        assert times == sorted(times), f"chain {chain} goes back in time"
        assert times[-1] <= timezone.now()

    lines = scale_check.check_pages()
    assert any(f"/cases/{case.pk}/reviews/" in line for case in new_cases for line in lines)
    assert f"/clients/{newest.pk}/: 200" in "\n".join(lines)
    assert lines[-1].endswith("verify")
