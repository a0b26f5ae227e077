"""办结率, 按时办结率 and 满意率 come from the problem-assignment cases raised in the period, and
their rows are the cases counted."""

from __future__ import annotations

import datetime

import pytest

from chainchief.evaluation import sources
from chainchief.evaluation.periods import parse_period


@pytest.fixture
def cases(city):
    casework = pytest.importorskip("chainchief.casework.models")
    chain = city.chains["PWR"]
    made = []
    for n, (closed_on, on_time, rating) in enumerate(
        [
            (datetime.date(2026, 3, 1), True, "satisfied"),
            (datetime.date(2026, 4, 1), True, "basic"),
            (datetime.date(2026, 5, 1), False, "satisfied"),
            (None, None, ""),
        ]
    ):
        made.append(
            casework.Case.objects.create(
                kind="problem",
                title=f"融资难问题{n}",
                text="企业诉求",
                chain=chain,
                raised_on=datetime.date(2026, 2, 1),
                state="closed" if closed_on else "in_progress",
                closed_on=closed_on,
                closed_on_time=on_time,
                rating=rating,
            )
        )
    # Raised last year: not counted in 2026.
    casework.Case.objects.create(
        kind="problem", title="旧问题", text="x", chain=chain, raised_on=datetime.date(2025, 5, 1)
    )
    return made


def test_the_three_rates_count_the_cases_of_the_period(city, cases):
    ctx = sources.Context([city.chains["PWR"].pk], parse_period("2026Q3"))
    closed = sources.compute("cases_closed", ctx)[city.chains["PWR"].pk]
    on_time = sources.compute("cases_on_time", ctx)[city.chains["PWR"].pk]
    satisfied = sources.compute("cases_satisfied", ctx)[city.chains["PWR"].pk]
    assert (closed.value, on_time.value, satisfied.value) == (75.0, 66.67, 66.67)  # 3/4, 2/3, 2/3
    assert sorted(r["id"] for r in closed.rows) == sorted(c.pk for c in cases)
    assert sum(r["amount"] for r in closed.rows) / len(closed.rows) * 100 == closed.value


def test_without_cases_in_the_period_the_rate_has_no_data(city, cases):
    ctx = sources.Context([city.chains["BIO"].pk], parse_period("2026Q3"))
    assert sources.compute("cases_closed", ctx)[city.chains["BIO"].pk].value is None
