"""Each scoring method with hand-computed expectations (caps, bounds, ties, vetoes, extremes)."""

from __future__ import annotations

import pytest

from chainchief.evaluation import scoring


def test_target_rate_scores_actual_over_target_times_weight():
    s = scoring.target_rate(20, 45, 50)
    assert s.points == 18.0  # 20 × 45 ÷ 50
    assert "45 ÷ 50" in s.formula


def test_target_rate_is_capped_at_120_percent():
    s = scoring.target_rate(20, 80, 50, cap=1.2)
    assert s.points == 24.0  # 80 ÷ 50 = 160 % → 120 % × 20
    assert "封顶" in s.formula


def test_target_rate_for_a_lower_is_better_indicator_inverts_the_ratio():
    assert scoring.target_rate(10, 8, 6, lower_is_better=True).points == 7.5  # 10 × 6 ÷ 8


def test_target_rate_without_data_gives_zero_and_says_so():
    s = scoring.target_rate(10, None, 50)
    assert (s.points, s.formula) == (0.0, "无数据，得 0 分")


def test_efficacy_coefficient_follows_60_plus_40_formula():
    # 60 + 40 × (12 − 0) ÷ (15 − 0) = 92 → 10 × 92 ÷ 100 = 9.2
    s = scoring.efficacy(10, 12, satisfactory=15, allowed=0)
    assert s.points == 9.2
    assert "= 92" in s.formula


def test_efficacy_coefficient_is_bounded_at_100_and_at_the_floor():
    assert scoring.efficacy(10, 30, satisfactory=15, allowed=0).points == 10.0
    # 60 + 40 × (−30 − 0) ÷ 15 = −20 → floor 0
    assert scoring.efficacy(10, -30, satisfactory=15, allowed=0).points == 0.0
    assert scoring.efficacy(10, -30, satisfactory=15, allowed=0, floor=40).points == 4.0


def test_ranking_gives_ties_the_same_rank_and_skips_the_next():
    values = {1: 30.0, 2: 50.0, 3: 50.0, 4: 10.0}
    assert scoring.ranks(values) == {1: 3, 2: 1, 3: 1, 4: 4}
    scores = scoring.score_indicator("rank", 10, {"step": 2}, values)
    assert {k: s.points for k, s in scores.items()} == {1: 6.0, 2: 10.0, 3: 10.0, 4: 4.0}


def test_ranking_of_a_lower_is_better_indicator_puts_the_smallest_first():
    scores = scoring.score_indicator(
        "rank", 10, {"step": 3}, {1: 5.0, 2: 1.0, 3: 9.0}, lower_is_better=True
    )
    assert {k: (s.rank, s.points) for k, s in scores.items()} == {
        2: (1, 10.0),
        1: (2, 7.0),
        3: (3, 4.0),
    }


def test_ranking_never_goes_below_zero_and_missing_values_rank_last():
    scores = scoring.score_indicator("rank", 4, {"step": 3}, {1: 3.0, 2: 2.0, 3: None})
    assert scores[2].points == 1.0
    assert (scores[3].rank, scores[3].points) == (3, 0.0)


def test_per_item_counts_whole_units_and_stops_at_the_cap():
    # 2 points per ¥100m started, max 10: 3.7 亿元 → 3 items → 6
    assert scoring.per_item(3.7, per=2, cap=10, unit=1).points == 6.0
    s = scoring.per_item(12, per=2, cap=10)
    assert s.points == 10.0 and "封顶" in s.formula


def test_bonus_and_penalty_are_capped_and_signed():
    assert scoring.bonus(4, per=1.5, cap=5).points == 5.0
    assert scoring.bonus(2, per=1.5, cap=5, sign=-1).points == -3.0
    assert scoring.bonus(0, per=1.5, cap=5).points == 0.0


def test_veto_triggers_above_the_threshold_and_names_the_reason():
    s = scoring.veto(1, threshold=0, name="重大安全生产事故")
    assert s.veto == "重大安全生产事故（1）触发一票否决"
    assert scoring.veto(0, threshold=0, name="x").veto == ""


def test_veto_sets_the_lowest_grade_whatever_the_total():
    assert scoring.grade_for(95, scoring.DEFAULT_GRADES, vetoed=True) == "较差"
    assert scoring.grade_for(95, scoring.DEFAULT_GRADES, vetoed=False) == "优秀"
    assert scoring.grade_for(80, scoring.DEFAULT_GRADES, vetoed=False) == "良好"
    assert scoring.grade_for(59.99, scoring.DEFAULT_GRADES, vetoed=False) == "较差"


def test_subjective_drops_highest_and_lowest_with_five_or_more_raters():
    # 60, 80, 85, 90, 100 → (80 + 85 + 90) ÷ 3 = 85 → 10 × 85 ÷ 100 = 8.5
    s = scoring.subjective(10, [90, 60, 100, 85, 80])
    assert s.points == 8.5
    assert "去掉一个最高分和一个最低分" in s.formula


def test_subjective_keeps_every_rating_with_fewer_than_five_raters():
    # (60 + 80 + 100 + 90) ÷ 4 = 82.5
    assert scoring.subjective(10, [60, 80, 100, 90]).points == 8.25


def test_bad_parameters_are_refused_in_chinese():
    with pytest.raises(scoring.ScoringError, match="满意值与不允许值不能相等"):
        scoring.check_params("efficacy", {"satisfactory": 5, "allowed": 5})
    with pytest.raises(scoring.ScoringError, match="评分方法“magic”不存在"):
        scoring.check_params("magic", {})
