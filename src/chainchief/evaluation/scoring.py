"""Scoring methods (评分方法): plain Python, no Django. Each takes an indicator's weight, its
parameters and the values of every chain, and returns per chain the points and the formula
with the numbers filled in, so a score can always be explained.

Formulas (w = the indicator's weight, x = the chain's value):
- target_rate 目标完成率: w × min(x ÷ 目标值, 封顶); lower-is-better: w × min(目标值 ÷ x, 封顶)
- efficacy 功效系数法: 单项得分 = 60 + 40 × (x − 不允许值) ÷ (满意值 − 不允许值), bounded to
  [下限, 100]; points = w × 单项得分 ÷ 100
- rank 排名赋分: ties share the better rank (1, 1, 3 …); points = max(w − (名次 − 1) × 级差, 0)
- per_item 计件加分: min(件数 × 每件分值, 封顶), 件数 = ⌊x ÷ 计件单位⌋
- bonus 加分项: min(x × 每项分值, 封顶); penalty 减分项: −min(x × 每项分值, 封顶)
- veto 一票否决: x > 阈值 vetoes the chain (grade set to the lowest, with the reason); 0 points
- subjective 主观评分: the mean of the raters' scores (0—100), dropping one highest and one
  lowest when there are ≥ 5; points = w × 平均分 ÷ 100
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

METHODS: dict[str, str] = {
    "target_rate": "目标完成率",
    "efficacy": "功效系数法",
    "rank": "排名赋分",
    "per_item": "计件加分",
    "bonus": "加分项",
    "penalty": "减分项",
    "veto": "一票否决",
    "subjective": "主观评分",
}
# Methods whose weight counts toward the 100 points; the others add, subtract or veto.
WEIGHTED = {"target_rate", "efficacy", "rank", "subjective"}


class ScoringError(ValueError):
    """Bad parameters of an indicator; the message is in Chinese."""


@dataclass
class Score:
    points: float
    formula: str
    rank: int | None = None
    veto: str = ""


def _f(x: float) -> str:
    return f"{x:,.2f}".rstrip("0").rstrip(".") if x == x else "—"


def _p(x: float) -> str:
    """A number inside a formula: negatives in brackets, so 12 − (−5) reads right."""
    return f"({_f(x)})" if x < 0 else _f(x)


def _num(params: Mapping, key: str, label: str, default: float | None = None) -> float:
    value = params.get(key, default)
    if value is None:
        raise ScoringError(f"缺少参数“{label}”（{key}）")
    try:
        return float(value)
    except (TypeError, ValueError):
        raise ScoringError(f"参数“{label}”（{key}）应为数字，实际为“{value}”") from None


def check_params(method: str, params: Mapping) -> None:
    """Raise ScoringError when the parameters of `method` are missing or wrong."""
    if method not in METHODS:
        raise ScoringError(f"评分方法“{method}”不存在，可选：{'、'.join(METHODS)}")
    if method == "target_rate":
        if "target" not in params and "goal" not in params:
            raise ScoringError(
                "目标完成率需要参数 target（目标值）或 goal（发展目标清单中的指标名）"
            )
        if _num(params, "cap", "封顶", 1.2) <= 0:
            raise ScoringError("封顶（cap）应大于 0")
    elif method == "efficacy":
        if _num(params, "satisfactory", "满意值") == _num(params, "allowed", "不允许值"):
            raise ScoringError("满意值与不允许值不能相等")
    elif method == "rank":
        if _num(params, "step", "级差", 1) < 0:
            raise ScoringError("级差（step）不能为负数")
    elif method in ("per_item", "bonus", "penalty"):
        _num(params, "per_item", "每件分值")
        _num(params, "cap", "封顶")
        if method == "per_item" and _num(params, "unit", "计件单位", 1) <= 0:
            raise ScoringError("计件单位（unit）应大于 0")
    elif method == "veto":
        _num(params, "threshold", "阈值", 0)


def target_rate(
    weight: float,
    x: float | None,
    target: float | None,
    *,
    cap: float = 1.2,
    lower_is_better: bool = False,
) -> Score:
    if x is None:
        return Score(0.0, "无数据，得 0 分")
    if not target:
        return Score(0.0, "未设目标值，得 0 分")
    if lower_is_better:
        ratio = target / x if x else cap
        shown = f"{_f(target)} ÷ {_f(x)}"
    else:
        ratio = x / target
        shown = f"{_f(x)} ÷ {_f(target)}"
    used = min(ratio, cap)
    capped = "（封顶）" if ratio > cap else ""
    points = round(weight * used, 2)
    return Score(
        points, f"{_f(weight)} × min({shown} = {ratio:.2%}, {cap:.0%}){capped} = {_f(points)}"
    )


def efficacy(
    weight: float, x: float | None, *, satisfactory: float, allowed: float, floor: float = 0.0
) -> Score:
    if x is None:
        return Score(0.0, "无数据，得 0 分")
    raw = 60 + 40 * (x - allowed) / (satisfactory - allowed)
    bounded = max(floor, min(100.0, raw))
    points = round(weight * bounded / 100, 2)
    note = "" if bounded == raw else f"，限定在 [{_f(floor)}, 100] 内为 {_f(bounded)}"
    return Score(
        points,
        f"60 + 40 × ({_f(x)} − {_p(allowed)}) ÷ ({_f(satisfactory)} − {_p(allowed)}) = {_f(raw)}"
        f"{note}；{_f(weight)} × {_f(bounded)} ÷ 100 = {_f(points)}",
    )


def ranks(values: Mapping[int, float | None], *, lower_is_better: bool = False) -> dict[int, int]:
    """Competition ranking (1, 1, 3): equal values share the better rank; no value ranks last."""
    present = [v for v in values.values() if v is not None]
    result = {}
    for key, v in values.items():
        if v is None:
            result[key] = len(values)
            continue
        better = sum(1 for o in present if (o < v if lower_is_better else o > v))
        result[key] = better + 1
    return result


def rank_points(weight: float, rank: int, *, step: float) -> Score:
    points = round(max(weight - (rank - 1) * step, 0.0), 2)
    return Score(
        points,
        f"第 {rank} 名：max({_f(weight)} − ({rank} − 1) × {_f(step)}, 0) = {_f(points)}",
        rank,
    )


def per_item(x: float | None, *, per: float, cap: float, unit: float = 1.0) -> Score:
    if x is None:
        return Score(0.0, "无数据，得 0 分")
    items = math.floor(x / unit + 1e-9)
    raw = items * per
    points = round(min(raw, cap), 2)
    counted = f"⌊{_f(x)} ÷ {_f(unit)}⌋ = {items} 件" if unit != 1 else f"{items} 件"
    capped = "（封顶）" if raw > cap else ""
    return Score(
        points, f"{counted} × {_f(per)} 分 = {_f(raw)}，封顶 {_f(cap)}{capped}，得 {_f(points)}"
    )


def bonus(x: float | None, *, per: float, cap: float, sign: int = 1) -> Score:
    if x is None or x == 0:
        return Score(0.0, "无此项，得 0 分")
    raw = x * per
    points = round(sign * min(raw, cap), 2)
    word = "加" if sign > 0 else "减"
    capped = "（封顶）" if raw > cap else ""
    return Score(
        points,
        f"{_f(x)} × {_f(per)} = {_f(raw)}，最多{word} {_f(cap)} 分{capped}，{word} {_f(abs(points))} 分",
    )


def veto(x: float | None, *, threshold: float, name: str) -> Score:
    if x is not None and x > threshold:
        return Score(
            0.0, f"{_f(x)} > {_f(threshold)}：一票否决", veto=f"{name}（{_f(x)}）触发一票否决"
        )
    return Score(0.0, "未触发一票否决")


def trimmed_mean(ratings: Sequence[float]) -> tuple[float | None, list[float]]:
    """The mean, and the ratings it used: one highest and one lowest dropped when ≥ 5."""
    values = sorted(ratings)
    if not values:
        return None, []
    used = values[1:-1] if len(values) >= 5 else values
    return sum(used) / len(used), used


def subjective(weight: float, ratings: Sequence[float]) -> Score:
    mean, used = trimmed_mean(ratings)
    if mean is None:
        return Score(0.0, "尚无评分，得 0 分")
    dropped = "（去掉一个最高分和一个最低分）" if len(used) < len(ratings) else ""
    points = round(weight * mean / 100, 2)
    return Score(
        points,
        f"平均分{dropped} ({' + '.join(_f(v) for v in used)}) ÷ {len(used)} = {_f(mean)}；"
        f"{_f(weight)} × {_f(mean)} ÷ 100 = {_f(points)}",
    )


def score_indicator(
    method: str,
    weight: float,
    params: Mapping,
    values: Mapping[int, float | None],
    *,
    name: str = "",
    targets: Mapping[int, float | None] | None = None,
    ratings: Mapping[int, Sequence[float]] | None = None,
    lower_is_better: bool = False,
) -> dict[int, Score]:
    """Points for every chain (by id) on one indicator."""
    check_params(method, params)
    if method == "rank":
        step = _num(params, "step", "级差", weight / max(len(values), 1))
        r = ranks(values, lower_is_better=lower_is_better)
        return {
            k: rank_points(weight, r[k], step=step)
            if values[k] is not None
            else Score(0.0, "无数据，排名最后，得 0 分", r[k])
            for k in values
        }
    result = {}
    for key, x in values.items():
        if method == "target_rate":
            result[key] = target_rate(
                weight,
                x,
                (targets or {}).get(key),
                cap=_num(params, "cap", "封顶", 1.2),
                lower_is_better=lower_is_better,
            )
        elif method == "efficacy":
            result[key] = efficacy(
                weight,
                x,
                satisfactory=_num(params, "satisfactory", "满意值"),
                allowed=_num(params, "allowed", "不允许值"),
                floor=_num(params, "floor", "下限", 0),
            )
        elif method == "per_item":
            result[key] = per_item(
                x,
                per=_num(params, "per_item", "每件分值"),
                cap=_num(params, "cap", "封顶"),
                unit=_num(params, "unit", "计件单位", 1),
            )
        elif method in ("bonus", "penalty"):
            result[key] = bonus(
                x,
                per=_num(params, "per_item", "每件分值"),
                cap=_num(params, "cap", "封顶"),
                sign=1 if method == "bonus" else -1,
            )
        elif method == "veto":
            result[key] = veto(x, threshold=_num(params, "threshold", "阈值", 0), name=name)
        elif method == "subjective":
            result[key] = subjective(weight, (ratings or {}).get(key, []))
    return result


def grade_for(total: float, thresholds: Mapping[str, float], *, vetoed: bool) -> str:
    """The first grade whose threshold the total reaches (thresholds from high to low); the
    lowest grade when vetoed or below every threshold."""
    ordered = sorted(thresholds.items(), key=lambda kv: -kv[1])
    lowest = LOWEST_GRADE
    if vetoed:
        return lowest
    for grade, threshold in ordered:
        if total >= threshold:
            return grade
    return lowest


LOWEST_GRADE = "较差"
DEFAULT_GRADES = {"优秀": 90, "良好": 80, "一般": 60}
