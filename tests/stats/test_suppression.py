"""Small-cell suppression: hand-worked tables and properties over random tables (hypothesis).

The properties check the published tables with the independent attacker of
``stats.checker`` (its own linear programme), not with the implementation's checker."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lotse.stats.suppression import (
    TOTAL,
    Equation,
    min_cell,
    one_way_equations,
    protection_interval,
    suppress,
    two_way_equations,
)
from lotse.stats.tables import Table, publish
from stats.checker import (
    lp_intervals,
    one_way,
    recoverable,
    single_unknown_equations,
    two_way,
    width,
)

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
    assert_attacker_fails(published, equations, original, k)


def assert_attacker_fails(published: dict, equations: list, original: dict, k: int) -> None:
    """The LP attacker narrows no primary cell below k values and determines no hidden cell."""
    eqs = [{m: 1 for m in members} | {total: -1} for total, members in equations]
    needed = {c: k if 0 < (v or 0) < k else 1 for c, v in original.items()}
    for cell, (low, high) in lp_intervals(published, eqs, [], original, needed).items():
        assert width(low, high) >= needed[cell], (cell, original[cell], low, high)


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


def test_the_interval_finds_a_cell_pinned_by_a_bridge_between_two_rectangles() -> None:
    # Each equation has two unknowns, yet (1,2) follows from rows 0–1 and columns 0–1.
    eqs = two_way_equations(range(4), range(4), total="T")
    values: dict = {(r, c): 10 for r in range(4) for c in range(4)}
    values |= {(r, "T"): 40 for r in range(4)} | {("T", c): 40 for c in range(4)}
    values[("T", "T")] = 160
    hidden = [(0, 0), (0, 1), (1, 0), (1, 1), (1, 2), (2, 2), (2, 3), (3, 2), (3, 3)]
    assert protection_interval(values, eqs, hidden, (1, 2)).width == 0
    assert protection_interval(values, eqs, hidden, (0, 0)).width == 18  # 1 … 19


def test_regression_two_hidden_cells_adding_up_to_k_pinned_each_to_1_4() -> None:
    # The old heuristic published 50 and 60: the hidden 1 and 4 add up to 5 = k, "not small",
    # yet each hidden cell is ≥ 1, so the attacker knows both lie in 1 … 4.
    published = publish_one_way([1, 4, 50, 60])
    assert published[("c", 2)] is None and published[("c", 3)] == 60
    _, equations = one_way(4)
    original = {("c", i): v for i, v in enumerate([1, 4, 50, 60])} | {"T": 115}
    assert_safe(published, equations, original)


def test_regression_published_zero_lets_the_attacker_count_people() -> None:
    # 1 + 1 + 3 = 5 with the total published and the zero beside them: each of the three hidden
    # cells is between 1 and 3. Now the total is hidden too.
    published = publish_one_way([1, 1, 3, 0])
    assert published == {("c", 0): None, ("c", 1): None, ("c", 2): None, ("c", 3): 0, "T": None}


def test_a_multiple_answer_cell_is_at_most_its_base() -> None:
    # 2 of 5 contacts had topic x: hidden, the attacker still knows 1 ≤ x ≤ 5 — too narrow.
    values = {"x": 2, "y": 5, "T": 5}
    assert suppress(values, k=5).published == {"x": None, "y": 5, "T": 5}
    narrowed = suppress(values, k=5, at_most=[("x", "T"), ("y", "T")])
    assert narrowed.published["x"] is None and narrowed.published["T"] is None
    assert protection_interval(values, [], ["x", "T"], "x", at_most=[("x", "T")]).width > 5


def test_tables_sharing_a_margin_hide_it_in_both() -> None:
    # Female clients by age and gender, and by gender and service: the gender margin is one
    # number. Hidden in one table, published in the other, it would be known.
    ages, genders, services = ["young", "old"], ["f", "m"], ["mbe", "jmd"]
    by_age = {("young", "f"): 2, ("young", "m"): 30, ("old", "f"): 40, ("old", "m"): 50}
    by_service = {("f", "mbe"): 21, ("f", "jmd"): 21, ("m", "mbe"): 40, ("m", "jmd"): 40}
    tables = [
        _two_way_table("age_gender", ("age", "gender"), ages, genders, by_age),
        _two_way_table("gender_service", ("gender", "service"), genders, services, by_service),
    ]
    published = {t.key: t for t in publish(tables, k=K)}
    age_gender, gender_service = published["age_gender"], published["gender_service"]
    assert age_gender.cells[("young", "f")] is None
    for gender in genders:
        assert (age_gender.cells[(TOTAL, gender)] is None) == (
            gender_service.cells[(gender, TOTAL)] is None
        )


def _two_way_table(key: str, dims: tuple, rows: list, cols: list, body: dict) -> Table:
    cells: dict = dict(body)
    for r in rows:
        cells[(r, TOTAL)] = sum(body[(r, c)] for c in cols)
    for c in cols:
        cells[(TOTAL, c)] = sum(body[(r, c)] for r in rows)
    cells[(TOTAL, TOTAL)] = sum(body.values())
    return Table(key, dims, "additive", "clients", "count", rows, cols, cells, population="clients")


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


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(counts, min_size=1, max_size=14), st.integers(2, 10))
def test_one_way_tables_are_safe(values: list[int], k: int) -> None:
    published = publish_one_way(values, k)
    cells, equations = one_way(len(values))
    original = {("c", i): v for i, v in enumerate(values)} | {"T": sum(values)}
    assert set(published) == set(cells)
    assert_safe(published, equations, original, k)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
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


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
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


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
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
