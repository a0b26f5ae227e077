"""A text search finds the enterprises whose name or main products contain the text, the
same rows whichever way the database is asked (SQLite searches Chinese text with `instr`,
which has no case to fold): wildcard characters are literal, Latin letters match in either
case, credit codes are searched for ASCII text."""

from __future__ import annotations

import pytest

from chainchief.accounts.models import Role
from chainchief.enterprises.selectors import EnterpriseFilters, enterprise_page
from tests.factories import EnterpriseFactory, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    return make_user(Role.CHAIN_OFFICE)


def found(user, q: str) -> list[str]:
    page = enterprise_page(user, EnterpriseFilters(q=q), 1, 50)
    return [e.name for e in page.object_list]


def test_chinese_text_matches_names_and_products_anywhere(office):
    EnterpriseFactory(name="衡阳华盛电气有限公司", main_products="变压器")
    EnterpriseFactory(name="湘潭某某有限公司", main_products="华盛牌电缆")
    EnterpriseFactory(name="株洲华机有限公司", main_products="盛放器")

    assert found(office, "华盛") == ["湘潭某某有限公司", "衡阳华盛电气有限公司"]


def test_a_percent_sign_or_underscore_in_the_text_is_literal(office):
    EnterpriseFactory(name="百分之百%科技有限公司")
    EnterpriseFactory(name="百分之百科技有限公司")
    EnterpriseFactory(name="下划_线有限公司")
    EnterpriseFactory(name="下划线有限公司")

    assert found(office, "百%科") == ["百分之百%科技有限公司"]
    assert found(office, "划_线") == ["下划_线有限公司"]


def test_latin_letters_match_in_either_case(office):
    EnterpriseFactory(name="长沙ABC智能有限公司")
    EnterpriseFactory(name="长沙abd智能有限公司")

    assert found(office, "abc") == ["长沙ABC智能有限公司"]
    assert found(office, "沙Abc智") == ["长沙ABC智能有限公司"]


def test_ascii_text_also_searches_credit_codes(office):
    target = EnterpriseFactory(name="岳阳某厂有限公司")
    EnterpriseFactory(name="常德某厂有限公司")

    assert found(office, target.credit_code[-8:].lower()) == ["岳阳某厂有限公司"]


def test_a_search_counts_every_match(office):
    for i in range(55):
        EnterpriseFactory(name=f"益阳华盛{i:02d}有限公司")

    page = enterprise_page(office, EnterpriseFilters(q="华盛"), 2, 50)

    assert page.paginator.count == 55
    assert [e.name for e in page.object_list] == [f"益阳华盛{i:02d}有限公司" for i in range(50, 55)]
