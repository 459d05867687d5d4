"""Signed bundles and the checks before a merge (DOMAIN §D16, issue #16): keys, signatures,
arithmetic, overlapping periods — each refused with a message, never a traceback."""

from __future__ import annotations

import copy
import json
import stat
from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import translation

from lotse.stats.bundle import BundleError, loads
from lotse.stats.merge import merge
from lotse.stats.models import ImportedBundle, TrustedKey
from lotse.stats.selectors.base import Period
from lotse.stats.services import centre_bundle
from lotse.stats.signing import canonical, generate, private_from_text, sign, verify
from lotse.stats.trust import trusted_keys
from stats.data import populate, second_centre

YEAR = Period.year(2025)
Q1 = Period(date(2025, 1, 1), date(2025, 3, 31))


@pytest.fixture
def two(org):
    populate(org.team_a, org.users["counsellor"], clients=40, seed=51)
    team_c = second_centre(org.provider)
    populate(team_c, org.users["counsellor"], clients=30, seed=52)
    first = centre_bundle(centre=org.centre, period=YEAR)
    second = centre_bundle(centre=team_c.service.centre, period=YEAR)
    return org, first, second


def foreign_key():
    """A key pair of another installation (the sending centre)."""
    private, public = generate()
    return private_from_text(private), public


def table(bundle: dict, key: str) -> dict:
    return next(t for t in bundle["tables"] if t["key"] == key)


def test_exported_bundles_are_signed_over_their_canonical_json(two) -> None:
    _org, first, _second = two
    signature = first["signature"]
    assert signature["algorithm"] == "ed25519" and signature["key_id"].startswith("ed25519:")
    assert verify(first, trusted_keys()) == signature["key_id"]
    # Reordered and re-indented, as a database or an editor may leave it: still valid.
    shuffled = json.loads(json.dumps(dict(reversed(list(first.items()))), indent=3))
    assert canonical(shuffled) == canonical(first)
    assert verify(shuffled, trusted_keys())


def test_merge_refuses_unsigned_tampered_and_unknown_bundles(two) -> None:
    _org, first, second = two
    unsigned = {k: v for k, v in second.items() if k != "signature"}
    with pytest.raises(BundleError, match="is not signed"):
        merge([first, unsigned], names=["a.json", "b.json"])
    tampered = copy.deepcopy(second)
    cells = table(tampered, "clients_by_service")["cells"]
    cells[-1]["value"] += 1
    with pytest.raises(BundleError, match=r"b\.json has been changed after it was signed"):
        merge([first, tampered], names=["a.json", "b.json"])
    private, _public = foreign_key()
    stranger = sign(second, private)
    with pytest.raises(BundleError, match="not among the trusted keys"):
        merge([first, stranger], names=["a.json", "b.json"])


def test_keygen_and_trust_commands(two, tmp_path: Path, capsys) -> None:
    _org, first, second = two
    public_file, env_file = tmp_path / "t-2.key.json", tmp_path / "signing.env"
    call_command(
        "stats", "keygen", "--public-out", str(public_file), "--label", "t-2",
        "--env-file", str(env_file),
    )  # fmt: skip
    assert stat.S_IMODE(env_file.stat().st_mode) == 0o600
    line = env_file.read_text().splitlines()[-1]
    assert line.startswith("LOTSE_STATS_SIGNING_KEY=")
    private = private_from_text(line.split("=", 1)[1])
    document = json.loads(public_file.read_text())
    assert "PRIVATE" not in public_file.read_text().upper() and document["label"] == "t-2"
    signed = sign(second, private)
    with pytest.raises(BundleError, match="not among the trusted keys"):
        merge([first, signed])
    call_command("stats", "trust", str(public_file))
    assert TrustedKey.objects.get().key_id == document["key_id"]
    assert merge([first, signed]).bundle["sources"] == ["t-1", "t-2"]
    call_command("stats", "trust", "--withdraw", document["key_id"])
    with pytest.raises(BundleError, match="not among the trusted keys"):
        merge([first, signed])
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps({**document, "key_id": "ed25519:0000000000000000"}))
    with pytest.raises(CommandError, match="does not belong"):
        call_command("stats", "trust", str(broken))
    call_command("stats", "keys")
    assert "withdrawn" in capsys.readouterr().out


def test_merge_refuses_cells_above_their_total_and_tables_that_do_not_add_up(two) -> None:
    _org, first, second = two
    above = copy.deepcopy(second)
    service = table(above, "clients_by_service")
    total = next(c for c in service["cells"] if c["keys"] == ["_total"])["value"]
    body = next(c for c in service["cells"] if c["keys"] != ["_total"] and c["value"])
    body["value"] = total + 5
    with pytest.raises(BundleError, match="exceed their total"):
        merge([first, sign(above)])
    off = copy.deepcopy(second)
    for cell in table(off, "clients_by_service")["cells"]:
        if cell["keys"] == ["_total"]:
            cell["value"] += 10
    with pytest.raises(BundleError, match=r"do not add up|differ"):
        merge([first, sign(off)])


