"""The indicator summary (the cockpit's monthly sums per set of chains) stays exactly equal
to the raw aggregates of the monthly rows after every kind of write."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db.models import Sum

from chainchief.chains.models import Chain
from chainchief.enterprises import services, summary
from chainchief.enterprises.models import Enterprise, IndicatorSummary, MonthlyIndicator
from tests.enterprises.fixtures.imports import make_city
from tests.factories import EnterpriseFactory, UserFactory

pytestmark = pytest.mark.django_db

JAN, FEB, MAR = (datetime.date(2026, m, 1) for m in (1, 2, 3))


def raw(field: str, month: datetime.date, chain_ids: list[int]) -> Decimal:
    """What the pages computed before the summary: a SUM over the monthly rows."""
    on_chains = Enterprise.objects.filter(chains__in=chain_ids).values("id")
    total = MonthlyIndicator.objects.filter(month=month, enterprise__in=on_chains).aggregate(
        t=Sum(field)
    )["t"]
    return Decimal(total or 0)


def assert_exact() -> None:
    chains = list(Chain.objects.values_list("id", flat=True))
    groups = [[c] for c in chains] + [chains] + ([chains[:2]] if len(chains) > 1 else [])
    months = list(MonthlyIndicator.objects.dates("month", "month")) or [JAN]
    for month in months:
        cells = summary.sums_by_month(month, month, chains)
        for field in summary.FIELDS:
            by_chain = summary.sums_by_chain(month, month, field)
            for chain_id in chains:
                assert by_chain.get(chain_id, 0) == raw(field, month, [chain_id]), (field, month)
            for group in groups:
                assert summary.total(month, month, group, field) == raw(field, month, group)
        assert set(cells) <= set(months)
    # The cells kept by the writes equal the cells rebuilt from scratch.
    kept = {
        (c.month, c.chain_set): (c.output_value, c.revenue, c.tax, c.employees)
        for c in IndicatorSummary.objects.all()
        if any((c.output_value, c.revenue, c.tax, c.employees))
    }
    summary.rebuild_output_summary()
    rebuilt = {
        (c.month, c.chain_set): (c.output_value, c.revenue, c.tax, c.employees)
        for c in IndicatorSummary.objects.all()
        if any((c.output_value, c.revenue, c.tax, c.employees))
    }
    assert kept == rebuilt


@pytest.fixture
def city():
    return make_city()


@pytest.fixture
def office():
    return UserFactory(username="office_summary")


def figures(enterprise, month, output, by):
    return services.save_indicator(
        enterprise=enterprise,
        by=by,
        month=month,
        output_value=output,
        revenue=Decimal(output) / 2,
        tax=Decimal("1.25"),
        employees=10,
    )


def test_an_enterprise_on_two_chains_counts_once_in_a_total(city, office):
    both = EnterpriseFactory()
    both.chains.set([city.grid, city.materials])
    figures(both, JAN, "100.50", office)

    assert summary.sums_by_chain(JAN, JAN) == {
        city.grid.pk: Decimal("100.50"),
        city.materials.pk: Decimal("100.50"),
    }
    assert summary.total(JAN, JAN, [city.grid.pk, city.materials.pk]) == Decimal("100.50")
    assert_exact()


def test_the_summary_follows_single_edits_links_and_deletes(city, office):
    a, b, loose = EnterpriseFactory(), EnterpriseFactory(), EnterpriseFactory()
    a.chains.set([city.grid])
    b.chains.set([city.grid, city.materials])
    for month, output in ((JAN, "10"), (FEB, "20.20"), (MAR, "30")):
        figures(a, month, output, office)
        figures(b, month, Decimal(output) * 3, office)
        figures(loose, month, "7", office)
    assert_exact()

    figures(a, FEB, "99.99", office)  # overwrite a month through the service
    assert_exact()
    b.chains.remove(city.grid)  # an enterprise leaves a chain
    assert_exact()
    city.grid.enterprises.add(loose)  # a chain takes an enterprise (reverse side)
    assert_exact()
    MonthlyIndicator.objects.get(enterprise=a, month=JAN).delete()
    assert_exact()
    a.delete()  # its months go with it
    assert_exact()
    city.materials.delete()  # the chain's enterprises keep their other chains
    assert_exact()
