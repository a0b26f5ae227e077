from __future__ import annotations

from chainchief.casework import services
from chainchief.casework.selectors import case_stats, case_stats_by


def test_the_figures_count_received_closed_rates_and_overdue(make_case, contact, office):
    make_case("closed")  # on time, satisfied
    unsatisfied = make_case("answered")
    services.transition(
        case=unsatisfied, action="rate", by=contact, version=unsatisfied.version,
        rating="unsatisfied", comment="没解决",
    )  # fmt: skip
    services.transition(
        case=unsatisfied, action="reopen", by=office, version=unsatisfied.version, comment="重办"
    )
    make_case("not_accepted")
    make_case("pending")
    stats = case_stats(kind="problem")
    assert stats["received"] == 3
    assert stats["not_accepted"] == 1
    assert stats["closed"] == 1
    assert stats["closed_rate"] == 33.3
    assert stats["on_time_rate"] == 100.0
    assert stats["satisfaction_rate"] == 100.0  # the reopened case's rating was cleared
    assert stats["reopen_rate"] == 33.3
    assert stats["hand_back_rate"] == 0.0
    assert stats["open"] == 2
    assert stats["avg_days"] == 0.0


def test_an_empty_period_gives_no_rates_rather_than_zero(db):
    stats = case_stats()
    assert stats["received"] == 0
    assert stats["closed_rate"] is None


def test_the_figures_split_by_department(make_case, lead_department):
    make_case("closed")
    make_case("pending")
    rows = {r["lead_department_id"]: r for r in case_stats_by("lead_department")}
    assert rows[lead_department.pk]["closed"] == 1
    assert rows[None]["received"] == 1


def test_a_department_filter_counts_only_its_cases(make_case, co_department):
    make_case("closed")
    assert case_stats(department_ids=[co_department.pk])["received"] == 0
