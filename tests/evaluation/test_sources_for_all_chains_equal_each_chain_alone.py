"""A run computes each data source for every chain at once (grouped queries shared through the
run's context); each chain's figure and rows must be what the source gives for that chain
alone, including an enterprise on two chains, projects on several dates and cases."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from chainchief.enterprises.models import EnterpriseTier, MonthlyIndicator, Tier
from chainchief.evaluation import sources
from chainchief.evaluation.periods import parse_period
from chainchief.projects.models import Project, Stage
from tests.factories import EnterpriseFactory


@pytest.fixture
def busier_city(city):
    pwr, bio, car = city.chains["PWR"], city.chains["BIO"], city.chains["CAR"]
    shared = EnterpriseFactory(name="两链共有规上企业有限公司")
    shared.chains.add(pwr, bio)
    EnterpriseTier.objects.create(
        enterprise=shared, tier=Tier.ABOVE_SCALE, gained_on=datetime.date(2026, 2, 1)
    )
    EnterpriseTier.objects.create(
        enterprise=shared, tier=Tier.LITTLE_GIANT, gained_on=datetime.date(2026, 8, 8)
    )
    MonthlyIndicator.objects.bulk_create(
        [
            MonthlyIndicator(enterprise=shared, month=datetime.date(y, m, 1), output_value=v)
            for y, v in ((2026, Decimal(700)), (2025, Decimal(350)))
            for m in (1, 5, 9)
        ]
    )
    Project.objects.create(
        chain=bio,
        name="生物医药投产项目",
        stage=Stage.IN_PRODUCTION,
        planned_investment=Decimal(15000),
        signed_on=datetime.date(2025, 11, 1),
        started_on=datetime.date(2026, 1, 5),
        production_on=datetime.date(2026, 9, 30),
    )
    Project.objects.create(
        chain=car,
        name="汽车零部件签约项目",
        stage=Stage.SIGNED,
        planned_investment=Decimal(8000),
        signed_on=datetime.date(2026, 7, 1),
        investor_company_code="600001",
        investor_name="某汽车集团",
    )
    try:
        from chainchief.casework.models import Case
    except ImportError:
        return city
    for n, (chain, closed_on, on_time, rating) in enumerate(
        [
            (pwr, datetime.date(2026, 3, 1), True, "satisfied"),
            (pwr, None, None, ""),
            (bio, datetime.date(2026, 6, 1), False, "basic"),
            (car, datetime.date(2026, 10, 9), True, "satisfied"),
        ]
    ):
        Case.objects.create(
            kind="problem",
            title=f"企业诉求{n}",
            text="企业诉求",
            chain=chain,
            raised_on=datetime.date(2026, 2, 1),
            state="closed" if closed_on else "in_progress",
            closed_on=closed_on,
            closed_on_time=on_time,
            rating=rating,
        )
    return city


def _indicator_for(system, code: str):
    return system.indicators.filter(source=code).first()


def test_every_source_gives_each_chain_the_figure_and_rows_it_gives_that_chain_alone(
    busier_city,
):
    period = parse_period("2026Q3")
    ids = [c.pk for c in busier_city.chains.values()]
    together_shared: dict = {}
    checked = 0
    for code in sorted(sources.SOURCES):
        if code in ("completeness", "local_supporting_rate"):
            continue  # the knowledge engine's own per-chain analysis, tested in tests/knowledge
        indicator = _indicator_for(busier_city.system, code)
        together = sources.compute(code, sources.Context(ids, period, indicator, together_shared))
        for cid in ids:
            alone = sources.compute(code, sources.Context([cid], period, indicator, {}))[cid]
            assert (together[cid].value, together[cid].rows) == (alone.value, alone.rows), (
                code,
                cid,
            )
            checked += 1
    assert checked >= 4 * 15


def test_the_shared_enterprise_counts_on_both_of_its_chains(busier_city):
    period = parse_period("2026Q3")
    ids = [c.pk for c in busier_city.chains.values()]
    ctx = sources.Context(ids, period, None, {})
    output = sources.compute("output", ctx)
    growth = sources.compute("output_growth", ctx)
    giants = sources.compute("new_little_giant", ctx)
    for code in ("PWR", "BIO"):
        cid = busier_city.chains[code].pk
        labels = [r["label"] for r in output[cid].rows]
        assert "两链共有规上企业有限公司" in labels
        assert giants[cid].value == 1
    pwr = busier_city.chains["PWR"].pk
    # PWR: 9 × 1000 + 3 × 700 万元 this year, 9 × 800 + 3 × 350 last year.
    assert output[pwr].value == 1.11
    assert growth[pwr].value == round((11100 / 8250 - 1) * 100, 2)
