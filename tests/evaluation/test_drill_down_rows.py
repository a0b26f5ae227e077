"""Every figure's drill-down rows add up to the counted value, by construction."""

from __future__ import annotations

from decimal import Decimal

from chainchief.evaluation.models import IndicatorResult


def test_output_rows_add_up_to_the_value_and_leave_out_small_enterprises(computed_run):
    r = IndicatorResult.objects.get(run=computed_run, code="output_goal", chain__code="PWR")
    assert r.value == Decimal("0.9000")
    assert round(sum(row["amount"] for row in r.rows), 4) == float(r.value)
    assert [row["label"] for row in r.rows] == ["输变电装备规上企业有限公司"]


def test_counted_projects_are_the_ones_started_in_the_period(computed_run):
    for r in IndicatorResult.objects.filter(run=computed_run, code="started"):
        assert len(r.rows) == r.value
        assert all(row["type"] == "project" and "旧项目" not in row["label"] for row in r.rows)


def test_subjective_rows_name_every_rater_and_mark_the_dropped_ones(computed_run):
    r = IndicatorResult.objects.get(run=computed_run, code="experts", chain__code="PWR")
    assert r.value == Decimal("85.0000")
    assert [row["note"] for row in r.rows].count("去掉") == 2
    kept = [row["amount"] for row in r.rows if row["note"] != "去掉"]
    assert sum(kept) / len(kept) == float(r.value)


def test_the_formula_shows_the_numbers_filled_in(computed_run):
    r = IndicatorResult.objects.get(run=computed_run, code="output_goal", chain__code="NEW")
    assert r.formula == "30 × min(1.8 ÷ 1.5 = 120.00%, 120%) = 36"
