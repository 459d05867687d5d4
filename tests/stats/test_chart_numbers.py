"""A chart writes the same number as the table beside it (issue #19 §2, seen on the statistics
page: the bar said 495,2 hours, the table 495,3)."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from lotse.stats.charts import bar_chart
from lotse.stats.presentation import fmt


@pytest.mark.parametrize("value", [495.25, 60.75, 0.05, 1234.95, 147.5, 642.8, 12.0, 1198.0])
def test_bar_label_and_table_cell_agree(value: float) -> None:
    svg = bar_chart("Stunden", ["MBE"], [value])
    (written,) = re.findall(r">([\d.,]+)</text>", svg)
    with translation.override("de"):
        assert written == fmt(value)
