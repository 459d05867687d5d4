"""What a German statistics page, workbook or PDF must not contain: words derived from the
catalogue — table keys, dimension and vocabulary codes, and the English msgids of every label
and heading whose German translation differs (an untranslated label shows up as its msgid)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.utils import translation

from lotse.stats.catalogue import SECTIONS, TABLES, UNITS
from lotse.stats.dimensions import DIMENSION_TITLES, UNKNOWN, VOCABULARIES
from lotse.stats.presentation import KEY_FIGURES
from lotse.stats.suppression import TOTAL

# Headings the report templates and the spreadsheet write themselves (English msgids).
REPORT_HEADINGS = (
    "Annual report",
    "Key figures",
    "Staff and posts",
    "Post share",
    "Languages",
    "Posts (full-time equivalents)",
    "Counselling languages of the staff",
    "Costs and funding",
    "Eligible costs",
    "Other costs",
    "Total costs",
    "Federal grant",
    "Own funds",
    "Gap",
    "Applied for",
    "Suppressed cells together",
    "Base (counted once)",
    "Total",
    "Overview",
    "Unit",
    "Period",
    "Created on",
    "Suppression",
)


def _labels() -> list[object]:
    labels: list[object] = [*SECTIONS.values(), *UNITS.values(), *DIMENSION_TITLES.values()]
    labels += [label for _key, label in KEY_FIGURES]
    for spec in TABLES:
        labels.append(spec.title)
        if spec.note:
            labels.append(spec.note)
    for load in VOCABULARIES.values():
        labels += list(load().values())
    return labels


def forbidden() -> dict[str, str]:
    """word → why: codes and English texts a German reader must never see."""
    words: dict[str, str] = {}
    for spec in TABLES:
        words[spec.key] = "table key"
        for dim in spec.dims:
            if "_" in dim:
                words[dim] = "dimension code"
    words[TOTAL] = "total code"
    words[UNKNOWN] = "code 'unknown'"
    for dimension, load in VOCABULARIES.items():
        for code in load():
            code = str(code)
            # Codes that could be a German word or a number ("1_2" is one) are left out.
            if re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)*", code) and len(code) > 2:
                words[code] = f"code of {dimension}"
    from django.utils.translation import gettext

    with translation.override("en"):
        english = [str(label) for label in _labels()] + list(REPORT_HEADINGS)
    with translation.override("de"):
        german = [str(label) for label in _labels()] + [gettext(h) for h in REPORT_HEADINGS]
    translated = _translated_msgids()
    for en, de in zip(english, german, strict=True):
        # Untranslated, the German text is the msgid itself ("Counselling hours").
        if en != de or en not in translated:
            words[en] = "English msgid"
    return words


def _translated_msgids() -> set[str]:
    from django.utils.translation import trans_real

    catalog = trans_real.translation("de")._catalog  # the loaded German catalogue
    return {str(key).rsplit("\x04", 1)[-1] for key, value in catalog.items() if value}


def offending(text: str, words: dict[str, str] | None = None) -> list[str]:
    """The forbidden words in ``text`` as whole words, case-sensitive ("mbe" is not "MBE")."""
    words = forbidden() if words is None else words
    found = []
    for word, why in words.items():
        if re.search(r"(?<![\w-])" + re.escape(word) + r"(?![\w-])", text):
            found.append(f"{word!r} ({why})")
    return found


def texts(values: Iterable[object]) -> str:
    return "\n".join(str(v) for v in values if v is not None)
