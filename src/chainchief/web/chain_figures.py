"""Figures of one chain for its overview page and its chief's cockpit: the few numbers that
matter, the monthly indicator trend, projects by stage and the warned projects."""

from __future__ import annotations

import datetime
from decimal import Decimal

from chainchief.chains.models import Chain
from chainchief.enterprises import summary
from chainchief.enterprises.models import Enterprise, EnterpriseTier, Tier
from chainchief.projects import selectors as project_selectors
from chainchief.projects.models import PIPELINE, Project, Stage
from chainchief.web.selectors import _cached, _data_version, _output_by_chain, _periods

TREND_MONTHS = 24


def chain_overview_figures(chain: Chain) -> dict:
    version, latest = _data_version()
    output_ytd = output_last = Decimal(0)
    if latest is not None:
        now, last = _periods(latest)
        sums_now, sums_last = _cached(
            f"cockpit-chains-{version}-{latest:%Y%m}",
            lambda: (_output_by_chain(*now), _output_by_chain(*last)),
        )
        output_ytd = sums_now.get(chain.pk, Decimal(0))
        output_last = sums_last.get(chain.pk, Decimal(0))
    projects = project_selectors.chain_project_summary([chain.pk])[chain.pk]
    return {
        "latest": latest,
        "enterprises": Enterprise.chains.through.objects.filter(chain=chain).count(),
        "anchors": EnterpriseTier.objects.filter(tier=Tier.ANCHOR, chain=chain).count(),
        "segments": chain.segments.count(),
        "output_ytd": output_ytd,
        "output_last_ytd": output_last,
        "growth": float(output_ytd / output_last - 1) if output_last else None,
        "projects": projects,
    }


def warned_projects(chain: Chain, limit: int = 8) -> list[Project]:
    warned = list(
        project_selectors.with_warnings(Project.objects.filter(chain=chain))
        .filter(warning__gt=0)
        .order_by("-warning", "last_progress_on")[:limit]
    )
    for p in warned:
        p.warning_text = "、".join(project_selectors.warning_labels(p))
    return warned


def _month_index(month: datetime.date, back: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 - back
    return datetime.date(index // 12, index % 12 + 1, 1)


def indicator_trend_option(chain: Chain) -> dict | None:
    """Monthly output, revenue and tax of the chain's enterprises over the last 24 months (亿元)."""
    _version, latest = _data_version()
    if latest is None:
        return None
    start = _month_index(latest, TREND_MONTHS - 1)
    by_month = {
        month: {"output": sums["output_value"], "revenue": sums["revenue"], "tax": sums["tax"]}
        for month, sums in summary.sums_by_month(start, latest, [chain.pk]).items()
    }
    months = [_month_index(latest, back) for back in range(TREND_MONTHS - 1, -1, -1)]

    def series(key: str) -> list:
        return [
            round(float(by_month[m][key] or 0) / 10000, 2) if m in by_month else None
            for m in months
        ]

    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0, "data": ["产值（亿元）", "营业收入（亿元）", "税收（亿元）"]},
        "grid": {"left": 50, "right": 20, "top": 40, "bottom": 40, "containLabel": True},
        "xAxis": {"type": "category", "data": [f"{m:%Y-%m}" for m in months]},
        "yAxis": {"type": "value", "name": "亿元"},
        "series": [
            {"name": "产值（亿元）", "type": "line", "data": series("output")},
            {"name": "营业收入（亿元）", "type": "line", "data": series("revenue")},
            {"name": "税收（亿元）", "type": "line", "data": series("tax")},
        ],
    }


def project_stage_option(summary: dict) -> dict:
    stages = [*PIPELINE, Stage.DROPPED]
    return {
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 40, "right": 20, "top": 20, "bottom": 30, "containLabel": True},
        "xAxis": {"type": "category", "data": [str(Stage(s).label) for s in stages]},
        "yAxis": {"type": "value", "name": "个", "minInterval": 1},
        "series": [
            {
                "name": "项目数",
                "type": "bar",
                "data": [summary["by_stage"].get(s, 0) for s in stages],
            }
        ],
    }
