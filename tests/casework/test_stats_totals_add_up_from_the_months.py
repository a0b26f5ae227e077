"""The statistics page takes its totals from the months (one scan less): they must equal the
figures counted over the same cases directly."""

from __future__ import annotations

from chainchief.casework import selectors


def test_the_months_add_up_to_the_totals(make_case):
    for state in ("pending", "assigned", "closed", "closed", "not_accepted", "answered"):
        make_case(state)
    direct = selectors.case_stats()
    summed = selectors.total_of(selectors.case_stats_by("month"))
    assert summed == direct
    assert direct["received"] == 5 and direct["closed"] == 2


def test_the_ranking_reuses_the_department_rows_it_is_given(make_case):
    for _ in range(3):
        make_case("closed")
    rows = selectors.case_stats_by("lead_department")
    assert selectors.department_ranking(rows=[dict(r) for r in rows]) == (
        selectors.department_ranking()
    )
