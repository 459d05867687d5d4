"""Bundles: export of the test organisation, schema, merge of disjoint centres, refusals."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import jsonschema
import pytest
from django.core.management import CommandError, call_command

from lotse.audit.models import AuditEntry
from lotse.organisation.models import Team
from lotse.stats.bundle import BundleError, check, load, loads, to_bundle
from lotse.stats.merge import merge
from lotse.stats.published import statistics_for
from lotse.stats.selectors.base import Period
from lotse.stats.services import centre_bundle
from lotse.stats.signing import sign
from lotse.stats.suppression import TOTAL
from lotse.stats.tables import table_from_dict
from lotse.stats.validator import bundle_schema, errors
from stats.checker import recoverable
from stats.data import populate, second_centre
from stats.samples import BUNDLE

YEAR = Period.year(2025)


@pytest.fixture
def two_centres(org):
    """Team A and B (centre t-1) and team C (centre t-2) with synthetic clients."""
    populate(org.team_a, org.users["counsellor"], clients=60, seed=1)
    populate(org.team_b, org.users["stranger"], clients=25, seed=2)
    team_c = second_centre(org.provider)
    populate(team_c, org.users["counsellor"], clients=40, seed=3)
    return org, team_c


def equations(table) -> list:
    """The table's equations in the checker's form, cells named by their keys."""
    if table.kind != "additive":
        return []
    if not table.two_way:
        return [((TOTAL,), [(r,) for r in table.rows])]
    eqs = [((r, TOTAL), [(r, c) for c in table.cols]) for r in table.rows]
    eqs += [((TOTAL, c), [(r, c) for r in table.rows]) for c in table.cols]
    eqs.append(((TOTAL, TOTAL), [(r, TOTAL) for r in table.rows]))
    eqs.append(((TOTAL, TOTAL), [(TOTAL, c) for c in table.cols]))
    return eqs


def assert_published_safely(bundle: dict) -> None:
    k = bundle["suppression"]["min_cell"]
    hidden = 0
    for data in bundle["tables"]:
        table = table_from_dict(data)
        if table.measure != "count":
            continue
        for keys, value in table.cells.items():
            assert value is None or value == 0 or value >= k, (table.key, keys, value)
            hidden += value is None
        assert not recoverable(table.cells, equations(table)), table.key
    assert hidden, "the test data should need some suppression"


def test_export_command_writes_a_safe_valid_bundle(two_centres, tmp_path: Path) -> None:
    out = tmp_path / "t-1.json"
    call_command(
        "stats", "export", "--from", "2025-01-01", "--to", "31.12.2025", "--out", str(out),
        "--centre", "t-1",
    )  # fmt: skip
    bundle = json.loads(out.read_text())
    assert errors(bundle) == [] and check(bundle) == []
    jsonschema.validate(bundle, bundle_schema())
    assert bundle["unit"] == {"id": "t-1", "level": "centre"}
    assert bundle["period"] == {"from": "2025-01-01", "to": "2025-12-31"}
    assert_published_safely(bundle)
    keys = {t["key"] for t in bundle["tables"]}
    assert "clients_by_age_gender" in keys and "contacts_by_topic" in keys
    assert not keys & {"clients_by_team", "clients_by_counsellor", "contacts_by_counsellor"}
    text = out.read_text()
    assert "Amira" not in text and "Team A" not in text and "Beratungsstelle" not in text
    entry = AuditEntry.objects.filter(action="stats.exported").latest()
    assert entry.data["unit"] == "t-1" and entry.data["via"] == "command"


def test_export_needs_a_centre_when_there_are_several(two_centres, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="several centres"):
        call_command(
            "stats", "export", "--from", "2025-01-01", "--to", "2025-12-31",
            "--out", str(tmp_path / "x.json"),
        )  # fmt: skip


def test_merging_disjoint_centres_equals_both_together_up_to_suppression(two_centres) -> None:
    org, team_c = two_centres
    first = centre_bundle(centre=org.centre, period=YEAR)
    second = centre_bundle(centre=team_c.service.centre, period=YEAR)
    merged = merge([first, second], unit_id="p-test").bundle
    assert merged["unit"] == {"id": "p-test", "level": "provider"}
    assert merged["sources"] == ["t-1", "t-2"]
    assert_published_safely(merged)
    teams = list(Team.objects.values_list("pk", flat=True))
    together = to_bundle(
        statistics_for(teams, YEAR), unit_id="p-test", level="provider", sources=["t-1", "t-2"]
    )
    compared = 0
    direct = {t["key"]: table_from_dict(t) for t in together["tables"]}
    for data in merged["tables"]:
        table = table_from_dict(data)
        other = direct[table.key]
        for keys, value in table.cells.items():
            theirs = other.cells.get(keys, 0)
            if value is not None and theirs is not None:
                assert value == theirs, (table.key, keys, value, theirs)
                compared += 1
            if value is not None:
                # Merging never un-suppresses: a published sum has only published parts.
                parts = [table_from_dict(t) for b in (first, second) for t in b["tables"]
                         if t["key"] == table.key]  # fmt: skip
                assert all(p.cells.get(keys, 0) is not None for p in parts), (table.key, keys)
    assert compared > 100
    total = direct["clients_by_service"].total
    assert merged_total(merged, "clients_by_service") == total


def merged_total(bundle: dict, key: str):
    return next(table_from_dict(t) for t in bundle["tables"] if t["key"] == key).total


def test_merge_refuses_a_unit_twice_and_other_periods(two_centres, tmp_path: Path) -> None:
    org, _ = two_centres
    bundle = centre_bundle(centre=org.centre, period=YEAR)
    with pytest.raises(BundleError, match="counts once"):
        merge([bundle, copy.deepcopy(bundle)])
    other = copy.deepcopy(bundle)
    other["unit"]["id"] = other["sources"][0] = "t-9"
    other["period"]["to"] = "2025-06-30"
    other = sign(other)  # changed by its own centre: signed again
    with pytest.raises(BundleError, match="same period"):
        merge([bundle, other])
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    a.write_text(json.dumps(bundle))
    b.write_text(json.dumps(bundle))
    with pytest.raises(CommandError, match="counts once"):
        call_command("stats", "merge", str(a), str(b), "--out", str(tmp_path / "r.json"))
    b.write_text(json.dumps(other))
    with pytest.raises(CommandError, match="same period"):
        call_command("stats", "merge", str(a), str(b), "--out", str(tmp_path / "r.json"))


def test_merge_refuses_a_centre_inside_a_merged_bundle(two_centres) -> None:
    org, team_c = two_centres
    first = centre_bundle(centre=org.centre, period=YEAR)
    second = centre_bundle(centre=team_c.service.centre, period=YEAR)
    provider = merge([first, second], unit_id="p-1").bundle
    renamed = copy.deepcopy(second)
    renamed["unit"]["id"] = "t-2-again"  # same centre (source t-2) under another name
    third = copy.deepcopy(second)
    third["unit"]["id"] = third["sources"][0] = "t-3"
    other = sign(merge([sign(renamed), sign(third)], unit_id="p-2").bundle)
    provider = sign(provider)
    with pytest.raises(BundleError, match="contains centre t-2"):
        merge([provider, other])


def test_merge_command_writes_the_next_level(two_centres, tmp_path: Path) -> None:
    org, team_c = two_centres
    paths = []
    for centre in (org.centre, team_c.service.centre):
        path = tmp_path / f"{centre.statistics_id}.json"
        path.write_text(json.dumps(centre_bundle(centre=centre, period=YEAR)))
        paths.append(str(path))
    out = tmp_path / "provider.json"
    call_command("stats", "merge", *paths, "--out", str(out), "--unit-id", "p-1")
    merged = load(out)
    assert merged["unit"] == {"id": "p-1", "level": "provider"}
    region = tmp_path / "region.json"
    with pytest.raises(CommandError, match="at least two"):
        call_command("stats", "merge", str(out), "--out", str(region))


def test_a_bundle_with_a_small_count_is_refused(two_centres) -> None:
    org, _ = two_centres
    bundle = centre_bundle(centre=org.centre, period=YEAR)
    broken = copy.deepcopy(bundle)
    broken["tables"][0]["cells"][0]["value"] = 3
    with pytest.raises(BundleError, match="not suppressed"):
        loads(broken)


@pytest.mark.parametrize(
    "breakage",
    [
        lambda b: b.pop("unit"),
        lambda b: b.update(version=2),
        lambda b: b["unit"].update(level="district"),
        lambda b: b["period"].update({"from": "2025-13-01"}),
        lambda b: b["tables"][0]["cells"][0].update(value=-1),
        lambda b: b["tables"][0].update(kind="weird"),
        lambda b: b.update(extra=True),
        lambda b: b["sources"].append(b["sources"][0]),
        lambda b: b["unit"].update(id="has space"),
    ],
)
def test_own_validator_agrees_with_jsonschema(breakage) -> None:
    bundle = copy.deepcopy(BUNDLE)
    assert errors(bundle) == [] and check(bundle) == []
    jsonschema.validate(bundle, bundle_schema())
    broken = copy.deepcopy(bundle)
    breakage(broken)
    ours = errors(broken)
    theirs = list(jsonschema.Draft202012Validator(bundle_schema()).iter_errors(broken))
    assert bool(ours) == bool(theirs) is True


def test_statistics_officer_imports_merges_and_views_bundles(two_centres, as_persona) -> None:
    org, team_c = two_centres
    http = as_persona("statistics")
    for centre in (org.centre, team_c.service.centre):
        content = json.dumps(centre_bundle(centre=centre, period=YEAR)).encode()
        from django.core.files.uploadedfile import SimpleUploadedFile

        upload = SimpleUploadedFile(f"{centre.statistics_id}.json", content, "application/json")
        response = http.post("/statistics/bundles/", {"file": upload})
        assert response.status_code == 302, response.content[:500]
    from lotse.stats.models import ImportedBundle

    ids = list(ImportedBundle.objects.values_list("pk", flat=True))
    response = http.post("/statistics/bundles/merge/", {"bundle": ids, "unit_id": "p-web"})
    merged = ImportedBundle.objects.get(unit_id="p-web")
    assert response["Location"].endswith(f"/statistics/bundles/{merged.pk}/")
    page = http.get(f"/statistics/bundles/{merged.pk}/?section=people")
    assert page.status_code == 200 and b"p-web" in page.content
    assert b"data:image/svg+xml;base64," in page.content
    bad = SimpleUploadedFile("bad.json", b'{"format": "x"}', "application/json")
    response = http.post("/statistics/bundles/", {"file": bad})
    assert response.status_code == 200  # shown again with the error beside the field
    assert "invalid-feedback" in response.content.decode()


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"[" * 100_000 + b"]" * 100_000, "nests deeper"),  # RecursionError: a 500 before
        (b'{"a": ' * 40 + b"1" + b"}" * 40, "nests deeper"),
        (b"\xff\xfe", "not JSON"),
        (b"{", "not JSON"),
    ],
)
def test_a_deep_or_broken_bundle_upload_gets_a_form_error(org, as_persona, content, says) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import translation

    http = as_persona("statistics")
    http.cookies["django_language"] = "en"
    upload = SimpleUploadedFile("deep.json", content, "application/json")
    response = http.post("/statistics/bundles/", {"file": upload})
    assert response.status_code == 200
    with translation.override("en"):
        errors = " ".join(response.context["form"].errors["file"])
    assert says in errors and "deep.json" in errors


def test_json_limits_count_brackets_outside_strings_only() -> None:
    from lotse.common.jsonlimits import JSONLimitError, loads_limited, nesting_depth

    assert nesting_depth('{"a": [1, {"b": "[[[[{{{\\"]]"}]}') == 3
    assert loads_limited(b'{"a": "[[[["}', max_depth=1) == {"a": "[[[["}
    with pytest.raises(JSONLimitError):
        loads_limited(b"[[1]]", max_depth=1)
    with pytest.raises(JSONLimitError):
        loads_limited(b"[1, 2, 3]", max_bytes=4)


def test_a_real_bundle_is_well_within_the_depth_limit(org) -> None:
    from lotse.common.jsonlimits import MAX_DEPTH, nesting_depth

    populate(org.team_a, org.users["counsellor"], clients=20, seed=4)
    bundle = json.dumps(centre_bundle(centre=org.centre, period=YEAR))
    assert nesting_depth(bundle) <= MAX_DEPTH // 2


def test_the_bundle_command_refuses_a_deep_file(tmp_path: Path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_bytes(b"[" * 50_000 + b"]" * 50_000)
    with pytest.raises(BundleError):
        load(deep)
