"""Two adds of the same tier (the second one arriving as the first commits) answer as a
duplicate, not as a server error."""

from __future__ import annotations

import pytest
from django.urls import reverse

from chainchief.accounts.models import Role
from chainchief.enterprises import services
from chainchief.enterprises.models import EnterpriseTier
from tests.factories import EnterpriseFactory, make_user


@pytest.fixture
def office(db):
    return make_user(Role.CHAIN_OFFICE, "office")


def test_the_second_add_of_a_tier_is_a_duplicate(office):
    e = EnterpriseFactory()
    services.add_tier(enterprise=e, by=office, tier="high_tech")
    with pytest.raises(services.EnterpriseError, match="该企业已有“高新技术企业”梯队认定"):
        services.add_tier(enterprise=e, by=office, tier="high_tech")
    assert EnterpriseTier.objects.filter(enterprise=e).count() == 1


def test_a_duplicate_tier_through_the_page_is_a_message(client, office):
    e = EnterpriseFactory()
    client.force_login(office)
    url = reverse("enterprises:child_add", args=[e.pk, "tier"])
    client.post(url, {"tier": "listed"})
    response = client.post(url, {"tier": "listed"}, follow=True)
    assert response.status_code == 200
    assert "该企业已有" in response.content.decode()
    assert EnterpriseTier.objects.filter(enterprise=e).count() == 1


def test_absurd_monthly_figures_are_refused(office):
    e = EnterpriseFactory()
    with pytest.raises(services.EnterpriseError, match="产值应在 0 到 1000000000 万元 之间"):
        services.save_indicator(enterprise=e, by=office, month="2026-01", output_value=1e30)
    with pytest.raises(services.EnterpriseError, match="从业人数应在 0 到 10000000 之间"):
        services.save_indicator(enterprise=e, by=office, month="2026-01", employees=10**12)
