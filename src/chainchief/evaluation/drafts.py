"""The platform's draft of a review-meeting comment (点评意见), written from the run's numbers
in plain Chinese sentences: strengths (indicators where the chain ranks top 3 or beats its
goal), weaknesses (bottom 3 or more than 10 % behind its goal, open red-card cases, stalled
projects, missing segments), and how the last meeting's action items went."""

from __future__ import annotations

from chainchief.evaluation import casework_bridge
from chainchief.evaluation.models import ChainResult, Comment, IndicatorResult, Run
from chainchief.evaluation.scoring import WEIGHTED

TOP = 3
LAG = 0.10


def _num(value) -> str:
    text = f"{float(value):,.2f}".rstrip("0").rstrip(".")
    return text


def _figure(r: IndicatorResult) -> str:
    return f"{_num(r.value)}{r.unit}" if r.value is not None else "无数据"


def assess(results: list[IndicatorResult], n_chains: int) -> tuple[list[str], list[str]]:
    """(strengths, weaknesses) as sentences, best first."""
    strengths: list[tuple[float, str]] = []
    weaknesses: list[tuple[float, str]] = []
    for r in results:
        if r.value is None or r.method not in WEIGHTED | {"per_item"} or r.method == "subjective":
            continue
        ratio = float(r.value) / float(r.target) if r.target else None
        if r.rank is not None and r.rank <= TOP and (r.value or r.unit == "%"):
            extra = f"，完成目标的 {ratio:.0%}" if ratio is not None else ""
            strengths.append((r.rank, f"{r.name}{_figure(r)}，居全市第 {r.rank} 位{extra}"))
        elif ratio is not None and ratio >= 1:
            strengths.append((10 - ratio, f"{r.name}{_figure(r)}，完成目标的 {ratio:.0%}"))
        if r.rank is not None and r.rank > n_chains - TOP and n_chains > TOP:
            extra = f"，仅完成目标的 {ratio:.0%}" if ratio is not None and ratio < 1 else ""
            weaknesses.append(
                (
                    -r.rank,
                    f"{r.name}{_figure(r)}，居全市第 {r.rank} 位（倒数第 {n_chains - r.rank + 1}）{extra}",
                )
            )
        elif ratio is not None and ratio < 1 - LAG:
            weaknesses.append(
                (ratio, f"{r.name}{_figure(r)}，仅完成目标的 {ratio:.0%}，落后 {1 - ratio:.0%}")
            )
    return [s for _, s in sorted(strengths)], [w for _, w in sorted(weaknesses)]


def _missing_segments(results: list[IndicatorResult]) -> list[str]:
    for r in results:
        if r.rows and r.rows[0].get("type") == "segment":
            return [row["label"] for row in r.rows if str(row.get("note", "")).startswith("缺链")]
    return []


def _stalled(results: list[IndicatorResult], chain) -> list[str]:
    for r in results:
        if r.rows and r.name and "预警" in r.name:
            return [row["label"] for row in r.rows]
    from chainchief.projects.models import Project
    from chainchief.projects.selectors import RED, with_warnings

    qs = with_warnings(Project.objects.filter(chain=chain), select=False).filter(warning=RED)
    return list(qs.order_by("last_progress_on").values_list("name", flat=True)[:5])


def _last_meeting(run: Run, chain) -> str:
    previous = (
        Comment.objects.filter(
            chain=chain,
            run__system__year__lte=run.system.year,
            run__period__lt=run.period,
            status=Comment.Status.SIGNED,
        )
        .order_by("-run__period", "-run__number")
        .first()
    )
    if previous is None:
        return ""
    items = list(previous.action_items.all())
    if not items:
        return ""
    closed = 0
    if casework_bridge.casework_ready():
        from django.apps import apps

        Case = apps.get_model("casework", "Case")
        ids = [i.case_id for i in items if i.case_id]
        closed = Case.objects.filter(id__in=ids, state="closed").count()
    return f"上次点评会（{previous.run.period}）提出整改要求 {len(items)} 项，已办结 {closed} 项，未办结 {len(items) - closed} 项。"


def draft_comment(
    *,
    run: Run,
    chain,
    results: list[IndicatorResult] | None = None,
    result: ChainResult | None = None,
    n_chains: int | None = None,
) -> str:
    """The draft for one chain; a run being computed passes its results in memory."""
    if result is None:
        result = ChainResult.objects.filter(run=run, chain=chain).first()
    if results is None:
        results = list(IndicatorResult.objects.filter(run=run, chain=chain).order_by("id"))
    if n_chains is None:
        n_chains = ChainResult.objects.filter(run=run).count()
    strengths, weaknesses = assess(results, n_chains)
    red_cases = casework_bridge.open_red_cases(chain.pk)
    if red_cases:
        names = "、".join(c["title"] for c in red_cases[:3])
        weaknesses.append(f"红牌督办问题 {len(red_cases)} 件尚未办结（{names}）")
    stalled = _stalled(results, chain)
    if stalled:
        weaknesses.append(f"红色预警项目 {len(stalled)} 个（{'、'.join(stalled[:3])}）推进滞后")
    missing = _missing_segments(results)
    if missing:
        weaknesses.append(f"缺链环节 {len(missing)} 个（{'、'.join(missing[:5])}）尚待补齐")
    lines = []
    if result is not None:
        lines.append(
            f"{chain.name}本期考评得分 {_num(result.total)} 分，居 {n_chains} 条产业链第 {result.rank} 位，等次为“{result.grade}”。"
            + (f"因{result.veto_reason}，等次定为“{result.grade}”。" if result.veto_reason else "")
        )
    lines.append(
        "主要亮点："
        + ("；".join(strengths[:4]) + "。" if strengths else "本期无排名前三或超额完成目标的指标。")
    )
    lines.append(
        "存在不足：" + ("；".join(weaknesses[:5]) + "。" if weaknesses else "本期无明显短板。")
    )
    last = _last_meeting(run, chain)
    if last:
        lines.append(last)
    lines.append(
        "下一步要求：针对上述不足，链长牵头、专职副主任落实，明确责任单位和完成时限，下次点评会报告整改情况。"
    )
    return "\n".join(lines)
