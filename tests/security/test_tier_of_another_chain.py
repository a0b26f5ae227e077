"""A chain chief may not add or delete the 链主 tier an enterprise holds for another chain,
even when the enterprise is also on the chief's own chain."""

from __future__ import annotations

import datetime

import pytest

from chainchief.accounts.models import Role
from chainchief.enterprises.models import EnterpriseTier, Tier
from tests.factories import make_scoped_city

pytestmark = pytest.mark.django_db


@pytest.fixture
def city():
    city = make_scoped_city()
    city.own_enterprise.chains.add(city.other)  # on both chains
    return city


def test_a_chief_cannot_add_an_anchor_tier_for_another_chain(client, city):
    client.force_login(city.users[Role.CHAIN_CHIEF])
    response = client.post(
        f"/enterprises/{city.own_enterprise.pk}/tier/add/",
        {"tier": Tier.ANCHOR, "gained_on": "2026-01-01", "chain": city.other.pk},
    )
    assert response.status_code == 403
    assert not EnterpriseTier.objects.filter(enterprise=city.own_enterprise).exists()


def test_a_chief_cannot_delete_the_anchor_tier_of_another_chain(client, city):
    tier = EnterpriseTier.objects.create(
        enterprise=city.own_enterprise,
        tier=Tier.ANCHOR,
        chain=city.other,
        gained_on=datetime.date(2025, 1, 1),
    )
    client.force_login(city.users[Role.CHAIN_CHIEF])
    response = client.post(f"/enterprises/{city.own_enterprise.pk}/tier/{tier.pk}/delete/")
    assert response.status_code == 403
    assert EnterpriseTier.objects.filter(pk=tier.pk).exists()


def test_a_chief_still_sets_the_anchor_tier_of_its_own_chain(client, city):
    client.force_login(city.users[Role.CHAIN_CHIEF])
    client.post(
        f"/enterprises/{city.own_enterprise.pk}/tier/add/",
        {"tier": Tier.ANCHOR, "gained_on": "2026-01-01", "chain": city.own.pk},
    )
    tier = EnterpriseTier.objects.get(enterprise=city.own_enterprise)
    assert (tier.tier, tier.chain_id) == (Tier.ANCHOR, city.own.pk)
