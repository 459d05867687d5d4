"""Small-cell suppression: hand-worked tables and properties over random tables (hypothesis)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lotse.stats.suppression import (
    TOTAL,
    Equation,
    determined_cells,
    min_cell,
    one_way_equations,
    suppress,
    two_way_equations,
)
from stats.checker import one_way, recoverable, single_unknown_equations, two_way

K = 5
# Small counts are what suppression is about: most cells below 12, some zeros, some large.
counts = st.one_of(st.integers(0, 12), st.integers(0, 4), st.integers(0, 400))


def publish_one_way(values: list[int], k: int = K) -> dict:
    cells = {("c", i): v for i, v in enumerate(values)}
    cells["T"] = sum(values)
    eqs = [Equation(total="T", members=tuple(("c", i) for i in range(len(values))))]
    return suppress(cells, eqs, k=k).published


def publish_two_way(matrix: list[list[int]], k: int = K) -> dict:
    rows, cols = len(matrix), len(matrix[0])
    values: dict = {(r, c): matrix[r][c] for r in range(rows) for c in range(cols)}
    for r in range(rows):
        values[(r, "T")] = sum(matrix[r])
    for c in range(cols):
        values[("T", c)] = sum(matrix[r][c] for r in range(rows))
    values[("T", "T")] = sum(map(sum, matrix))
    equations = two_way_equations(range(rows), range(cols), total="T")
    return suppress(values, equations, k=k).published


def assert_safe(published: dict, equations: list, original: dict, k: int = K) -> None:
    for cell, value in published.items():
        assert value is None or value == 0 or value >= k, (cell, value)
        if value is not None:
            assert value == original[cell]
    assert not single_unknown_equations(published, equations)
    assert not recoverable(published, equations)
    # The suppressed members of an equation with a published total add up to 0 or ≥ k.
    for total, members in equations:
        if published[total] is None:
            continue
        hidden = [m for m in members if published[m] is None]
        if hidden:
            assert sum(original[m] for m in hidden) >= k


# --- hand-worked ---------------------------------------------------------------------------


def test_one_small_cell_gets_a_partner_the_smallest_other() -> None:
    published = publish_one_way([3, 40, 12, 0])
    assert published == {("c", 0): None, ("c", 1): 40, ("c", 2): None, ("c", 3): 0, "T": 55}


def test_zero_stays_visible_and_is_never_the_partner() -> None:
    published = publish_one_way([0, 2, 0, 30, 9])
    assert published[("c", 0)] == 0 and published[("c", 2)] == 0
    assert published[("c", 1)] is None and published[("c", 4)] is None


def test_total_below_k_is_suppressed_with_its_cells() -> None:
    published = publish_one_way([1, 2, 0])
    assert published == {("c", 0): None, ("c", 1): None, ("c", 2): 0, "T": None}


def test_two_small_cells_together_below_k_take_a_third() -> None:
    # 1 + 2 = 3 could be read off the total: the group is widened.
    published = publish_one_way([1, 2, 50, 60])
    assert published[("c", 2)] is None and published[("c", 3)] == 60


def test_nothing_suppressed_when_every_cell_is_zero_or_large() -> None:
    published = publish_one_way([0, 5, 17])
    assert None not in published.values()


def test_two_way_classic_rectangle() -> None:
    matrix = [[2, 10, 20], [15, 16, 30], [40, 50, 60]]
    published = publish_two_way(matrix)
    assert published[(0, 0)] is None
    _, equations = two_way(3, 3)
    original = _two_way_values(matrix)
    assert_safe(_rename(published), equations, original)


def test_linear_algebra_catches_a_bridge_between_two_rectangles() -> None:
    # Each equation has two unknowns, yet (0,2) follows from rows 0–1 and columns 0–1.
    eqs = two_way_equations(range(4), range(4), total="T")
    hidden = [(0, 0), (0, 1), (1, 0), (1, 1), (1, 2), (2, 2), (2, 3), (3, 2), (3, 3)]
    assert determined_cells(eqs, hidden) == [(1, 2)]


def test_unknown_cells_stay_suppressed_and_get_partners() -> None:
    values = {("c", 0): None, ("c", 1): 30, ("c", 2): 40, TOTAL: 77}
    result = suppress(values, one_way_equations([("c", i) for i in range(3)]), k=K)
    assert result.published[("c", 0)] is None
    assert result.published[("c", 1)] is None  # else ("c", 0) = 77 − 30 − 40
    assert result.unknown == {("c", 0)}


def test_k_comes_from_the_settings(settings) -> None:
    settings.LOTSE_STATS_MIN_CELL = 11
    assert min_cell() == 11
    settings.LOTSE_STATS_MIN_CELL = 0
    with pytest.raises(ValueError):
        min_cell()


# --- properties ------------------------------------------------------------------------------


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(counts, min_size=1, max_size=14), st.integers(2, 10))
def test_one_way_tables_are_safe(values: list[int], k: int) -> None:
    published = publish_one_way(values, k)
    cells, equations = one_way(len(values))
    original = {("c", i): v for i, v in enumerate(values)} | {"T": sum(values)}
    assert set(published) == set(cells)
    assert_safe(published, equations, original, k)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.integers(1, 6).flatmap(
        lambda cols: st.lists(
            st.lists(counts, min_size=cols, max_size=cols), min_size=1, max_size=7
        )
    ),
    st.integers(2, 8),
)
def test_two_way_tables_are_safe(matrix: list[list[int]], k: int) -> None:
    published = publish_two_way(matrix, k)
    _, equations = two_way(len(matrix), len(matrix[0]))
    assert_safe(_rename(published), equations, _two_way_values(matrix), k)
    # Stronger than the checker: no suppressed cell follows from all equations together.
    eqs = two_way_equations(range(len(matrix)), range(len(matrix[0])), total="T")
    hidden = [c for c, v in published.items() if v is None]
    assert determined_cells(eqs, hidden) == []


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.none(), counts), min_size=2, max_size=10))
def test_unknown_cells_of_merged_tables_are_never_recoverable(values: list[int | None]) -> None:
    total = (
        None
        if any(v is None for v in values) and values[0] is None
        else sum(v or 0 for v in values)
    )
    cells = {("c", i): v for i, v in enumerate(values)} | {"T": total}
    eqs = [Equation(total="T", members=tuple(("c", i) for i in range(len(values))))]
    published = suppress(cells, eqs, k=K).published
    _, equations = one_way(len(values))
    assert not single_unknown_equations(published, equations)
    assert all(published[c] is None for c, v in cells.items() if v is None)


# --- helpers ---------------------------------------------------------------------------------


def _two_way_values(matrix: list[list[int]]) -> dict:
    rows, cols = len(matrix), len(matrix[0])
    values: dict = {(r, c): matrix[r][c] for r in range(rows) for c in range(cols)}
    for r in range(rows):
        values[(r, "T")] = sum(matrix[r])
    for c in range(cols):
        values[("T", c)] = sum(matrix[r][c] for r in range(rows))
    values[("T", "T")] = sum(map(sum, matrix))
    return values


def _rename(published: dict) -> dict:
    return published


# --- linked tables: teams, services and centres published together -----------------------


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["mbe", "jmd", "refugee"]), st.sampled_from(["c1", "c2"]), counts
        ),
        min_size=1,
        max_size=8,
    )
)
def test_teams_services_and_centres_do_not_reveal_each_other(teams: list) -> None:
    from lotse.stats.catalogue import TABLE_BY_KEY
    from lotse.stats.selectors.base import TeamInfo, hierarchy_links
    from lotse.stats.tables import make_table, publish

    info = {
        i: TeamInfo(i, f"T{i}", service, centre, centre)
        for i, (service, centre, _n) in enumerate(teams)
    }
    per = {"team": {}, "service": {}, "centre": {}}
    for i, (service, centre, n) in enumerate(teams):
        per["team"][(str(i),)] = n
        per["service"][(service,)] = per["service"].get((service,), 0) + n
        per["centre"][(centre,)] = per["centre"].get((centre,), 0) + n
    tables = [
        make_table(TABLE_BY_KEY["clients_by_team"], per["team"], rows=[str(i) for i in info]),
        make_table(TABLE_BY_KEY["clients_by_service"], per["service"]),
        make_table(TABLE_BY_KEY["clients_by_centre"], per["centre"]),
    ]
    links = hierarchy_links("clients_by_service", "clients_by_team", info, "service")
    links += hierarchy_links("clients_by_centre", "clients_by_team", info, "centre_id")
    published = publish(tables, k=K, links=links)
    # The attacker's view: every published cell, the totals are one and the same number.
    cells: dict = {}
    equations: list = []
    for table in published:
        members = []
        for keys, value in table.cells.items():
            name = "TOTAL" if keys == (TOTAL,) else (table.key, keys)
            if name == "TOTAL" and cells.get("TOTAL") is not None:
                continue
            cells[name] = value
            if name != "TOTAL":
                members.append(name)
        equations.append(("TOTAL", members))
    for link in links:
        equations.append((link.total, list(link.members)))
    assert not recoverable(cells, equations)
    for value in cells.values():
        assert value is None or value == 0 or value >= K
