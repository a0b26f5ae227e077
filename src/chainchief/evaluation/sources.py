"""Data sources (数据来源): a registry of small functions, one per source code, that compute a
figure for every chain of a run at once and return, per chain, the value and the rows it
counted. The value is computed from those rows, so the drill-down always adds up to it.

Row: {"type": enterprise|project|case|segment|manual|rating, "id", "label", "amount", "note"}.
Money in 亿元 (the enterprise library and projects store 万元).

Other apps add sources with `register(code, label, unit)` (audit's rectification rate does).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone

from chainchief.chains.models import DevelopmentGoal
from chainchief.enterprises.models import Enterprise, EnterpriseTier, MonthlyIndicator, Tier
from chainchief.evaluation.periods import Period
from chainchief.evaluation.scoring import trimmed_mean

WAN_PER_YI = Decimal(10000)


@dataclass
class Measure:
    value: float | None
    rows: list[dict] = field(default_factory=list)
    note: str = ""


@dataclass
class Context:
    chain_ids: list[int]
    period: Period
    indicator: object = None  # the Indicator (manual values and ratings are per indicator)
    shared: dict = field(default_factory=dict)  # one run's intermediate data, shared by sources


@dataclass
class Source:
    code: str
    label: str
    unit: str
    compute: Callable[[Context], dict[int, Measure]]
    note: str = ""


SOURCES: dict[str, Source] = {}


def register(code: str, label: str, unit: str, note: str = ""):
    def decorate(fn: Callable[[Context], dict[int, Measure]]):
        SOURCES[code] = Source(code, label, unit, fn, note)
        return fn

    return decorate


def compute(code: str, ctx: Context) -> dict[int, Measure]:
    source = SOURCES.get(code)
    if source is None:
        return {cid: Measure(None, note=f"数据来源“{code}”不存在") for cid in ctx.chain_ids}
    result = source.compute(ctx)
    return {cid: result.get(cid) or Measure(None, note="无数据") for cid in ctx.chain_ids}


def _yi(wan) -> float:
    return round(float(Decimal(wan or 0) / WAN_PER_YI), 4)


def _total(rows: list[dict]) -> float:
    return round(sum(r["amount"] or 0 for r in rows), 4)


def _by_chain(
    chain_ids: list[int], rows_by_chain: dict[int, list[dict]], how: str
) -> dict[int, Measure]:
    result = {}
    for cid in chain_ids:
        rows = rows_by_chain.get(cid, [])
        result[cid] = Measure(len(rows) if how == "count" else _total(rows), rows)
    return result


def _enterprise_chains(chain_ids: list[int], shared: dict | None = None) -> dict[int, list[int]]:
    key = ("enterprise_chains", tuple(chain_ids))
    if shared is not None and key in shared:
        return shared[key]
    links = _load_enterprise_chains(chain_ids)
    if shared is not None:
        shared[key] = links
    return links


def _load_enterprise_chains(chain_ids: list[int]) -> dict[int, list[int]]:
    through = Enterprise.chains.through
    links: defaultdict[int, list[int]] = defaultdict(list)
    for eid, cid in through.objects.filter(chain_id__in=chain_ids).values_list(
        "enterprise_id", "chain_id"
    ):
        links[eid].append(cid)
    return links


def _chain_enterprise_ids(chain_ids: list[int]):
    """A subquery of the enterprises linked to the chains (joins in SQL, no id list)."""
    return Enterprise.chains.through.objects.filter(chain_id__in=chain_ids).values("enterprise_id")


def _outputs(ctx: Context) -> dict[int, tuple[str, Decimal | None, Decimal | None]]:
    """Per 规上 enterprise of the chains: (name, this period's output, last year's same months'
    output), None where it reported no month. One grouped query, shared by output and growth."""
    key = ("outputs", tuple(ctx.chain_ids), ctx.period.code)
    if key in ctx.shared:
        return ctx.shared[key]
    now = Q(month__gte=ctx.period.start, month__lte=ctx.period.end)
    before = ctx.period.previous_year()
    last = Q(month__gte=before.start, month__lte=before.end)
    above_scale = (
        EnterpriseTier.objects.filter(tier=Tier.ABOVE_SCALE)
        .filter(Q(gained_on__isnull=True) | Q(gained_on__lte=ctx.period.end))
        .filter(enterprise_id__in=_chain_enterprise_ids(ctx.chain_ids))
        .values("enterprise_id")
    )
    qs = (
        MonthlyIndicator.objects.filter(now | last, enterprise_id__in=above_scale)
        .values("enterprise_id", "enterprise__name")
        .annotate(
            now=Sum("output_value", filter=now),
            last=Sum("output_value", filter=last),
            n_now=Count("id", filter=now),
            n_last=Count("id", filter=last),
        )
        .order_by()
    )
    result = {
        r["enterprise_id"]: (
            r["enterprise__name"],
            (r["now"] or Decimal(0)) if r["n_now"] else None,
            (r["last"] or Decimal(0)) if r["n_last"] else None,
        )
        for r in qs
    }
    ctx.shared[key] = result
    return result


@register("output", "规上工业总产值", "亿元", "规上（四上）企业本期 1 月起累计产值之和")
def output(ctx: Context) -> dict[int, Measure]:
    links = _enterprise_chains(ctx.chain_ids, ctx.shared)
    amounts = {eid: (name, now) for eid, (name, now, _) in _outputs(ctx).items() if now is not None}
    rows: defaultdict[int, list[dict]] = defaultdict(list)
    for eid, (name, total) in sorted(amounts.items(), key=lambda kv: (-kv[1][1], kv[0])):
        row = {"type": "enterprise", "id": eid, "label": name, "amount": _yi(total)}
        for cid in links[eid]:
            rows[cid].append(row)
    return _by_chain(ctx.chain_ids, rows, "sum")


@register(
    "output_growth",
    "规上工业总产值同比增长",
    "%",
    "(本期累计 ÷ 上年同期累计 − 1) × 100，按本期规上企业口径",
)
def output_growth(ctx: Context) -> dict[int, Measure]:
    links = _enterprise_chains(ctx.chain_ids, ctx.shared)
    outputs = _outputs(ctx)
    rows: defaultdict[int, list[dict]] = defaultdict(list)
    for eid, (name, now, last) in sorted(outputs.items(), key=lambda kv: (-(kv[1][1] or 0), kv[0])):
        row = {
            "type": "enterprise",
            "id": eid,
            "label": name,
            "amount": _yi(now),
            "last": _yi(last),
        }
        for cid in links[eid]:
            rows[cid].append(row)
    result = {}
    for cid in ctx.chain_ids:
        r = rows.get(cid, [])
        cur, prev = _total(r), round(sum(x["last"] for x in r), 4)
        value = round((cur / prev - 1) * 100, 2) if prev else None
        result[cid] = Measure(value, r, f"本期 {cur:g} 亿元，上年同期 {prev:g} 亿元")
    return result


NEW_TIERS = (
    (Tier.ABOVE_SCALE, "新增四上企业"),
    (Tier.HIGH_TECH, "新增高新技术企业"),
    (Tier.LITTLE_GIANT, "新增专精特新企业"),
    (Tier.LISTED, "新增上市企业"),
)


def _new_tiers(ctx: Context) -> dict[str, list[tuple[int, str, datetime.date]]]:
    """Every tier gained in the period by the chains' enterprises, by tier (one query for the
    four 新增 sources)."""
    key = ("new_tiers", tuple(ctx.chain_ids), ctx.period.code)
    if key in ctx.shared:
        return ctx.shared[key]
    found: defaultdict[str, list] = defaultdict(list)
    for tier, eid, name, gained in (
        EnterpriseTier.objects.filter(
            tier__in=[t for t, _ in NEW_TIERS],
            gained_on__gte=ctx.period.start,
            gained_on__lte=ctx.period.end,
            enterprise_id__in=_chain_enterprise_ids(ctx.chain_ids),
        )
        .values_list("tier", "enterprise_id", "enterprise__name", "gained_on")
        .order_by("gained_on", "enterprise_id")
    ):
        found[tier].append((eid, name, gained))
    ctx.shared[key] = found
    return found


def _new_tier(tier: str) -> Callable[[Context], dict[int, Measure]]:
    def compute_new(ctx: Context) -> dict[int, Measure]:
        links = _enterprise_chains(ctx.chain_ids, ctx.shared)
        rows: defaultdict[int, list[dict]] = defaultdict(list)
        for eid, name, gained in _new_tiers(ctx).get(tier, []):
            row = {
                "type": "enterprise",
                "id": eid,
                "label": name,
                "amount": None,
                "note": f"认定日期 {gained:%Y-%m-%d}",
            }
            for cid in links[eid]:
                rows[cid].append(row)
        return _by_chain(ctx.chain_ids, rows, "count")

    return compute_new


for _tier, _label in NEW_TIERS:
    register(f"new_{_tier}", _label, "家", "梯队认定日期在本期内的企业")(_new_tier(_tier))


PROJECT_DATES = ("signed_on", "started_on", "production_on")


def _period_projects(ctx: Context) -> list[tuple]:
    """The chains' projects with any of their dates in the period: (id, chain, name, planned
    investment in 万元, {date field: date}). One query for every project source of a run."""
    from chainchief.projects.models import Project

    key = ("projects", tuple(ctx.chain_ids), ctx.period.code)
    if key in ctx.shared:
        return ctx.shared[key]
    in_period = Q()
    for name in PROJECT_DATES:
        in_period |= Q(**{f"{name}__gte": ctx.period.start, f"{name}__lte": ctx.period.end})
    found = [
        (pid, cid, name, planned, dict(zip(PROJECT_DATES, dates, strict=True)))
        for pid, cid, name, planned, *dates in Project.objects.filter(
            in_period, chain_id__in=ctx.chain_ids
        )
        .values_list("id", "chain_id", "name", "planned_investment", *PROJECT_DATES)
        .order_by("id")
    ]
    ctx.shared[key] = found
    return found


def _projects(ctx: Context, date_field: str, how: str, *, min_wan: int = 0) -> dict[int, Measure]:
    start, end = ctx.period.start, ctx.period.end
    chosen = [
        (dates[date_field], pid, cid, name, planned)
        for pid, cid, name, planned, dates in _period_projects(ctx)
        if dates[date_field] is not None
        and start <= dates[date_field] <= end
        and (not min_wan or (planned is not None and planned >= min_wan))
    ]
    rows: defaultdict[int, list[dict]] = defaultdict(list)
    for on, pid, cid, name, planned in sorted(chosen, key=lambda x: (x[0], x[1])):
        rows[cid].append(
            {
                "type": "project",
                "id": pid,
                "label": name,
                "amount": _yi(planned) if how == "sum" else None,
                "note": f"{on:%Y-%m-%d}，计划总投资 {_yi(planned):g} 亿元",
            }
        )
    return _by_chain(ctx.chain_ids, rows, how)


register("signed_investment", "签约项目投资额", "亿元", "签约日期在本期内的项目计划总投资之和")(
    lambda ctx: _projects(ctx, "signed_on", "sum")
)
register("projects_signed", "签约项目数", "个", "签约日期在本期内的项目")(
    lambda ctx: _projects(ctx, "signed_on", "count")
)
register("projects_started", "开工项目数", "个", "开工日期在本期内的项目")(
    lambda ctx: _projects(ctx, "started_on", "count")
)
register(
    "projects_started_100m",
    "开工亿元以上项目数",
    "个",
    "开工日期在本期内、计划总投资 ≥ 1 亿元的项目",
)(lambda ctx: _projects(ctx, "started_on", "count", min_wan=10000))
register("projects_in_production", "投产项目数", "个", "投产日期在本期内的项目")(
    lambda ctx: _projects(ctx, "production_on", "count")
)


@register("invested", "项目完成投资", "亿元", "本期内各项目进展填报的新增投资之和")
def invested(ctx: Context) -> dict[int, Measure]:
    from chainchief.projects.models import ProgressEntry

    qs = (
        ProgressEntry.objects.filter(
            project__chain_id__in=ctx.chain_ids,
            reported_on__gte=ctx.period.start,
            reported_on__lte=ctx.period.end,
        )
        .values("project_id", "project__name", "project__chain_id")
        .annotate(total=Sum("invested_increment"))
        .order_by("-total", "project_id")
    )
    rows: defaultdict[int, list[dict]] = defaultdict(list)
    for r in qs:
        if r["total"]:
            rows[r["project__chain_id"]].append(
                {
                    "type": "project",
                    "id": r["project_id"],
                    "label": r["project__name"],
                    "amount": _yi(r["total"]),
                }
            )
    return _by_chain(ctx.chain_ids, rows, "sum")


def _day_start(day: datetime.date) -> datetime.datetime:
    """Midnight of the local day (a range on the timestamp uses its index, a date cast does not)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@register(
    "leads_from_targets", "招商目标转化线索", "个", "本期新建、投资方来自全国产业图谱招商目标的项目"
)
def leads_from_targets(ctx: Context) -> dict[int, Measure]:
    from chainchief.projects.models import Project

    qs = Project.objects.filter(
        chain_id__in=ctx.chain_ids,
        created_at__gte=_day_start(ctx.period.start),
        created_at__lt=_day_start(ctx.period.end + datetime.timedelta(days=1)),
    ).exclude(investor_company_code="")
    rows: defaultdict[int, list[dict]] = defaultdict(list)
    for pid, cid, name, investor in qs.values_list(
        "id", "chain_id", "name", "investor_name"
    ).order_by("id"):
        rows[cid].append(
            {"type": "project", "id": pid, "label": name, "amount": None, "note": investor}
        )
    return _by_chain(ctx.chain_ids, rows, "count")


