"""Charts as small hand-written SVG: the same image in the page (``<img src="data:…">``) and in
the PDF (WeasyPrint renders SVG).

Why not pygal here (STACK.md): pygal's SVG carries script and CSS for tooltips that the
``<img>`` never runs, and its labels depend on that script; horizontal bars with the category
and the value written beside every bar are easy to draw by hand and readable without colour,
zoomed, printed in black and white and by screen readers (``<title>``/``<desc>``, and the data
table next to each chart). Series of grouped bars differ by pattern *and* carry their name.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from xml.sax.saxutils import escape  # nosec B406 - escapes text we write, parses nothing

WIDTH = 640
LABEL_WIDTH = 210
VALUE_WIDTH = 150
BAR_AREA = WIDTH - LABEL_WIDTH - VALUE_WIDTH
ROW = 20
GAP = 6
TOP = 8
INK = "#1f3b57"
FAMILY = 'font-family="Noto Sans, DejaVu Sans, Arial, sans-serif"'
# The PDF shows a chart at its natural size (1 unit = 0.75 pt, stats/reports/_style.html): no
# text below 9 pt in print.
FONT_SIZE = 13
SMALL_FONT_SIZE = 12
FONT = FAMILY + f' font-size="{FONT_SIZE}"'
PATTERNS = (
    ("solid", ""),
    (
        "diagonal",
        '<pattern id="p-diagonal" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="{INK}" stroke-width="3"/></pattern>',
    ),
    (
        "dots",
        '<pattern id="p-dots" width="5" height="5" patternUnits="userSpaceOnUse">'
        f'<rect width="5" height="5" fill="#fff"/><circle cx="2.5" cy="2.5" r="1.5" fill="{INK}"/>'
        "</pattern>",
    ),
    (
        "cross",
        '<pattern id="p-cross" width="6" height="6" patternUnits="userSpaceOnUse">'
        f'<rect width="6" height="6" fill="#fff"/><path d="M0 0L6 6M6 0L0 6" stroke="{INK}" '
        'stroke-width="1"/></pattern>',
    ),
    (
        "horizontal",
        '<pattern id="p-horizontal" width="6" height="4" patternUnits="userSpaceOnUse">'
        f'<rect width="6" height="4" fill="#fff"/><line x1="0" y1="1" x2="6" y2="1" stroke="{INK}" '
        'stroke-width="1.5"/></pattern>',
    ),
    ("outline", ""),
)


def _fill(index: int) -> str:
    name = PATTERNS[index % len(PATTERNS)][0]
    if name == "solid":
        return f'fill="{INK}"'
    if name == "outline":
        return 'fill="#fff"'
    return f'fill="url(#p-{name})"'


def _short(text: str, limit: int = 28) -> str:
    """Long labels cut with an ellipsis; a long label ending in an abbreviation in brackets
    ("… Zuwanderer (MBE)") becomes the abbreviation. The data table has the full label."""
    if len(text) <= limit:
        return text
    if text.endswith(")") and "(" in text:
        abbreviation = text[text.rindex("(") + 1 : -1]
        if 0 < len(abbreviation) <= limit and " " not in abbreviation:
            return abbreviation
    return text[: limit - 1] + "…"


def _number(value: float | None, suppressed: str) -> str:
    if value is None:
        return suppressed
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", ".")
    # Half up, as the table beside the chart rounds (presentation.fmt): f"{495.25:.1f}" gives
    # "495.2" (the float lies just below), the table 495,3.
    rounded = Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{rounded:,.1f}".replace(",", "X").replace(".", ",").replace("X", ".")


def _svg(title: str, description: str, height: int, body: list[str], defs: str = "") -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="t d">'
        f'<title id="t">{escape(title)}</title><desc id="d">{escape(description)}</desc>'
        f"<defs>{defs}</defs>"
        f'<rect width="{WIDTH}" height="{height}" fill="#fff"/>' + "".join(body) + "</svg>"
    )


def bar_chart(
    title: str,
    labels: Sequence[str],
    values: Sequence[float | None],
    *,
    description: str = "",
    suppressed: str = "•",
) -> str:
    """Horizontal bars, one per category, the value written at the end of each bar."""
    known = [v for v in values if v is not None]
    top = max(known, default=0) or 1
    height = TOP * 2 + max(len(labels), 1) * (ROW + GAP)
    body = []
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = TOP + index * (ROW + GAP)
        body.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 14}" text-anchor="end" {FONT} '
            f'fill="#222">{escape(_short(label))}</text>'
        )
        length = 0.0 if value is None else BAR_AREA * float(value) / float(top)
        if value:
            body.append(
                f'<rect x="{LABEL_WIDTH}" y="{y}" width="{max(length, 1):.1f}" height="{ROW}" '
                f'fill="{INK}"/>'
            )
        body.append(
            f'<text x="{LABEL_WIDTH + length + 6:.1f}" y="{y + 14}" {FONT} fill="#222">'
            f"{escape(_number(value, suppressed))}</text>"
        )
    body.append(
        f'<line x1="{LABEL_WIDTH}" y1="{TOP - 2}" x2="{LABEL_WIDTH}" y2="{height - TOP + 2}" '
        'stroke="#555" stroke-width="1"/>'
    )
    return _svg(title, description, height, body)


def grouped_chart(
    title: str,
    row_labels: Sequence[str],
    series_labels: Sequence[str],
    matrix: Sequence[Sequence[float | None]],
    *,
    description: str = "",
    suppressed: str = "•",
) -> str:
    """Bars grouped by row, one per series; each bar has its series' pattern and name."""
    known = [v for row in matrix for v in row if v is not None]
    top = max(known, default=0) or 1
    series = len(series_labels)
    legend_height = 24
    group = series * (ROW - 4) + GAP * 2
    height = TOP * 2 + legend_height + max(len(row_labels), 1) * group
    defs = "".join(PATTERNS[i % len(PATTERNS)][1] for i in range(min(series, len(PATTERNS))))
    body = []
    x = 0
    for index, name in enumerate(series_labels):
        body.append(
            f'<rect x="{x}" y="{TOP}" width="14" height="14" {_fill(index)} stroke="{INK}"/>'
            f'<text x="{x + 18}" y="{TOP + 12}" {FONT} fill="#222">'
            f"{escape(_short(name, 18))}</text>"
        )
        x += 26 + min(len(name), 18) * 8
    for r, label in enumerate(row_labels):
        y0 = TOP + legend_height + r * group
        body.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y0 + group / 2 + 4:.1f}" text-anchor="end" {FONT} '
            f'font-weight="bold" fill="#222">{escape(_short(label))}</text>'
        )
        for s, value in enumerate(matrix[r]):
            y = y0 + GAP + s * (ROW - 4)
            length = 0.0 if value is None else BAR_AREA * float(value) / float(top)
            if value:
                body.append(
                    f'<rect x="{LABEL_WIDTH}" y="{y}" width="{max(length, 1):.1f}" '
                    f'height="{ROW - 6}" {_fill(s)} stroke="{INK}" stroke-width="0.8"/>'
                )
            text = f"{_short(series_labels[s], 16)}: {_number(value, suppressed)}"
            body.append(
                f'<text x="{LABEL_WIDTH + length + 6:.1f}" y="{y + 11}" {FAMILY} '
                f'font-size="{SMALL_FONT_SIZE}" '
                f'fill="#222">{escape(text)}</text>'
            )
    body.append(
        f'<line x1="{LABEL_WIDTH}" y1="{TOP + legend_height}" x2="{LABEL_WIDTH}" '
        f'y2="{height - TOP}" stroke="#555" stroke-width="1"/>'
    )
    return _svg(title, description, height, body, defs)


def data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
