"""Residence permits (issue #17 §4, §D17): validation, history, the expiry list and panel."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from lotse.audit.models import AuditEntry
from lotse.clients.models import PermitKind, ResidencePermit
from lotse.clients.selectors.permits import permit_history, permits_expiring
from lotse.clients.services.permits import PermitData, PermitError, permit_record
from lotse.common.errors import ConflictError

TODAY = date(2026, 12, 6)


def _record(org, client, *, kind=PermitKind.TOLERATION, start=None, until=None, basis=""):
    current = client.permits.order_by("-valid_from", "-recorded_at", "-pk").first()
    return permit_record(
        client=client,
        data=PermitData(
            kind=kind,
            valid_from=start or TODAY - timedelta(days=200),
            valid_until=until,
            legal_basis=basis,
        ),
        recorded_by=org.users["counsellor"],
        expected_current=current.pk if current else None,
        today=TODAY,
    )


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (PermitData(kind="sonstwas", valid_from=TODAY), "kind"),
        (PermitData(kind=PermitKind.RESIDENCE_PERMIT, valid_from=TODAY), "legal_basis"),
        (PermitData(kind=PermitKind.TOLERATION, valid_from=date(1949, 12, 31)), "valid_from"),
        (
            PermitData(kind=PermitKind.TOLERATION, valid_from=TODAY, valid_until=TODAY),
            "valid_until",
        ),
        (
            PermitData(
                kind=PermitKind.TOLERATION,
                valid_from=TODAY,
                valid_until=date(2046, 12, 7),
            ),
            "valid_until",
        ),
        (
            PermitData(
                kind=PermitKind.SETTLEMENT_PERMIT,
                valid_from=TODAY,
                valid_until=date(2027, 1, 1),
            ),
            "valid_until",
        ),
    ],
)
def test_a_permit_that_cannot_be_is_refused_at_its_field(org, data, field) -> None:
    with pytest.raises(PermitError) as refused:
        permit_record(
            client=org.client_a, data=data, recorded_by=org.users["counsellor"], today=TODAY
        )
    assert refused.value.field == field
    assert not ResidencePermit.objects.exists()


def test_a_residence_permit_with_its_basis_and_20_years_is_accepted(org) -> None:
    permit = _record(
        org,
        org.client_a,
        kind=PermitKind.RESIDENCE_PERMIT,
        start=TODAY,
        until=date(2046, 12, 6),
        basis=" § 25 Abs. 2 AufenthG ",
    )
    assert permit.legal_basis == "§ 25 Abs. 2 AufenthG"


def test_kind_basis_and_note_are_encrypted_the_dates_plain(org) -> None:
    from django.db import connection

    permit = _record(org, org.client_a, kind=PermitKind.TOLERATION, until=TODAY)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT kind, valid_until FROM clients_residencepermit WHERE id = %s", [permit.pk]
        )
        kind, until = cursor.fetchone()
    assert "duldung" not in str(kind)
    assert str(until) == TODAY.isoformat()


def test_history_keeps_every_entry_the_current_first(org) -> None:
    first = _record(org, org.client_a, start=date(2024, 1, 1), until=date(2024, 7, 1))
    second = _record(
        org,
        org.client_a,
        kind=PermitKind.FICTION_CERTIFICATE,
        start=date(2024, 7, 1),
        until=date(2025, 1, 1),
    )
    third = _record(
        org,
        org.client_a,
        kind=PermitKind.RESIDENCE_PERMIT,
        basis="§ 25b AufenthG",
        start=date(2025, 1, 1),
        until=date(2027, 1, 1),
    )
    assert permit_history(org.client_a) == [third, second, first]


def test_recording_over_a_change_not_seen_is_a_conflict(org) -> None:
    seen = _record(org, org.client_a, until=TODAY + timedelta(days=30))
    _record(org, org.client_a, start=TODAY, until=TODAY + timedelta(days=90))
    with pytest.raises(ConflictError):
        permit_record(
            client=org.client_a,
            data=PermitData(kind=PermitKind.TOLERATION, valid_from=TODAY),
            recorded_by=org.users["counsellor"],
            expected_current=seen.pk,
            today=TODAY,
        )


def test_expiring_shows_current_permits_of_own_teams_only_by_date(org) -> None:
    later = _record(org, org.client_a, until=TODAY + timedelta(days=50))
    foreign = _record(org, org.client_b, until=TODAY + timedelta(days=10))
    visible = permits_expiring(org.users["counsellor"], today=TODAY)
    assert list(visible) == [later]
    assert foreign not in permits_expiring(org.users["team_lead"], today=TODAY)
    assert list(permits_expiring(org.users["stranger"], today=TODAY)) == [foreign]
    assert not permits_expiring(org.users["admin"], today=TODAY).exists()


def test_expiring_window_and_replaced_permits(org) -> None:
    from lotse.clients.services import ClientData, client_create

    def client(name):
        return client_create(team=org.team_a, data=ClientData(first_name=name, last_name="X"))

    expired_recently = _record(org, client("a"), until=TODAY - timedelta(days=28))
    _record(org, client("b"), until=TODAY - timedelta(days=29))  # too long ago
    _record(org, client("c"), until=TODAY + timedelta(days=57))  # not yet
    edge = _record(org, client("d"), until=TODAY + timedelta(days=56))
    unlimited = client("e")
    _record(org, unlimited, kind=PermitKind.SETTLEMENT_PERMIT)
    extended = client("f")
    _record(org, extended, until=TODAY + timedelta(days=5), start=date(2025, 1, 1))
    _record(org, extended, start=TODAY, until=TODAY + timedelta(days=365))
    user = org.users["counsellor"]
    assert list(permits_expiring(user, today=TODAY)) == [expired_recently, edge]
    assert len(permits_expiring(user, within_days=84, today=TODAY)) == 3


def _due_soon(org, client, days=20):
    today = timezone.localdate()
    return permit_record(
        client=client,
        data=PermitData(
            kind=PermitKind.TOLERATION,
            valid_from=today - timedelta(days=100),
            valid_until=today + timedelta(days=days),
        ),
        recorded_by=org.users["counsellor"],
    )


def test_dashboard_panel_lists_name_number_kind_date_and_days(org, as_persona) -> None:
    permit = _due_soon(org, org.client_a)
    _due_soon(org, org.client_b, days=3)
    html = as_persona("counsellor").get(reverse("dashboard")).content.decode()
    panel = html[html.index('id="h-permits-expiring"') :]
    panel = panel[: panel.index("</section>")]
    assert "Amira Haddad" in panel
    assert org.client_a.file_number in panel
    assert org.client_b.file_number not in panel
    assert str(permit.get_kind_display()) in panel
    assert permit.valid_until.strftime("%d.%m.%Y") in panel
    assert "20" in panel
    assert reverse("client_permits_expiring") in panel


def test_working_list_filters_by_weeks_and_links_to_the_file(org, as_persona) -> None:
    _due_soon(org, org.client_a, days=70)
    http = as_persona("counsellor")
    url = reverse("client_permits_expiring")
    assert 'data-testid="permits-expiring-empty"' in http.get(url).content.decode()
    html = http.get(url, {"within": "12"}).content.decode()
    assert reverse("client_detail", args=[org.client_a.pk]) in html
    assert http.get(url, {"within": "999"}).status_code == 200  # falls back to 8 weeks
    assert AuditEntry.objects.filter(action__contains="list").exists()


def test_htmx_form_error_keeps_the_typed_text(org, as_persona) -> None:
    http = as_persona("counsellor")
    response = http.post(
        reverse("client_permit_add", args=[org.client_a.pk]),
        {
            "kind": PermitKind.RESIDENCE_PERMIT,
            "valid_from": "01.02.2026",
            "valid_until": "01.02.2028",
            "legal_basis": "",
            "note": "Antrag auf Verlängerung gestellt",
        },
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html  # only the panel
    assert "Antrag auf Verlängerung gestellt" in html
    assert 'value="01.02.2026"' in html
    assert 'id="id_legal_basis_error"' in html
    assert not ResidencePermit.objects.exists()


def test_htmx_form_saves_and_shows_the_new_permit(org, as_persona) -> None:
    http = as_persona("counsellor")
    response = http.post(
        reverse("client_permit_add", args=[org.client_a.pk]),
        {
            "kind": PermitKind.RESIDENCE_PERMIT,
            "valid_from": "01.02.2026",
            "valid_until": "01.02.2028",
            "legal_basis": "§ 16a AufenthG",
        },
        HTTP_HX_REQUEST="true",
    )
    assert "§ 16a AufenthG" in response.content.decode()
    permit = ResidencePermit.objects.get()
    assert permit.recorded_by == org.users["counsellor"]
    assert AuditEntry.objects.filter(object_type="clients.residencepermit").exists()
    page = http.get(reverse("client_detail", args=[org.client_a.pk])).content.decode()
    assert "§ 16a AufenthG" in page and "01.02.2028" in page


def test_read_only_counsellor_and_stranger_cannot_record(org, as_persona) -> None:
    url = reverse("client_permit_add", args=[org.client_a.pk])
    data = {"kind": PermitKind.TOLERATION, "valid_from": "01.02.2026"}
    assert as_persona("reader").post(url, data).status_code == 403
    assert as_persona("stranger").post(url, data).status_code == 404
    assert not ResidencePermit.objects.exists()


def test_deleting_the_client_deletes_its_permits(org) -> None:
    _record(org, org.client_b, until=TODAY)
    org.client_b.contacts.all().delete()
    ResidencePermit.objects.filter(client=org.client_b).first().client.delete()
    assert not ResidencePermit.objects.exists()


def test_erasure_deletes_the_permits_and_subject_access_lists_them(org) -> None:
    from lotse.privacy.services import client_erase
    from lotse.privacy.subject_access import subject_access_data

    _record(org, org.client_a, kind=PermitKind.RESIDENCE_PERMIT, basis="§ 25b AufenthG")
    text = str(subject_access_data(org.client_a))
    assert "§ 25b AufenthG" in text
    client_erase(client=org.client_a)
    assert not ResidencePermit.objects.filter(client=org.client_a).exists()


@pytest.mark.django_db
def test_demo_gives_clients_permits_some_running_out_soon() -> None:
    from django.test import override_settings

    from lotse.demo.data import build_demo

    with override_settings(DEMO_ALLOWED=True):
        result = build_demo(clients=120)
        again = build_demo(clients=120)
    assert result["permits_created"] > 30
    today = timezone.localdate()
    soon = ResidencePermit.objects.filter(
        valid_until__gte=today, valid_until__lte=today + timedelta(days=56)
    )
    assert soon.exists()
    assert again["permits_created"] == 0
