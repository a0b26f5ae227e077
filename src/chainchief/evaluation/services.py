"""Writes of the evaluation: the only place that changes systems' values, runs, comments and
the ledger. Callers check permissions first (selectors / accounts.scoping); these functions
enforce the rules and raise EvaluationError with a Chinese message. Edits carry the version
they read; the change log is written here (tracked models and `record_changes`).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from chainchief.accounts.changelog import record_changes, snapshot
from chainchief.chains.models import Chain
from chainchief.evaluation import casework_bridge, sources
from chainchief.evaluation.drafts import draft_comment
from chainchief.evaluation.models import (
    ActionItem,
    ChainResult,
    Comment,
    Incentive,
    IncentiveKind,
    Indicator,
    IndicatorResult,
    IndicatorSystem,
    ManualValue,
    Rating,
    Run,
)
from chainchief.evaluation.periods import PeriodError, parse_period
from chainchief.evaluation.scoring import (
    DEFAULT_GRADES,
    ScoringError,
    grade_for,
    ranks,
    score_indicator,
)


class EvaluationError(ValueError):
    """A rule was broken; the message is for the user, in Chinese. Nothing was written."""


class Conflict(EvaluationError):
    """Someone else changed the object first."""


def _period(text: str):
    try:
        return parse_period(text)
    except PeriodError as exc:
        raise EvaluationError(str(exc)) from None


def system_chains(system: IndicatorSystem) -> list[Chain]:
    chosen = list(system.chains.order_by("sort", "code"))
    return chosen or list(Chain.objects.filter(status=Chain.Status.ACTIVE).order_by("sort", "code"))


# --- runs -------------------------------------------------------------------------------


def create_run(*, system: IndicatorSystem, period: str, by) -> Run:
    """A new run (version one higher than the period's last), status 计算中; compute it with
    `compute_run` (the job does)."""
    p = _period(period)
    if p.year != system.year:
        raise EvaluationError(f"考核期 {p.code} 不属于指标体系“{system}”的年度 {system.year}")
    if not system.indicators.exists():
        raise EvaluationError(f"指标体系“{system}”还没有指标")
    with transaction.atomic():
        last = Run.objects.filter(system=system, period=p.code).aggregate(m=Max("number"))["m"] or 0
        return Run.objects.create(system=system, period=p.code, number=last + 1, created_by=by)


def compute_run(*, run: Run, progress: Callable[[int, int, str], None] | None = None) -> Run:
    """Compute every chain's values, points, dimension scores, total, rank, grade and board
    position, the formula and counted rows of every number, and a draft comment per chain."""
    if run.status != Run.Status.COMPUTING:
        raise EvaluationError(
            "只有计算中的考评可以计算；已发布的考评不可更改，请重新发起考评生成新版本"
        )
    say = progress or (lambda done, total, message: None)
    period = _period(run.period)
    system = run.system
    chains = system_chains(system)
    chain_ids = [c.pk for c in chains]
    indicators = list(
        system.indicators.select_related("dimension").order_by("dimension__sort", "sort", "id")
    )
    results: list[IndicatorResult] = []
    totals = dict.fromkeys(chain_ids, 0.0)
    dims: dict[int, dict[str, float]] = {cid: {} for cid in chain_ids}
    vetoes: dict[int, list[str]] = defaultdict(list)
    shared: dict = {}  # intermediate data sources share within this run
    for n, indicator in enumerate(indicators, 1):
        say(n - 1, len(indicators) + 1, f"正在计算指标“{indicator.name}”")
        measures = sources.compute(
            indicator.source, sources.Context(chain_ids, period, indicator, shared)
        )
        values = {cid: measures[cid].value for cid in chain_ids}
        lower = indicator.direction == "lower"
        targets = _targets(indicator, chain_ids, period)
        try:
            scores = score_indicator(
                indicator.method,
                float(indicator.weight),
                indicator.params or {},
                values,
                name=indicator.name,
                targets=targets,
                lower_is_better=lower,
                ratings={cid: [r["amount"] for r in measures[cid].rows] for cid in chain_ids}
                if indicator.method == "subjective"
                else None,
            )
        except ScoringError as exc:
            raise EvaluationError(f"指标“{indicator.name}”：{exc}") from None
        value_ranks = ranks(values, lower_is_better=lower)
        for cid in chain_ids:
            s, m = scores[cid], measures[cid]
            totals[cid] += s.points
            dims[cid][indicator.dimension.name] = round(
                dims[cid].get(indicator.dimension.name, 0) + s.points, 2
            )
            if s.veto:
                vetoes[cid].append(s.veto)
            results.append(
                IndicatorResult(
                    run=run,
                    chain_id=cid,
                    indicator=indicator,
                    code=indicator.code,
                    name=indicator.name,
                    dimension=indicator.dimension.name,
                    unit=indicator.unit,
                    method=indicator.method,
                    weight=indicator.weight,
                    value=_dec(m.value),
                    target=_dec(targets.get(cid)),
                    points=_dec(s.points, 2),
                    rank=value_ranks[cid] if m.value is not None else None,
                    formula=s.formula,
                    source_note="；".join(
                        x
                        for x in (
                            sources.SOURCES[indicator.source].note
                            if indicator.source in sources.SOURCES
                            else "",
                            m.note,
                        )
                        if x
                    ),
                    rows=m.rows,
                )
            )
    say(len(indicators), len(indicators) + 1, "正在排名并生成点评草稿")
    rounded = {cid: round(t, 2) for cid, t in totals.items()}
    overall = ranks(rounded)
    grades = system.grades or DEFAULT_GRADES
    size = min(system.board_size, len(chain_ids) // 2)
    order = sorted(chain_ids, key=lambda c: (overall[c], c))
    chain_results = []
    for cid in chain_ids:
        board = ""
        if size and overall[cid] <= size and not vetoes[cid]:
            board = "red"
        elif size and (overall[cid] > len(chain_ids) - size or vetoes[cid]):
            board = "black"
        chain_results.append(
            ChainResult(
                run=run,
                chain_id=cid,
                total=_dec(rounded[cid], 2),
                rank=overall[cid],
                grade=grade_for(rounded[cid], grades, vetoed=bool(vetoes[cid])),
                veto_reason="；".join(vetoes[cid]),
                board=board,
                dimensions=dims[cid],
            )
        )
    with transaction.atomic():
        IndicatorResult.objects.bulk_create(results, batch_size=500)
        ChainResult.objects.bulk_create(chain_results)
        by_chain = {c.pk: c for c in chains}
        per_chain: dict[int, list[IndicatorResult]] = defaultdict(list)
        for r in results:
            per_chain[r.chain_id].append(r)
        totals_of = {r.chain_id: r for r in chain_results}
        comments = [
            Comment(run=run, chain=by_chain[cid], draft=text, text=text)
            for cid in order
            for text in [
                draft_comment(
                    run=run,
                    chain=by_chain[cid],
                    results=per_chain[cid],
                    result=totals_of[cid],
                    n_chains=len(chain_ids),
                )
            ]
        ]
        Comment.objects.bulk_create(comments)
        Run.objects.filter(pk=run.pk).update(status=Run.Status.DRAFT, computed_at=timezone.now())
    run.refresh_from_db()
    say(len(indicators) + 1, len(indicators) + 1, "计算完成")
    return run


def _dec(value: float | None, places: int = 4) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(round(value, places)))


def _targets(indicator: Indicator, chain_ids: list[int], period) -> dict[int, float | None]:
    params = indicator.params or {}
    if indicator.method != "target_rate":
        return {}
    if "goal" in params:
        return sources.goal_targets(
            chain_ids, params["goal"], period, prorate=params.get("prorate", True)
        )
    return dict.fromkeys(chain_ids, float(params["target"]))


def fail_run(*, run: Run, error: str) -> None:
    Run.objects.filter(pk=run.pk, status=Run.Status.COMPUTING).update(
        status=Run.Status.FAILED, error=error[:2000]
    )


def publish_run(*, run: Run, by) -> Run:
    """Freeze the run: it is never recomputed; later data changes do not alter it."""
    with transaction.atomic():
        before = snapshot(run)
        updated = Run.objects.filter(pk=run.pk, status=Run.Status.DRAFT).update(
            status=Run.Status.PUBLISHED, published_at=timezone.now(), published_by=by
        )
        if not updated:
            current = Run.objects.filter(pk=run.pk).first()
            label = current.get_status_display() if current else "已删除"
            raise Conflict(f"该考评当前为“{label}”，只有草稿可以发布")
        run.refresh_from_db()
        record_changes([(run, "update", before, snapshot(run))])
    return run


def delete_run(*, run: Run, by) -> None:
    if run.status == Run.Status.PUBLISHED:
        raise EvaluationError("已发布的考评不能删除")
    if run.incentives.exists():
        raise EvaluationError("该考评已关联激励约束记录，不能删除")
    run.delete()


# --- manual values and ratings -----------------------------------------------------------


def set_manual_value(
    *, indicator: Indicator, chain: Chain, period: str, value, note: str, file: str = "", by
) -> ManualValue:
    p = _period(period)
    if indicator.source != "manual":
        raise EvaluationError(f"指标“{indicator.name}”由平台计算，不能手工填报")
    if not (note or "").strip():
        raise EvaluationError("手工填报必须填写说明")
    try:
        amount = Decimal(str(value))
    except Exception:
        raise EvaluationError(f"数值“{value}”不是数字") from None
    mv, _ = ManualValue.objects.update_or_create(
        indicator=indicator,
        chain=chain,
        period=p.code,
        defaults={"value": amount, "note": note.strip(), "file": file, "by": by},
    )
    return mv


def rate(*, indicator: Indicator, chain: Chain, period: str, rater: str, score, by) -> Rating:
    p = _period(period)
    if indicator.method != "subjective":
        raise EvaluationError(f"指标“{indicator.name}”不是主观评分指标")
    rater = (rater or "").strip()
    if not rater:
        raise EvaluationError("请填写评分人（如 牵头部门、专家团队）")
    try:
        amount = Decimal(str(score))
    except Exception:
        raise EvaluationError(f"分数“{score}”不是数字") from None
    if not 0 <= amount <= 100:
        raise EvaluationError("分数应在 0—100 之间")
    rating, _ = Rating.objects.update_or_create(
        indicator=indicator,
        chain=chain,
        period=p.code,
        rater=rater,
        defaults={"score": amount, "by": by},
    )
    return rating


# --- comments ---------------------------------------------------------------------------


def edit_comment(*, comment: Comment, text: str, version: int, by) -> Comment:
    text = (text or "").strip()
    if not text:
        raise EvaluationError("点评意见不能为空")
    if comment.status == Comment.Status.SIGNED:
        raise EvaluationError("点评意见已签发，不能再修改")
    with transaction.atomic():
        before = snapshot(comment)
        updated = Comment.objects.filter(
            pk=comment.pk, version=version, status=Comment.Status.DRAFT
        ).update(text=text, version=F("version") + 1, updated_at=timezone.now())
        if not updated:
            raise Conflict("点评意见已被他人修改，您的修改未保存，请刷新页面后重试")
        comment.refresh_from_db()
        record_changes([(comment, "update", before, snapshot(comment))])
    return comment


def add_action_item(
    *,
    comment: Comment,
    text: str,
    deadline: datetime.date | None,
    department=None,
    by,
    today: datetime.date | None = None,
) -> ActionItem:
    """`today` lets the demo record the items of past meetings as of their meeting day."""
    if comment.status == Comment.Status.SIGNED:
        raise EvaluationError("点评意见已签发，不能再增加整改要求")
    text = (text or "").strip()
    if not text:
        raise EvaluationError("整改要求不能为空")
    if deadline is None:
        raise EvaluationError("请填写完成时限")
    if deadline < (today or timezone.localdate()):
        raise EvaluationError("完成时限不能早于今天")
    return ActionItem.objects.create(
        comment=comment, text=text, deadline=deadline, department=department
    )


def delete_action_item(*, item: ActionItem, by) -> None:
    if item.comment.status == Comment.Status.SIGNED:
        raise EvaluationError("点评意见已签发，整改要求不能删除")
    item.delete()


def sign_comment(*, comment: Comment, version: int, by) -> Comment:
    """The general chief signs: the text is final and every action item becomes a case of
    kind 点评交办 (when the problem-assignment workflow is installed)."""
    if comment.run.status != Run.Status.PUBLISHED:
        raise EvaluationError("考评发布后才能签发点评意见")
    with transaction.atomic():
        before = snapshot(comment)
        updated = Comment.objects.filter(
            pk=comment.pk, version=version, status=Comment.Status.DRAFT
        ).update(
            status=Comment.Status.SIGNED,
            signed_by=by,
            signed_at=timezone.now(),
            version=F("version") + 1,
        )
        if not updated:
            raise Conflict("点评意见已被他人修改或已签发，请刷新页面后重试")
        comment.refresh_from_db()
        record_changes([(comment, "update", before, snapshot(comment))])
        for item in comment.action_items.filter(case_id__isnull=True):
            case_id = casework_bridge.create_review_case(item=item, by=by)
            if case_id:
                ActionItem.objects.filter(pk=item.pk).update(case_id=case_id)
    return comment


# --- incentives and constraints ----------------------------------------------------------


def add_incentive(
    *,
    kind: str,
    text: str,
    decided_on: datetime.date,
    by,
    run: Run | None = None,
    chain: Chain | None = None,
    person=None,
    amount=None,
) -> Incentive:
    if kind not in IncentiveKind.values:
        raise EvaluationError(f"类型“{kind}”不存在，可选：{'、'.join(IncentiveKind.labels)}")
    if chain is None and person is None:
        raise EvaluationError("请选择产业链或干部")
    if not (text or "").strip():
        raise EvaluationError("请填写决定内容")
    if decided_on > timezone.localdate():
        raise EvaluationError("决定日期不能晚于今天")
    if kind == IncentiveKind.REWARD:
        if amount in (None, ""):
            raise EvaluationError("资金奖励必须填写金额（万元）")
        amount = Decimal(str(amount))
        if amount <= 0:
            raise EvaluationError("奖励金额应大于 0")
    else:
        amount = None
    return Incentive.objects.create(
        run=run,
        chain=chain,
        person=person,
        kind=kind,
        amount=amount,
        text=text.strip(),
        decided_on=decided_on,
        by=by,
    )
