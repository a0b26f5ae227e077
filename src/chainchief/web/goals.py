"""Goals against actuals: each development goal's actual value for its year beside the
target, the completion rate and a colour, measured from what the city already records
(monthly indicators, tiers, the project library).

A goal's indicator is free text the office writes (规上工业总产值, 新引进项目 …); the measure
is recognised from words in it (see MEASURES). A goal whose indicator names nothing we
measure says so on the page instead of showing a made-up number.

Colour: flows (output, revenue, tax, investment, projects) accumulate over the year, so in
the current year the rate is compared with the share of the year elapsed (时序进度); stocks
(enterprise and tier counts) and past years are compared with 100 %. Green when the rate
reaches that expectation, yellow from 80 % of it, red below.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Max, Sum
from django.utils import timezone

from chainchief.chains.models import Chain, DevelopmentGoal
from chainchief.enterprises import summary
from chainchief.enterprises.models import EnterpriseTier, MonthlyIndicator, Tier
from chainchief.projects.models import ProgressEntry, Project

YELLOW_SHARE = Decimal("0.8")


@dataclass(frozen=True)
class Period:
    year: int
    start: datetime.date
    end: datetime.date  # the last day measured (the latest data within the year)
    elapsed: Decimal  # share of the year the flow measures cover (1 for past years)


Compute = Callable[[list[int], Period], dict[int, Decimal]]


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    keywords: tuple[str, ...]
    money: bool  # in 万元 (converted to the goal's unit) or a plain count
    flow: bool
    source: str  # "indicators" or "records": which data date ends the period
    compute: Compute


def _month_sums(field: str) -> Compute:
    def compute(chain_ids: list[int], period: Period) -> dict[int, Decimal]:
        # The indicator summary holds these sums per month and set of chains.
        sums = summary.sums_by_chain(period.start, period.end, field)
        return {c: sums[c] for c in chain_ids if c in sums}

    return compute


def _employees(chain_ids: list[int], period: Period) -> dict[int, Decimal]:
    last = MonthlyIndicator.objects.filter(
        month__gte=period.start, month__lte=period.end
    ).aggregate(m=Max("month"))["m"]
    if last is None:
        return {}
    sums = summary.sums_by_chain(last, last, "employees")
    return {c: sums[c] for c in chain_ids if c in sums}


def _enterprise_count(chain_ids: list[int], period: Period) -> dict[int, Decimal]:
    rows = (
        Chain.enterprises.through.objects.filter(chain_id__in=chain_ids)
        .values("chain_id")
        .annotate(n=Count("enterprise_id", distinct=True))
        .order_by()
    )
    return {r["chain_id"]: Decimal(r["n"]) for r in rows}


def _tier_count(tier: str) -> Compute:
    def compute(chain_ids: list[int], period: Period) -> dict[int, Decimal]:
        # A tier gained after the period's end does not count for that year.
        qs = EnterpriseTier.objects.filter(tier=tier).exclude(gained_on__gt=period.end)
        if tier == Tier.ANCHOR:
            rows = qs.filter(chain_id__in=chain_ids).values("chain_id")
            key = "chain_id"
        else:
            rows = qs.filter(enterprise__chains__in=chain_ids).values("enterprise__chains")
            key = "enterprise__chains"
        rows = rows.annotate(n=Count("enterprise_id", distinct=True)).order_by()
        return {r[key]: Decimal(r["n"]) for r in rows}

    return compute


def _projects_reaching(date_field: str) -> Compute:
    def compute(chain_ids: list[int], period: Period) -> dict[int, Decimal]:
        rows = (
            Project.objects.filter(
                chain_id__in=chain_ids,
                **{f"{date_field}__gte": period.start, f"{date_field}__lte": period.end},
            )
            .values("chain_id")
            .annotate(n=Count("id"))
            .order_by()
        )
        return {r["chain_id"]: Decimal(r["n"]) for r in rows}

    return compute


def _investment(chain_ids: list[int], period: Period) -> dict[int, Decimal]:
    rows = (
        ProgressEntry.objects.filter(
            project__chain_id__in=chain_ids,
            reported_on__gte=period.start,
            reported_on__lte=period.end,
        )
        .values("project__chain_id")
        .annotate(total=Sum("invested_increment"))
        .order_by()
    )
    return {r["project__chain_id"]: Decimal(r["total"] or 0) for r in rows}


# In order: the first measure whose keyword appears in the indicator's name wins.
MEASURES: tuple[Measure, ...] = (
    Measure("anchors", "链主企业数", ("链主",), False, False, "records", _tier_count(Tier.ANCHOR)),
    Measure(
        "little_giants",
        "专精特新企业数",
        ("专精特新", "小巨人"),
        False,
        False,
        "records",
        _tier_count(Tier.LITTLE_GIANT),
    ),
    Measure(
        "high_tech",
        "高新技术企业数",
        ("高新技术企业", "高企"),
        False,
        False,
        "records",
        _tier_count(Tier.HIGH_TECH),
    ),
    Measure("listed", "上市企业数", ("上市",), False, False, "records", _tier_count(Tier.LISTED)),
    Measure("billion", "百亿企业数", ("百亿",), False, False, "records", _tier_count(Tier.BILLION)),
    Measure(
        "above_scale",
        "四上（规上）企业数",
        ("四上", "规上企业", "规模以上企业"),
        False,
        False,
        "records",
        _tier_count(Tier.ABOVE_SCALE),
    ),
    Measure(
        "output",
        "链上企业产值合计",
        ("产值",),
        True,
        True,
        "indicators",
        _month_sums("output_value"),
    ),
    Measure(
        "revenue",
        "链上企业营业收入合计",
        ("营业收入", "营收", "主营业务收入"),
        True,
        True,
        "indicators",
        _month_sums("revenue"),
    ),
    Measure("tax", "链上企业税收合计", ("税",), True, True, "indicators", _month_sums("tax")),
    Measure("investment", "项目新增完成投资", ("投资",), True, True, "records", _investment),
    Measure(
        "started",
        "开工项目数",
        ("开工",),
        False,
        True,
        "records",
        _projects_reaching("started_on"),
    ),
    Measure(
        "in_production",
        "投产项目数",
        ("投产", "竣工"),
        False,
        True,
        "records",
        _projects_reaching("production_on"),
    ),
    Measure(
        "signed",
        "签约项目数",
        ("项目", "签约", "引进"),
        False,
        True,
        "records",
        _projects_reaching("signed_on"),
    ),
    Measure(
        "employees",
        "链上企业从业人数",
        ("从业", "就业", "用工"),
        False,
        False,
        "indicators",
        _employees,
    ),
    Measure(
        "enterprises", "链上企业数", ("企业数", "企业"), False, False, "records", _enterprise_count
    ),
)


def measure_for(indicator: str) -> Measure | None:
    for measure in MEASURES:
        if any(word in indicator for word in measure.keywords):
            return measure
    return None


def _unit_factor(measure: Measure, unit: str) -> Decimal | None:
    """Divide a measured value by this to get the goal's unit; None when they disagree."""
    if not measure.money:
        return Decimal(1)
    if "亿" in unit:
        return Decimal(10000)
    if "万" in unit:
        return Decimal(1)
    if unit.strip() == "元":
        return Decimal("0.0001")
    return None


