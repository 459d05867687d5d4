"""What bench/scale_up.py generated, seen through the app (``scale_up.py --check``, and the test).

Signs in as the counsellor of a generated case with held reviews (Django's test client, the
session as allauth leaves it after password and second factor), opens the client page, the case
page and the reviews page; as a colleague of its team the newest client's page; and as the data
protection officer the audit trail of the case's client;
every page must answer 200 and show the generated, decrypted data. Then every audit chain is
verified. Raises AssertionError on the first thing that does not hold.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.test import Client as HttpClient

from lotse.accounts.models import Membership, User
from lotse.accounts.roles import CLIENT_ROLES, Role
from lotse.audit.models import AuditEntry
from lotse.audit.services import verify_chain
from lotse.cases.models import Case, Review
from lotse.clients.models import Client

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from lotse_testing import sign_in  # the tests' own sign-in, one copy


def _signed_in(user: Any) -> HttpClient:
    return sign_in(HttpClient(), user)


def _page(http: HttpClient, url: str, *expected: str) -> str:
    response = http.get(url)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    text = response.content.decode()
    for part in expected:
        assert part in text, f"{url} does not show {part!r}"
    return f"{url}: 200, {len(text):,} bytes"


def check_pages() -> list[str]:
    review = (
        Review.objects.filter(held_on__isnull=False, case__plans__isnull=False)
        .select_related("case__client", "case__counsellor")
        .order_by("-case_id")
        .first()
    )
    assert review is not None, "no case with a held review"
    case: Case = review.case
    client = case.client
    goal = case.plans.order_by("-number").first().goals.select_related("catalogue_goal").first()  # type: ignore[union-attr]
    assert goal is not None, f"case {case.pk} has no goals"
    http = _signed_in(case.counsellor)
    lines = [
        _page(http, f"/clients/{client.pk}/", client.file_number, client.last_name),
        _page(http, f"/cases/client/{client.pk}/", goal.label, review.held_on.strftime("%d.%m.%Y")),  # type: ignore[union-attr]
        _page(http, f"/cases/{case.pk}/reviews/", review.assessment),
    ]
    newest = Client.objects.order_by("-pk").first()
    assert newest is not None
    colleague = Membership.objects.filter(team_id=newest.team_id, role__in=CLIENT_ROLES).first()
    assert colleague is not None, f"nobody works in team {newest.team_id}"
    lines.append(
        _page(
            _signed_in(colleague.user),
            f"/clients/{newest.pk}/",
            newest.file_number,
            newest.first_name,
            newest.last_name,
        )
    )
    officer = User.objects.filter(
        pk__in=Membership.objects.filter(role=Role.DATA_PROTECTION_OFFICER).values("user_id")
    ).first()
    assert officer is not None, "no data protection officer"
    entries = AuditEntry.objects.filter(client_id=client.pk).count()
    assert entries > 0, f"no audit entries for client {client.pk}"
    lines.append(
        _page(
            _signed_in(officer),
            f"/data-protection/audit/?client_id={client.pk}&action=case.opened",
            "case.opened",
        )
    )
    report = verify_chain()
    assert report.ok, f"audit chain broken at {report.first_bad}: {report.problem}"
    lines.append(f"audit chains: {report.checked:,} entries on {report.chains} chains verify")
    return lines
