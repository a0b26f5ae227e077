"""The cockpit's figures: per chain, enterprises, anchors, output this year and growth."""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass
from decimal import Decimal

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Max

from chainchief.accounts.models import ChangeLog, User
from chainchief.accounts.scoping import visible_chains
from chainchief.chains.models import Chain
from chainchief.enterprises import summary
from chainchief.enterprises.models import Enterprise, EnterpriseTier, MonthlyIndicator, Tier

ChainLink = Enterprise.chains.through


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


def _data_version() -> tuple[int, datetime.date | None]:
    # Every write to enterprises, links and indicators lands in the change log (imports
    # record theirs too), so its last id stamps the data; cached sums are never stale.
    last_change = ChangeLog.objects.aggregate(m=Max("id"))["m"] or 0
    latest = MonthlyIndicator.objects.aggregate(m=Max("month"))["m"]
    return last_change, latest


def _periods(latest: datetime.date) -> tuple[tuple[datetime.date, datetime.date], ...]:
    """January to the latest month, and the same months a year earlier."""
    start = latest.replace(month=1)
    return (start, latest), (
        start.replace(year=start.year - 1),
        latest.replace(year=latest.year - 1),
    )


def _output_by_chain(start: datetime.date, end: datetime.date) -> dict[int, Decimal]:
    # The indicator summary, not the monthly rows: a few hundred cells at any city size.
    return summary.sums_by_chain(start, end)


def _cached(key: str, compute):
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, 600)
    return value


def _links_version() -> str:
    """The chain links as stored: their highest id and their number. A link added moves
    the highest id (ids are never reused), one removed lowers the number, a rewrite (delete
    and insert) does both; so counts keyed on it stay exact across the writes that leave
    links alone (a product edit, a month of figures), which move the change-log id."""
    table = connection.ops.quote_name(ChainLink._meta.db_table)
    with connection.cursor() as cursor:
        # Two scalar subqueries: SQLite answers a bare COUNT(*) from the b-tree's page
        # counts and MAX(id) from the end of the primary key.
        cursor.execute(f"SELECT (SELECT MAX(id) FROM {table}), (SELECT COUNT(*) FROM {table})")
        highest, number = cursor.fetchone()
    return f"{highest or 0}-{number}"


def _chains_key(chain_ids) -> str:
    return hashlib.sha1(str(sorted(chain_ids)).encode()).hexdigest()


def chain_members(chain_ids: list[int]) -> dict[int, int]:
    """Enterprises on each chain. At 200,000 enterprises this reads 240,000 index entries,
    so it is kept until the links change, not only until the next write."""

    def compute() -> dict[int, int]:
        return dict(
            ChainLink.objects.filter(chain_id__in=chain_ids)
            .values("chain_id")
            .annotate(n=Count("*"))  # COUNT(*): the chain_id index alone answers it
            .order_by()
            .values_list("chain_id", "n")
        )

    return _cached(f"chain-members-{_links_version()}-{_chains_key(chain_ids)}", compute)


def enterprises_on_chains(chain_ids: list[int]) -> int:
    """Enterprises on any of the chains, each counted once; kept until the links change."""

    def compute() -> int:
        # The (enterprise, chain) index, read in enterprise order: no join, no sort.
        return (
            ChainLink.objects.filter(chain_id__in=chain_ids)
            .values("enterprise_id")
            .distinct()
            .count()
        )

    return _cached(f"chain-enterprises-{_links_version()}-{_chains_key(chain_ids)}", compute)


def chain_figures(user: User) -> tuple[list[ChainFigures], datetime.date | None]:
    """Figures for the user's active chains; the period is January to the latest month with data."""
    version, latest = _data_version()
    chains = list(visible_chains(user).filter(status=Chain.Status.ACTIVE).order_by("sort", "code"))
    # Two grouped counts, not one join of links × tiers (which multiplies the rows).
    ids = [c.pk for c in chains]
    members = chain_members(ids)
    anchors = dict(
        EnterpriseTier.objects.filter(tier=Tier.ANCHOR, chain_id__in=ids)
        .values("chain_id")
        .annotate(n=Count("enterprise_id", distinct=True))
        .order_by()
        .values_list("chain_id", "n")
    )
    for c in chains:
        c.n_enterprises, c.n_anchors = members.get(c.pk, 0), anchors.get(c.pk, 0)
    sums_now: dict[int, Decimal] = {}
    sums_last: dict[int, Decimal] = {}
    if latest is not None:
        now, last = _periods(latest)
        sums_now, sums_last = _cached(
            f"cockpit-chains-{version}-{latest:%Y%m}",
            lambda: (_output_by_chain(*now), _output_by_chain(*last)),
        )
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


def city_totals(chain_ids: list[int], latest: datetime.date | None) -> dict:
    """Totals over the chains, each enterprise counted once even when it is on two chains."""
    version, _latest = _data_version()
    key = f"cockpit-totals-{version}-{latest or 0}-{_chains_key(chain_ids)}"

    def compute() -> dict:
        totals = {
            "enterprises": enterprises_on_chains(chain_ids),
            "anchors": EnterpriseTier.objects.filter(tier=Tier.ANCHOR, chain__in=chain_ids)
            .values("enterprise")
            .distinct()
            .count(),
            "output_ytd": Decimal(0),
            "output_last_ytd": Decimal(0),
        }
        if latest is not None:
            for name, (start, end) in zip(
                ("output_ytd", "output_last_ytd"), _periods(latest), strict=True
            ):
                totals[name] = summary.total(start, end, chain_ids)
        last = totals["output_last_ytd"]
        totals["growth"] = float(totals["output_ytd"] / last - 1) if last else None
        return totals

    return _cached(key, compute)


def cockpit_chart_option(figures: list[ChainFigures], latest: datetime.date | None) -> dict:
    names = [f.chain.name for f in figures]
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0, "data": ["本年累计产值（亿元）", "上年同期（亿元）", "同比增速（%）"]},
        "grid": {"left": 60, "right": 60, "top": 50, "bottom": 80},
        "xAxis": {"type": "category", "data": names, "axisLabel": {"interval": 0, "rotate": 30}},
        "yAxis": [{"type": "value", "name": "亿元"}, {"type": "value", "name": "%"}],
        "series": [
            {
                "name": "本年累计产值（亿元）",
                "type": "bar",
                "data": [round(float(f.output_ytd) / 10000, 2) for f in figures],
            },
            {
                "name": "上年同期（亿元）",
                "type": "bar",
                "data": [round(float(f.output_last_ytd) / 10000, 2) for f in figures],
            },
            {
                "name": "同比增速（%）",
                "type": "line",
                "yAxisIndex": 1,
                "data": [
                    round(f.growth * 100, 1) if f.growth is not None else None for f in figures
                ],
            },
        ],
        "_links": {f.chain.name: f"/chains/{f.chain.code}/" for f in figures},
    }
