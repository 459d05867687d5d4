"""``lotse eligibility``: JSON lines in, one JSON line out per non-blank input line."""

from __future__ import annotations

import io
import json
import os
import selectors
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from lotse.eligibility.engine import OUTPUT_KEYS

LOTSE = str(Path(sys.executable).with_name("lotse"))

GOOD = {
    "on": "2026-05-10",
    "birth_date": "1980-01-01",
    "residence": "resettler",
    "entry_date": "2023-05-10",
    "permanent_status_date": None,
    "crisis": False,
    "course_obligation": True,
}


def line(**changes: Any) -> str:
    return json.dumps({**GOOD, **changes})


def run(text: str) -> list[dict[str, Any]]:
    out = io.StringIO()
    call_command("eligibility", stdin=io.StringIO(text), stdout=out)
    return [json.loads(raw) for raw in out.getvalue().splitlines()]


def test_a_good_line_gives_the_contract_object() -> None:
    (result,) = run(line() + "\n")
    assert tuple(result) == OUTPUT_KEYS
    assert result["mbe"] == "eligible"
    assert result["mbe_basis"] == "resettler"
    assert result["jmd"] == "not_eligible"
    assert result["priority"] is True
    assert result["referral"] is None
    assert result["rule_set"] == "2016-01"
    assert "bis einschließlich 10.05.2026" in result["explanation"]


BAD_LINES = [
    ("not-json", "{nope"),
    ("not-an-object", "[1, 2]"),
    ("json-string", '"permanent"'),
    ("missing-on", json.dumps({"residence": "permanent"})),
    ("missing-residence", json.dumps({"on": "2026-05-10"})),
    ("unknown-key", line(nationality="SY")),
    ("wrong-type-bool", line(crisis="no")),
    ("wrong-type-date", line(birth_date=19800101)),
    ("bad-date", line(entry_date="2023-02-30")),
    ("unknown-residence", line(residence="citizen")),
    ("before-every-rule-set", line(on="2015-12-31", entry_date="2015-01-01")),
    ("date-after-on", line(entry_date="2026-06-01")),
    ("duplicate-key", '{"on": "2026-05-10", "residence": "permanent", "on": "2026-05-11"}'),
]


@pytest.mark.parametrize("bad", [b[1] for b in BAD_LINES], ids=[b[0] for b in BAD_LINES])
def test_a_bad_line_gives_an_error_and_the_next_line_is_still_decided(bad: str) -> None:
    error, good = run(f"{bad}\n{line()}\n")
    assert list(error) == ["error"] and error["error"].startswith("line 1: ")
    assert tuple(good) == OUTPUT_KEYS


def test_blank_lines_are_skipped_and_defaults_apply() -> None:
    minimal = json.dumps({"on": "2026-05-10", "residence": "asylum_seeker", "birth_date": None})
    results = run(f"\n   \n{minimal}\n\n{line()}")  # no newline after the last line
    assert len(results) == 2
    assert results[0]["mbe"] == "not_eligible" and results[0]["jmd"] == "unknown"
    assert results[0]["referral"] is None  # age unknown: JMD or refugee counselling is still open


def test_error_messages_count_input_lines_including_blank_ones() -> None:
    results = run(f"{line()}\n\n{{bad\n")
    assert results[1]["error"].startswith("line 3: ")


def test_reads_sys_stdin_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(line(residence="no_status") + "\n"))
    out = io.StringIO()
    call_command("eligibility", stdout=out)
    (result,) = [json.loads(raw) for raw in out.getvalue().splitlines()]
    assert result["referral"] == "no_status_counselling"


def test_help_documents_the_lenient_defaults() -> None:
    from lotse.eligibility.management.commands.eligibility import Command

    text = " ".join(Command().create_parser("lotse", "eligibility").format_help().split())
    assert "a missing date counts as null (unknown)" in text
    assert 'a missing "crisis" or "course_obligation" as false' in text
    assert "The exit status is 0" in text


# --- the real executable ----------------------------------------------------------------------


def _env(tmp_path: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("LOTSE_", "DJANGO_")) and key != "DATABASE_URL"
    }
    env.update(DJANGO_SETTINGS_MODULE="lotse.settings_test", LOTSE_VAR_DIR=str(tmp_path))
    return env


def test_the_lotse_executable_answers_every_non_blank_line(tmp_path: Path) -> None:
    lines = [
        line(),
        "",
        "not json",
        line(residence="asylum_seeker", crisis=True),
        "   ",
        line(on="2015-01-01", entry_date=None),
        json.dumps({"on": "2026-05-10", "residence": "permanent"}),
        line(birth_date="2018-01-01", residence="unknown", entry_date=None),
    ]
    stdin = ("\n".join(lines) + "\n").encode() + b'{"on": "\xff"}\n' + line().encode()
    result = subprocess.run(  # noqa: S603 - fixed arguments, our own command
        [LOTSE, "eligibility"],
        input=stdin,
        env=_env(tmp_path),
        capture_output=True,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr.decode()
    outputs = [json.loads(raw) for raw in result.stdout.decode("ascii").splitlines()]
    assert len(outputs) == 8  # 6 non-blank lines above, the non-UTF-8 line, the last line
    assert [o.get("mbe", "error") for o in outputs] == [
        "eligible",
        "error",
        "opening_clause",
        "error",
        "unknown",
        "not_eligible",
        "error",
        "eligible",
    ]
    assert outputs[5]["referral"] == "youth_welfare"
    assert "UTF-8" in outputs[6]["error"]
    assert all(tuple(o) in {OUTPUT_KEYS, ("error",)} for o in outputs)


def test_the_lotse_executable_flushes_each_answer(tmp_path: Path) -> None:
    with subprocess.Popen(  # noqa: S603 - fixed arguments, our own command
        [LOTSE, "eligibility"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=_env(tmp_path),
        cwd=tmp_path,
    ) as proc:
        assert proc.stdin is not None and proc.stdout is not None
        try:
            with selectors.DefaultSelector() as selector:
                selector.register(proc.stdout, selectors.EVENT_READ)
                for residence in ("permanent", "no_status"):
                    proc.stdin.write((line(residence=residence) + "\n").encode())
                    proc.stdin.flush()  # stdin stays open: the answer must come without EOF
                    assert selector.select(timeout=60), "no answer before the input ended"
                    answer = json.loads(proc.stdout.readline())
                    assert tuple(answer) == OUTPUT_KEYS
            proc.stdin.close()
            assert proc.wait(timeout=60) == 0
        finally:
            if proc.poll() is None:
                proc.kill()