@register("stalled_projects", "红色预警项目", "个", "计算时处于红色预警的项目（停滞或节点逾期）")
def stalled_projects(ctx: Context) -> dict[int, Measure]:
    from chainchief.projects.models import Project
    from chainchief.projects.selectors import RED, warning_labels, with_warnings

    qs = (
        with_warnings(Project.objects.filter(chain_id__in=ctx.chain_ids))
        .filter(warning=RED)
        .only("id", "chain_id", "name", "stage")
        .order_by("id")
    )
    rows: defaultdict[int, list[dict]] = defaultdict(list)
    for p in qs:
        rows[p.chain_id].append(
            {
                "type": "project",
                "id": p.pk,
                "label": p.name,
                "amount": None,
                "note": "、".join(warning_labels(p)),
            }
        )
    return _by_chain(ctx.chain_ids, rows, "count")


def _goal(chain_id: int, indicator: str, year: int) -> DevelopmentGoal | None:
    return DevelopmentGoal.objects.filter(chain_id=chain_id, indicator=indicator, year=year).first()


def goal_targets(
    chain_ids: list[int], goal: str, period: Period, *, prorate: bool = True
) -> dict[int, float | None]:
    """The chain's annual goal (发展目标清单) for the indicator, pro-rated to the months of the period."""
    goals = dict(
        DevelopmentGoal.objects.filter(
            chain_id__in=chain_ids, indicator=goal, year=period.year
        ).values_list("chain_id", "target_value")
    )
    share = period.months / 12 if prorate else 1
    return {cid: round(float(goals[cid]) * share, 4) if cid in goals else None for cid in chain_ids}


