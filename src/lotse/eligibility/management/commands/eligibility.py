"""``lotse eligibility``: decide eligibility and routing for JSON lines read from stdin."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterator
from typing import IO, Any

from django.core.management.base import BaseCommand

from lotse.eligibility.engine import (
    INPUT_KEYS,
    OUTPUT_KEYS,
    EligibilityError,
    decide,
    input_from_json,
)

logger = logging.getLogger(__name__)

HELP = f"""\
Read one JSON object per line from stdin and write one JSON object per line to stdout
(flushed after each line). Input keys: {", ".join(INPUT_KEYS)}. "on" (ISO date YYYY-MM-DD) and
"residence" (permanent, resettler, resettler_family, asylum_seeker, temporary, no_status,
unknown) are required; a missing date counts as null (unknown), a missing "crisis" or
"course_obligation" as false. Output keys: {", ".join(OUTPUT_KEYS)} (explanation in German).
A line that cannot be decided (not JSON, not an object, unknown or missing key, wrong type, bad
date, unknown residence, a day before every rule set) gives {{"error": "..."}} and the command
goes on with the next line. Blank lines are skipped. The exit status is 0.
"""


def _object_without_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"duplicate key {key!r}")
        result[key] = value
    return result


def answer(line: str) -> dict[str, Any]:
    """The output object for one non-blank input line."""
    try:
        obj = json.loads(line, object_pairs_hook=_object_without_duplicates)
    except (ValueError, RecursionError) as exc:
        return {"error": f"Not valid JSON: {exc}"}
    try:
        return dict(decide(input_from_json(obj)).to_json())
    except EligibilityError as exc:
        return {"error": str(exc)}
    except Exception as exc:  # one bad line must not end the stream for the lines after it
        logger.exception("Eligibility decision failed")
        return {"error": f"Internal error: {type(exc).__name__}"}


def _lines(stream: IO[Any]) -> Iterator[str | None]:
    """Decoded lines; ``None`` for a line that is not UTF-8. Reads line by line (no read-ahead)."""
    binary = getattr(stream, "buffer", None)
    if binary is None:
        yield from iter(stream.readline, "")
        return
    for raw in iter(binary.readline, b""):
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError:
            yield None


class Command(BaseCommand):
    help = HELP
    # A filter over stdin: it needs neither the database nor the system checks.
    requires_system_checks: list[str] = []
    # call_command(..., stdin=io.StringIO(...)) for tests and callers inside Python
    stealth_options = ("stdin",)

    def handle(self, *args: Any, **options: Any) -> None:
        stream = options.get("stdin") or sys.stdin
        for number, line in enumerate(_lines(stream), start=1):
            if line is None:
                result: dict[str, Any] = {"error": f"line {number}: not valid UTF-8"}
            else:
                text = line.lstrip("\ufeff").strip() if number == 1 else line.strip()
                if not text:
                    continue
                result = answer(text)
                if "error" in result:
                    result = {"error": f"line {number}: {result['error']}"}
            self.stdout.write(json.dumps(result))
            self.stdout.flush()