@dataclass
class GoalProgress:
    goal: DevelopmentGoal
    measure: Measure | None
    actual: Decimal | None
    rate: Decimal | None  # actual ÷ target
    expected: Decimal | None  # the rate the period calls for (时序进度 or 100 %)
    status: str  # ok / warn / bad / future / unknown / nodata
    as_of: datetime.date | None
    note: str

    @property
    def rate_pct(self) -> str:
        return "—" if self.rate is None else f"{self.rate * 100:.1f}%"

    @property
    def expected_pct(self) -> str:
        return "—" if self.expected is None else f"{self.expected * 100:.0f}%"


def _latest_indicator_month() -> datetime.date | None:
    return MonthlyIndicator.objects.aggregate(m=Max("month"))["m"]


def _period(year: int, source: str, today: datetime.date, latest: datetime.date | None):
    start = datetime.date(year, 1, 1)
    year_end = datetime.date(year, 12, 31)
    if source == "indicators":
        if latest is None or latest < start:
            return None
        if latest.year > year:
            return Period(year, start, year_end, Decimal(1))
        # Monthly rows are dated on the first of the month and cover the whole month.
        return Period(year, start, latest, Decimal(latest.month) / Decimal(12))
    if today > year_end:
        return Period(year, start, year_end, Decimal(1))
    days = Decimal((today - start).days + 1) / Decimal((year_end - start).days + 1)
    return Period(year, start, today, days)