@register(
    "completeness", "产业链完整度", "%", "知识引擎：Σ(末级环节权重 × 等级得分) ÷ 权重合计 × 100"
)
def completeness(ctx: Context) -> dict[int, Measure]:
    """The knowledge engine's gap analysis (find_gaps) for every chain, loading the city's
    enterprises once (knowledge.selectors.local_enterprises, cached) and giving each chain its
    own segment links and anchors, as chain_gaps does chain by chain."""
    from dataclasses import replace

    from chainchief.chains.models import Chain
    from chainchief.knowledge.engine.gaps import find_gaps
    from chainchief.knowledge.loader import get_index
    from chainchief.knowledge.selectors import get_config, local_enterprises, segment_inputs

    index = get_index()
    base = local_enterprises(index, None, get_config())
    links: defaultdict[int, defaultdict[int, set[int]]] = defaultdict(lambda: defaultdict(set))
    through = Enterprise.segments.through
    for eid, sid, cid in through.objects.filter(segment__chain_id__in=ctx.chain_ids).values_list(
        "enterprise_id", "segment_id", "segment__chain_id"
    ):
        links[cid][eid].add(sid)
    anchors = set(
        EnterpriseTier.objects.filter(tier=Tier.ANCHOR, chain_id__in=ctx.chain_ids).values_list(
            "chain_id", "enterprise_id"
        )
    )
    result = {}
    for chain in Chain.objects.filter(id__in=ctx.chain_ids):
        own = links.get(chain.pk, {})
        if index.empty:
            # Without the graph only the enterprises linked to the chain's segments count.
            pool = [e for e in base if e.id in own]
        else:
            pool = base
        enterprises = [
            replace(e, segment_ids=frozenset(own.get(e.id, ())), anchor=(chain.pk, e.id) in anchors)
            if e.id in own or (chain.pk, e.id) in anchors or e.segment_ids or e.anchor
            else e
            for e in pool
        ]
        report = find_gaps(index, segment_inputs(chain), enterprises, get_config(chain=chain))
        rows = [
            {
                "type": "segment",
                "id": s["id"],
                "label": s["name"],
                "amount": s["contribution"],
                "note": f"{s['gap_label']}，本地企业 {s['local_count']} 家",
            }
            for s in report["segments"]
            if s["leaf"]
        ]
        result[chain.pk] = Measure(_total(rows) if rows else None, rows, report.get("note", ""))
    return result


