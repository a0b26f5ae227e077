"""A search term without letters of a case (Chinese, digits) is a plain substring test on
both databases; a term with such letters still ignores their case. Either way the list
finds the name or the main products containing it, and link filters combine with it."""

from __future__ import annotations

import pytest

from chainchief.accounts.models import Role
from chainchief.enterprises.selectors import EnterpriseFilters, filter_enterprises
from tests.factories import ChainFactory, EnterpriseFactory, make_user

pytestmark = pytest.mark.django_db


def found(user, **filters) -> set[str]:
    return set(
        filter_enterprises(user, EnterpriseFilters(**filters)).values_list("name", flat=True)
    )


@pytest.fixture
def office():
    EnterpriseFactory(name="衡阳华盛电气有限公司", main_products="变压器")
    EnterpriseFactory(name="湘潭ABC科技有限公司", main_products="华盛牌电缆")
    EnterpriseFactory(name="株洲abc材料有限公司", main_products="硅钢100%片")
    EnterpriseFactory(name="长沙其他有限公司", main_products="互感器_2型")
    return make_user(Role.CHAIN_OFFICE)


def test_a_chinese_term_matches_names_and_products(office):
    assert found(office, q="华盛") == {"衡阳华盛电气有限公司", "湘潭ABC科技有限公司"}


def test_a_latin_term_ignores_case(office):
    assert found(office, q="abc") == {"湘潭ABC科技有限公司", "株洲abc材料有限公司"}
    assert found(office, q="ABC") == {"湘潭ABC科技有限公司", "株洲abc材料有限公司"}


def test_wildcard_characters_are_plain_text(office):
    assert found(office, q="100%") == {"株洲abc材料有限公司"}
    assert found(office, q="_2") == {"长沙其他有限公司"}
    assert found(office, q="%") == {"株洲abc材料有限公司"}


def test_a_chain_and_a_tier_together_keep_only_enterprises_with_both(office):
    from chainchief.enterprises.models import Enterprise, EnterpriseTier

    chain = ChainFactory(code="PWR", name="输变电装备产业链")
    both, chain_only, tier_only = Enterprise.objects.order_by("name")[:3]
    for e in (both, chain_only):
        e.chains.add(chain)
    for e in (both, tier_only):
        EnterpriseTier.objects.create(enterprise=e, tier="high_tech")
    assert found(office, chain="PWR", tier="high_tech") == {both.name}
    assert found(office, chain="PWR", tier="high_tech", q="有限") == {both.name}
