"""Published tables as people read them: labels, formatted numbers, the chart beside the data.

Used by the dashboard, the PDF reports and the spreadsheet alike, so they show the same rows.
Rows and columns that are zero throughout are left out (zero is published, but a list of
twenty empty nationalities helps nobody); fixed short vocabularies (age groups, gender,
months…) always show every value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from .catalogue import ADDITIVE, FIGURES, MULTIPLE, TABLES, UNITS
from .charts import bar_chart, data_uri, grouped_chart
from .dimensions import DIMENSION_TITLES, Labeller
from .published import Statistics
from .suppression import TOTAL
from .tables import Number, Table

ALWAYS_SHOWN = frozenset({"age_group", "gender", "month", "waiting_time", "goal_status"})
SUPPRESSED_MARK = "•"


@dataclass
class CellView:
    value: Number | None
    text: str

    @property
    def suppressed(self) -> bool:
        return self.value is None


@dataclass
class RowView:
    code: str
    label: str
    cells: list[CellView]
    total: CellView | None = None


@dataclass
class TableView:
    key: str
    title: str
    note: str
    unit: str
    section: str
    kind: str
    row_title: str
    columns: list[str] = field(default_factory=list)
    column_codes: list[str] = field(default_factory=list)
    rows: list[RowView] = field(default_factory=list)
    total: RowView | None = None
    remainder: CellView | None = None
    chart: str = ""
    chart_svg: str = ""
    suppressed: int = 0
    two_way: bool = False

    @property
    def empty(self) -> bool:
        return not self.rows or (self.two_way and not self.columns)

    @property
    def multiple(self) -> bool:
        return self.kind == MULTIPLE

    @property
    def additive(self) -> bool:
        return self.kind == ADDITIVE


def fmt(value: Number | None, *, decimals: int | None = None) -> str:
    """A number as people write it here (1.198 / 922,2); • for a suppressed cell."""
    if value is None:
        return SUPPRESSED_MARK
    if decimals is None:
        decimals = 1 if isinstance(value, float) and not value.is_integer() else 0
    if decimals == 0:
        return number_format(round(value), force_grouping=True)
    # number_format cuts the digits off (60.75 would read 60,7): round half up first, once.
    rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return number_format(rounded, decimal_pos=decimals, force_grouping=True)


def cell(value: Number | None, decimals: int | None = None) -> CellView:
    return CellView(value, fmt(value, decimals=decimals))


KEY_FIGURES = (
    ("clients_by_service", _lazy("Clients (each counted once)")),
    ("contacts_by_service", _lazy("Counselling contacts")),
    ("hours_by_service", _lazy("Counselling hours")),
    ("family_members_by_service", _lazy("Family members counselled along")),
    ("intakes_by_access_channel", _lazy("First contacts")),
    ("cases_by_phase_service", _lazy("Case-management cases")),
)


def key_figures(statistics: Statistics) -> list[tuple[str, str, bool]]:
    """(label, formatted total, suppressed) of the headline figures."""
    figures = []
    for key, label in KEY_FIGURES:
        table = statistics.table(key)
        if table is not None:
            decimals = 1 if table.measure != "count" else 0
            figures.append((str(label), fmt(table.total, decimals=decimals), table.total is None))
    return figures


def _shown(table: Table, axis: int, codes: list[str]) -> list[str]:
    if table.dims[axis] in ALWAYS_SHOWN:
        return codes

    def nonzero(code: str) -> bool:
        return any(
            v is None or v != 0
            for keys, v in table.cells.items()
            if keys[axis] == code and TOTAL not in keys
        )

    return [c for c in codes if nonzero(c)]


def table_view(table: Table, label: Labeller, *, chart: bool = True) -> TableView:
    spec = table.spec
    title = str(spec.title) if spec else table.key
    view = TableView(
        key=table.key,
        title=title,
        note=str(spec.note) if spec and spec.note else "",
        unit=str(UNITS.get(table.unit, table.unit)),
        section=spec.section if spec else "overview",
        kind=table.kind,
        row_title=str(DIMENSION_TITLES.get(table.dims[0], table.dims[0])),
        suppressed=table.suppressed_count(),
        two_way=table.two_way,
    )
    rows = _shown(table, 0, table.rows)
    decimals = 1 if table.measure != "count" else 0

    def cell(value: Number | None) -> CellView:
        return CellView(value, fmt(value, decimals=decimals))

    if table.two_way:
        cols = _shown(table, 1, table.cols)
        view.column_codes = cols
        view.columns = [label(table.dims[1], c) for c in cols]
        for r in rows:
            view.rows.append(
                RowView(
                    r,
                    label(table.dims[0], r),
                    [cell(table.cells.get((r, c), 0)) for c in cols],
                    cell(table.cells.get((r, TOTAL), 0)) if table.kind == ADDITIVE else None,
                )
            )
        if table.kind == ADDITIVE:
            view.total = RowView(
                TOTAL,
                _("Total"),
                [cell(table.cells.get((TOTAL, c), 0)) for c in cols],
                cell(table.cells.get((TOTAL, TOTAL), 0)),
            )
    else:
        for r in rows:
            view.rows.append(RowView(r, label(table.dims[0], r), [cell(table.cells.get((r,), 0))]))
        if table.kind != FIGURES:
            total = table.cells.get((TOTAL,), 0)
            view.total = RowView(
                TOTAL,
                _("Total") if table.kind == ADDITIVE else _("Base (counted once)"),
                [cell(total)],
            )
            hidden = [table.cells.get((r,), 0) for r in table.rows]
            if table.kind == ADDITIVE and total is not None and any(v is None for v in hidden):
                view.remainder = cell(total - sum(v for v in hidden if v is not None))
    if chart and not view.empty:
        view.chart_svg = chart_for(view)
        view.chart = data_uri(view.chart_svg)
    return view


def chart_for(view: TableView) -> str:
    description = _("The values are in the table next to the chart. • = suppressed.")
    if view.two_way:
        return grouped_chart(
            view.title,
            [r.label for r in view.rows],
            view.columns,
            [[c.value for c in r.cells] for r in view.rows],
            description=description,
        )
    return bar_chart(
        view.title,
        [r.label for r in view.rows],
        [r.cells[0].value for r in view.rows],
        description=description,
    )


def views_for(
    statistics: Statistics,
    *,
    section: str | None = None,
    team_lead: bool = False,
    chart: bool = True,
) -> list[TableView]:
    """The tables of one section (all when None) that this viewer may see."""
    label = Labeller(statistics.lookups)
    views = []
    order = {spec.key: i for i, spec in enumerate(TABLES)}
    for table in sorted(statistics.tables, key=lambda t: order.get(t.key, len(order))):
        spec = table.spec
        if spec and spec.team_lead_only and not team_lead:
            continue
        if section and (spec.section if spec else "overview") != section:
            continue
        views.append(table_view(table, label, chart=chart))
    return views
