"""The cockpit's figures: per chain, enterprises, anchors, output this year and growth."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Count, Max, Q, Sum

from chainchief.accounts.models import User
from chainchief.accounts.scoping import visible_chains
from chainchief.chains.models import Chain
from chainchief.enterprises.models import MonthlyIndicator, Tier


@dataclass
class ChainFigures:
    chain: Chain
    enterprises: int
    anchors: int
    output_ytd: Decimal
    output_last_ytd: Decimal

    @property
    def growth(self) -> float | None:
        if not self.output_last_ytd:
            return None
        return float(self.output_ytd / self.output_last_ytd - 1)


def _data_version() -> tuple:
    # Cheap stamp that changes whenever indicators change, so cached sums are never stale.
    agg = MonthlyIndicator.objects.aggregate(n=Count("id"), m=Max("id"), month=Max("month"))
    return agg["n"], agg["m"], agg["month"]


def _output_by_chain(start: datetime.date, end: datetime.date) -> dict[int, Decimal]:
    rows = (
        MonthlyIndicator.objects.filter(month__gte=start, month__lte=end)
        .values("enterprise__chains")
        .annotate(total=Sum("output_value"))
    )
    return {r["enterprise__chains"]: r["total"] or Decimal(0) for r in rows if r["enterprise__chains"]}


def chain_figures(user: User) -> tuple[list[ChainFigures], datetime.date | None]:
    """Figures for the user's chains; the period is January to the latest month with data."""
    version = _data_version()
    latest = version[2]
    chains = list(
        visible_chains(user)
        .filter(status=Chain.Status.ACTIVE)
        .annotate(
            n_enterprises=Count("enterprises", distinct=True),
            n_anchors=Count("anchor_tiers", filter=Q(anchor_tiers__tier=Tier.ANCHOR), distinct=True),
        )
        .order_by("sort", "code")
    )
    if latest is None:
        sums_now: dict[int, Decimal] = {}
        sums_last: dict[int, Decimal] = {}
    else:
        key = f"cockpit-output-{version[0]}-{version[1]}-{latest:%Y%m}"
        cached = cache.get(key)
        if cached is None:
            start = latest.replace(month=1)
            last_start = start.replace(year=start.year - 1)
            last_end = latest.replace(year=latest.year - 1)
            cached = (_output_by_chain(start, latest), _output_by_chain(last_start, last_end))
            cache.set(key, cached, 600)
        sums_now, sums_last = cached
    figures = [
        ChainFigures(
            chain=c,
            enterprises=c.n_enterprises,
            anchors=c.n_anchors,
            output_ytd=sums_now.get(c.pk, Decimal(0)),
            output_last_ytd=sums_last.get(c.pk, Decimal(0)),
        )
        for c in chains
    ]
    return figures, latest


def cockpit_chart_option(figures: list[ChainFigures], latest: datetime.date | None) -> dict:
    names = [f.chain.name for f in figures]
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"data": ["本年累计产值（亿元）", "上年同期（亿元）", "同比增速（%）"]},
        "grid": {"left": 60, "right": 60, "top": 50, "bottom": 80},
        "xAxis": {"type": "category", "data": names, "axisLabel": {"interval": 0, "rotate": 30}},
        "yAxis": [{"type": "value", "name": "亿元"}, {"type": "value", "name": "%"}],
        "series": [
            {"name": "本年累计产值（亿元）", "type": "bar",
             "data": [round(float(f.output_ytd) / 10000, 2) for f in figures]},
            {"name": "上年同期（亿元）", "type": "bar",
             "data": [round(float(f.output_last_ytd) / 10000, 2) for f in figures]},
            {"name": "同比增速（%）", "type": "line", "yAxisIndex": 1,
             "data": [round(f.growth * 100, 1) if f.growth is not None else None for f in figures]},
        ],
        "_links": {f.chain.name: f"/chains/{f.chain.code}/" for f in figures},
    }
