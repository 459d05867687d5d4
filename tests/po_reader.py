"""A small .po reader for the catalogue tests (polib is not a dependency)."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

_KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(\".*\")\s*$")


@dataclass
class Entry:
    line: int
    flags: set[str] = field(default_factory=set)
    fields: dict[str, str] = field(default_factory=dict)

    @property
    def msgid(self) -> str:
        return self.fields.get("msgid", "")

    @property
    def msgstrs(self) -> dict[str, str]:
        return {k: v for k, v in self.fields.items() if k.startswith("msgstr")}

    @property
    def msgstr_values(self) -> list[str]:
        return [value for key, value in sorted(self.fields.items()) if key.startswith("msgstr")]


def parse_po(path: Path) -> list[Entry]:
    """A minimal .po reader: enough for msgctxt/msgid/msgid_plural/msgstr[n] and flags.

    Obsolete entries (`#~`) are comments and therefore skipped.
    """
    entries: list[Entry] = []
    entry: Entry | None = None
    key = ""
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            entry = None
            continue
        if entry is None:
            entry = Entry(line=number)
            entries.append(entry)
        if line.startswith("#,"):
            entry.flags.update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif match := _KEYWORD.match(line):
            key = match.group(1)
            entry.fields[key] = ast.literal_eval(match.group(2))
        elif line.startswith('"') and key:
            entry.fields[key] += ast.literal_eval(line)
        else:
            raise AssertionError(f"{path}:{number}: cannot read line {raw!r}")
    return [e for e in entries if "msgid" in e.fields]
