"""A run computes every chain's points, total, rank and grade as hand-computed in conftest."""

from __future__ import annotations

from decimal import Decimal

from chainchief.evaluation.models import ChainResult, IndicatorResult, Run


def _points(run, code):
    return {
        r.chain.code: r.points
        for r in IndicatorResult.objects.filter(run=run, code=code).select_related("chain")
    }


def test_it_scores_goal_completion_against_the_prorated_goal_with_the_cap(computed_run):
    # PWR 0.9 亿 ÷ (1.2 × 9/12) = 100 % → 30; NEW 1.8 ÷ 1.5 = 120 % → 36 (cap); no goal → 0
    assert _points(computed_run, "output_goal") == {
        "PWR": Decimal("30.00"),
        "BIO": Decimal("0.00"),
        "NEW": Decimal("36.00"),
        "CAR": Decimal("0.00"),
    }


def test_it_scores_growth_with_the_efficacy_coefficient(computed_run):
    # PWR, NEW +25 % → 100 (bounded) → 30; BIO 0 % → 73.33 → 22; CAR −50 % → 6.67 → 2
    assert _points(computed_run, "output_growth") == {
        "PWR": Decimal("30.00"),
        "BIO": Decimal("22.00"),
        "NEW": Decimal("30.00"),
        "CAR": Decimal("2.00"),
    }
    growth = IndicatorResult.objects.get(run=computed_run, code="output_growth", chain__code="PWR")
    assert growth.value == Decimal("25.0000")


def test_it_ranks_projects_started_with_ties(computed_run):
    assert _points(computed_run, "started") == {
        "PWR": Decimal("20.00"),
        "NEW": Decimal("20.00"),
        "CAR": Decimal("10.00"),
        "BIO": Decimal("5.00"),
    }


def test_it_totals_ranks_and_grades_every_chain(computed_run):
    rows = {
        r.chain.code: r
        for r in ChainResult.objects.filter(run=computed_run).select_related("chain")
    }
    # PWR 30 + 30 + 20 + 17 (subjective 85) + 2 (bonus) = 99
    assert rows["PWR"].total == Decimal("99.00")
    assert (rows["PWR"].rank, rows["PWR"].grade, rows["PWR"].board) == (1, "优秀", "red")
    assert rows["PWR"].dimensions == {"产业规模": 60.0, "项目建设": 20.0, "创新能力": 19.0}
    # NEW 36 + 30 + 20 = 86 would be 良好, but the veto sets the lowest grade and says why
    assert rows["NEW"].total == Decimal("86.00")
    assert (rows["NEW"].rank, rows["NEW"].grade, rows["NEW"].board) == (2, "较差", "black")
    assert "重大安全事故（1）触发一票否决" in rows["NEW"].veto_reason
    assert (rows["BIO"].total, rows["BIO"].rank) == (Decimal("27.00"), 3)
    assert (rows["CAR"].total, rows["CAR"].rank, rows["CAR"].board) == (
        Decimal("12.00"),
        4,
        "black",
    )
    assert computed_run.status == Run.Status.DRAFT
