"""The list filtered by chain, segment or tier shows the same count, order and pages as the
plain list, for the office and for a chain chief, in both name orders: with two link
filters the matches are read once by id and sorted by name, with one the name index is
walked; both must agree with the database's own answer."""

from __future__ import annotations

import pytest

from chainchief.accounts.models import Role
from chainchief.enterprises.selectors import EnterpriseFilters, enterprise_page
from tests.factories import (
    ChainFactory,
    EnterpriseFactory,
    SegmentFactory,
    TierFactory,
    assign,
    make_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def city():
    pwr, cnc = ChainFactory(code="PWR"), ChainFactory(code="CNC")
    segment = SegmentFactory(chain=pwr)
    for i in range(70):
        e = EnterpriseFactory(name=f"企业{(i * 37) % 70:02d}有限公司")
        e.chains.add(pwr if i % 2 else cnc)
        if i % 3 == 0:
            TierFactory(enterprise=e, tier="high_tech")
        if i % 2 and i % 5 == 0:
            e.segments.add(segment)
    return pwr, cnc, segment


def expected(chain=None, tier=None, segment=None) -> list[str]:
    from chainchief.enterprises.models import Enterprise

    qs = Enterprise.objects.all()
    if chain:
        qs = qs.filter(chains=chain)
    if tier:
        qs = qs.filter(tiers__tier=tier)
    if segment:
        qs = qs.filter(segments=segment)
    return sorted(set(qs.values_list("name", flat=True)))


def shown(user, filters: EnterpriseFilters) -> tuple[int, list[str]]:
    first = enterprise_page(user, filters, 1, 10)
    names = []
    for number in first.paginator.page_range:
        names += [e.name for e in enterprise_page(user, filters, number, 10).object_list]
    return first.paginator.count, names


def test_chain_and_tier_filters_page_in_name_order(city):
    pwr, _cnc, _segment = city
    office = make_user(Role.CHAIN_OFFICE)
    want = expected(chain=pwr, tier="high_tech")

    count, names = shown(office, EnterpriseFilters(chain="PWR", tier="high_tech"))

    assert count == len(want) == 12
    assert names == want


def test_the_reverse_name_order_pages_backwards(city):
    office = make_user(Role.CHAIN_OFFICE)
    want = expected(tier="high_tech")

    count, names = shown(office, EnterpriseFilters(tier="high_tech", sort="-name"))

    assert count == len(want)
    assert names == list(reversed(want))


def test_a_segment_filter_pages_in_name_order(city):
    _pwr, _cnc, segment = city
    office = make_user(Role.CHAIN_OFFICE)

    count, names = shown(office, EnterpriseFilters(segment=segment.pk))

    assert names == expected(segment=segment) and count == 7


def test_a_chain_chief_sees_only_their_chains_matches(city):
    pwr, cnc, _segment = city
    chief = make_user(Role.CHAIN_CHIEF)
    assign(chief, cnc)

    count, names = shown(chief, EnterpriseFilters(tier="high_tech"))

    assert names == expected(chain=cnc, tier="high_tech")
    assert count == len(names) and not set(names) & set(expected(chain=pwr))