def test_inconsistent_totals_end_in_a_message_not_a_traceback(two, tmp_path: Path) -> None:
    """Before: a ValueError from the suppression's shared totals crashed the merge command."""
    _org, first, second = two
    broken = copy.deepcopy(second)
    contacts = table(broken, "contacts_by_service")
    for cell in contacts["cells"]:
        if cell["keys"] == ["_total"]:
            cell["value"] += 7
    for row in (c for c in contacts["cells"] if c["keys"] != ["_total"] and c["value"]):
        row["value"] += 7
        break
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    a.write_text(json.dumps(first))
    b.write_text(json.dumps(sign(broken)))
    with pytest.raises(CommandError, match=r"b\.json") as raised:
        call_command("stats", "merge", str(a), str(b), "--out", str(tmp_path / "p.json"))
    assert "Traceback" not in str(raised.value)


def test_merge_refuses_the_same_unit_for_overlapping_periods(two) -> None:
    org, first, _second = two
    quarter = centre_bundle(centre=org.centre, period=Q1)
    with pytest.raises(BundleError, match="overlap without being the same"):
        merge([first, quarter], names=["year.json", "q1.json"])
    with translation.override("de"), pytest.raises(BundleError, match="überschneiden"):
        merge([first, quarter], names=["year.json", "q1.json"])


def test_merge_refuses_a_period_that_may_not_be_published(two) -> None:
    _org, first, second = two
    day = copy.deepcopy(second)
    day["period"] = {"from": "2025-12-31", "to": "2025-12-31"}
    with pytest.raises(BundleError, match="may not be published"):
        merge([first, sign(day)])
    with pytest.raises(BundleError, match="may not be published"):
        loads(day)


def test_web_import_refuses_tampered_and_overlapping_bundles(two, as_persona) -> None:
    org, first, second = two
    http = as_persona("statistics")

    def upload(name: str, bundle: dict):
        content = json.dumps(bundle).encode()
        file = SimpleUploadedFile(name, content, "application/json")
        return http.post("/statistics/bundles/", {"file": file})

    tampered = copy.deepcopy(second)
    tampered["posts"] = 99.0
    response = upload("t-2.json", tampered)
    assert response.status_code == 200
    # The web speaks German: the same refusal, translated.
    assert "nach dem Signieren verändert" in " ".join(response.context["form"].errors["file"])
    assert upload("t-1.json", first).status_code == 302
    quarter = centre_bundle(centre=org.centre, period=Q1)
    response = upload("t-1-q1.json", quarter)
    assert "überschneiden" in " ".join(response.context["form"].errors["file"])
    assert upload("t-2.json", second).status_code == 302
    ids = list(ImportedBundle.objects.values_list("pk", flat=True))
    response = http.post("/statistics/bundles/merge/", {"bundle": ids, "unit_id": "p-web"})
    merged = ImportedBundle.objects.get(unit_id="p-web")
    assert verify(merged.content, trusted_keys())  # the merged bundle is signed here


def test_a_merge_in_the_browser_reports_a_bad_bundle_as_a_message(two, as_persona) -> None:
    org, first, second = two
    broken = copy.deepcopy(second)
    table(broken, "clients_by_service")["cells"][-1]["value"] += 1
    stored = [
        ImportedBundle.objects.create(
            provider=org.provider, name=f"{b['unit']['id']}.json", unit_id=b["unit"]["id"],
            level="centre", period_start=YEAR.start, period_end=YEAR.end, content=b,
            sha256=str(i) * 64, uploaded_by=org.users["statistics"],
        )
        for i, b in enumerate((first, broken))
    ]  # fmt: skip
    http = as_persona("statistics")
    response = http.post(
        "/statistics/bundles/merge/", {"bundle": [s.pk for s in stored]}, follow=True
    )
    assert response.status_code == 200
    text = " ".join(str(m) for m in response.context["messages"])
    assert "nach dem Signieren verändert" in text


def test_the_officer_trusts_and_withdraws_keys_in_the_browser(org, as_persona) -> None:
    from django.urls import reverse

    from lotse.audit.models import AuditEntry
    from lotse.stats.signing import public_key_document
    from lotse_testing import PASSWORD

    _private, public = foreign_key()
    document = public_key_document(public, label="t-7")
    officer = as_persona("statistics")
    page = officer.get(reverse("stats_key_list"))
    assert page.status_code == 200 and page.context["own"].startswith("ed25519:")
    for persona in ("team_lead", "counsellor", "admin"):
        assert as_persona(persona).get(reverse("stats_key_list")).status_code == 403, persona
    upload = SimpleUploadedFile("k.json", json.dumps(document).encode(), "application/json")
    response = officer.post(reverse("stats_key_change"), {"file": upload})
    assert response.status_code == 302 and not TrustedKey.objects.exists()  # password first
    officer.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    upload = SimpleUploadedFile("k.json", json.dumps(document).encode(), "application/json")
    response = officer.post(reverse("stats_key_change"), {"file": upload, "label": "Stelle 7"})
    assert response["Location"] == reverse("stats_key_list")
    stored = TrustedKey.objects.get()
    assert (stored.key_id, stored.label, stored.added_by) == (
        document["key_id"], "Stelle 7", org.users["statistics"],
    )  # fmt: skip
    assert AuditEntry.objects.filter(action="stats.key_trusted").exists()
    assert document["key_id"] in trusted_keys()
    bad = SimpleUploadedFile("k.json", b'{"format": "x"}', "application/json")
    page = officer.post(reverse("stats_key_change"), {"file": bad}, follow=True)
    assert "lotse stats keygen" in " ".join(str(m) for m in page.context["messages"])
    officer.post(reverse("stats_key_change"), {"withdraw": document["key_id"]})
    assert document["key_id"] not in trusted_keys()