@register(
    "local_supporting_rate",
    "链主企业本地配套率",
    "%",
    "知识引擎：链主企业所需上游材料中本地可供的比例，取平均",
)
def local_supporting_rate(ctx: Context) -> dict[int, Measure]:
    from chainchief.knowledge.loader import get_index
    from chainchief.knowledge.selectors import enterprise_supply

    if get_index().empty:
        return {
            cid: Measure(None, note="未导入全国产业图谱，无法计算本地配套率")
            for cid in ctx.chain_ids
        }
    anchors = EnterpriseTier.objects.filter(
        tier=Tier.ANCHOR, chain_id__in=ctx.chain_ids
    ).select_related("enterprise")
    rows: defaultdict[int, list[dict]] = defaultdict(list)
    for tier in anchors:
        report = enterprise_supply(tier.enterprise)
        if report.get("rate") is not None:
            rows[tier.chain_id].append(
                {
                    "type": "enterprise",
                    "id": tier.enterprise_id,
                    "label": tier.enterprise.name,
                    "amount": round(report["rate"] * 100, 2),
                    "note": f"所需 {report['needed']} 种，本地可供 {report['covered']} 种",
                }
            )
    result = {}
    for cid in ctx.chain_ids:
        r = rows.get(cid, [])
        result[cid] = Measure(
            round(_total(r) / len(r), 2) if r else None, r, "各链主企业配套率的平均值"
        )
    return result