def _status(rate: Decimal, expected: Decimal) -> str:
    if rate >= expected:
        return "ok"
    if rate >= expected * YELLOW_SHARE:
        return "warn"
    return "bad"


def goal_progress(
    goals: Iterable[DevelopmentGoal], *, today: datetime.date | None = None
) -> list[GoalProgress]:
    """Progress of each goal (one query per measure and year in use, whatever the number of
    chains)."""
    goals = list(goals)
    today = today or timezone.localdate()
    latest = _latest_indicator_month()
    planned: dict[tuple[str, int], set[int]] = {}
    for g in goals:
        m = measure_for(g.indicator)
        if m is not None and g.year <= today.year:
            planned.setdefault((m.key, g.year), set()).add(g.chain_id)
    by_key = {m.key: m for m in MEASURES}
    values: dict[tuple[str, int], tuple[Period | None, dict[int, Decimal]]] = {}
    for (key, year), chain_ids in planned.items():
        m = by_key[key]
        period = _period(year, m.source, today, latest)
        # Chain membership has no history: a past year's enterprise count is unknown.
        if period is None or (m.key == "enterprises" and year < today.year):
            values[(key, year)] = (None, {})
            continue
        values[(key, year)] = (period, m.compute(sorted(chain_ids), period))
    return [_one(g, values, today) for g in goals]


def _one(g: DevelopmentGoal, values: dict, today: datetime.date) -> GoalProgress:
    m = measure_for(g.indicator)
    if m is None:
        return GoalProgress(g, None, None, None, None, "unknown", None, "暂无对应的统计口径")
    if g.year > today.year:
        return GoalProgress(g, m, None, None, None, "future", None, "年度未开始")
    factor = _unit_factor(m, g.unit)
    if factor is None:
        return GoalProgress(
            g, m, None, None, None, "unknown", None, f"单位“{g.unit}”无法与{m.label}换算"
        )
    period, by_chain = values.get((m.key, g.year), (None, {}))
    if period is None:
        return GoalProgress(g, m, None, None, None, "nodata", None, "该年度暂无数据")
    actual = (by_chain.get(g.chain_id, Decimal(0)) / factor).quantize(Decimal("0.01"))
    expected = period.elapsed if m.flow else Decimal(1)
    rate = actual / g.target_value if g.target_value else None
    status = _status(rate, expected) if rate is not None else "unknown"
    return GoalProgress(g, m, actual, rate, expected, status, period.end, m.label)


def current_goals(chain_ids: Iterable[int], *, today: datetime.date | None = None) -> dict:
    """This year's goals with progress, by chain id."""
    today = today or timezone.localdate()
    goals = DevelopmentGoal.objects.filter(chain_id__in=list(chain_ids), year=today.year)
    result: dict[int, list[GoalProgress]] = {}
    for p in goal_progress(goals.order_by("chain_id", "sort", "id"), today=today):
        result.setdefault(p.goal.chain_id, []).append(p)
    return result
