"""A ``{# … #}`` comment ends on its own line; one spread over two lines is printed on the page.

The client list showed "{# The checkboxes in the rows belong to this form …" to every
counsellor (issue #19 §2, found on a 390 px screenshot). Longer comments use
``{% comment %}``.
"""

from __future__ import annotations

from pathlib import Path

import lotse

SRC = Path(lotse.__file__).resolve().parent


def unclosed_comments(text: str) -> list[int]:
    """Line numbers of ``{#`` that is not closed by ``#}`` on the same line."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        rest = line
        while "{#" in rest:
            rest = rest[rest.index("{#") + 2 :]
            if "#}" not in rest:
                found.append(number)
                break
            rest = rest[rest.index("#}") + 2 :]
    return found


def test_the_check_finds_a_comment_over_two_lines() -> None:
    assert unclosed_comments("a {# one #} b\n{# two\n lines #}\n") == [2]
    assert unclosed_comments("{# a #}{# b #}") == []


def test_no_template_has_a_comment_over_several_lines() -> None:
    templates = [p for p in SRC.rglob("*.html") if "templates" in p.parts]
    assert len(templates) > 100
    broken = {
        str(p.relative_to(SRC)): lines
        for p in templates
        if (lines := unclosed_comments(p.read_text(encoding="utf-8")))
    }
    assert not broken, broken