def _case_rate(which: str) -> Callable[[Context], dict[int, Measure]]:
    def compute_rate(ctx: Context) -> dict[int, Measure]:
        from chainchief.evaluation import casework_bridge

        return casework_bridge.case_rates(ctx.chain_ids, ctx.period, which, ctx.shared)

    return compute_rate


for _which, _label, _note in (
    ("closed", "问题办结率", "本期应办结的交办问题中已办结的比例"),
    ("on_time", "问题按时办结率", "已办结问题中在时限内办结的比例"),
    ("satisfied", "问题满意率", "企业评价为满意的已办结问题比例"),
):
    register(f"cases_{_which}", _label, "%", f"问题交办：{_note}")(_case_rate(_which))


@register("manual", "手工填报", "", "办公室上传的数值（附说明和佐证材料）")
def manual(ctx: Context) -> dict[int, Measure]:
    from chainchief.evaluation.models import ManualValue

    result = {}
    for mv in ManualValue.objects.filter(
        indicator=ctx.indicator, period=ctx.period.code, chain_id__in=ctx.chain_ids
    ):
        row = {
            "type": "manual",
            "id": mv.pk,
            "label": mv.note,
            "amount": float(mv.value),
            "note": mv.file,
        }
        result[mv.chain_id] = Measure(float(mv.value), [row], mv.note)
    return result


@register(
    "ratings", "评分人打分", "分", "具名评分人打分的平均（≥ 5 人时去掉一个最高分和一个最低分）"
)
def ratings(ctx: Context) -> dict[int, Measure]:
    from chainchief.evaluation.models import Rating

    by_chain: defaultdict[int, list] = defaultdict(list)
    for r in Rating.objects.filter(
        indicator=ctx.indicator, period=ctx.period.code, chain_id__in=ctx.chain_ids
    ).order_by("score", "rater"):
        by_chain[r.chain_id].append(r)
    result = {}
    for cid, items in by_chain.items():
        scores = [float(r.score) for r in items]
        mean, _used = trimmed_mean(scores)
        drop = len(items) >= 5
        rows = [
            {
                "type": "rating",
                "id": r.pk,
                "label": r.rater,
                "amount": float(r.score),
                "note": "去掉" if drop and i in (0, len(items) - 1) else "",
            }
            for i, r in enumerate(items)
        ]
        result[cid] = Measure(round(mean, 2) if mean is not None else None, rows)
    return result
