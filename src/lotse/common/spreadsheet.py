"""Cells for spreadsheets (XLSX, CSV) that a spreadsheet program never runs as a formula.

A text starting with ``= + - @`` (or a tab or carriage return, which some programs strip
first) is read as a formula: a staff name "=HYPERLINK(…)" in an export would become a link
or a command (CSV/formula injection, OWASP). Such texts get a leading apostrophe, the
spreadsheet convention for "this is text". Formulas the report means to write are marked
with ``Formula`` and pass unchanged.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class Formula(str):
    """A formula written on purpose (``=SUM(B4:B9)``), never escaped."""

    __slots__ = ()


def safe_cell(value: object) -> object:
    """``value`` as a spreadsheet cell: texts that would start a formula are escaped."""
    if isinstance(value, Formula) or not isinstance(value, str):
        return value
    return "'" + value if value.startswith(FORMULA_STARTS) else value
