"""推荐资源 on a case: matches with reasons; choosing one records it and tells the provider."""

from __future__ import annotations

from chainchief.accounts.models import Role
from chainchief.casework.models import CaseEvent, Notification
from chainchief.pools import matching, services
from chainchief.pools.models import FinancingProduct, ResearchResult, ResourceMatch, TalentSupply
from tests.factories import make_user


def test_a_research_case_is_offered_results_sharing_its_words(make_case, city):
    case = make_case(category="research")
    ResearchResult.objects.create(
        title="智能焊接机器人", institution="南华大学", keywords="焊工、焊接", trl=6
    )
    ResearchResult.objects.create(title="果蔬保鲜", institution="农科院", keywords="保鲜")
    offers = matching.recommend(case)
    assert [o.label for o in offers] == ["智能焊接机器人"]
    assert offers[0].reason.startswith("关键词匹配：焊工")


def test_a_skills_case_is_offered_talent_supply(make_case):
    TalentSupply.objects.create(
        institution="衡阳技师学院", major="焊接技术", graduates_per_year=120
    )
    offers = matching.recommend(make_case(category="skills"))
    assert offers[0].pool == "talent"
    assert "年毕业 120 人" in offers[0].reason


def test_a_financing_case_prefers_the_chains_partner_bank(make_case, city):
    FinancingProduct.objects.create(provider="甲银行", name="普惠贷")
    FinancingProduct.objects.create(
        provider="乙银行", name="链上贷", chain=city.own, is_partner_bank=True
    )
    offers = matching.recommend(make_case(category="financing_cost"))
    assert offers[0].label == "乙银行 · 链上贷"
    assert "本链合作银行" in offers[0].reason


def test_choosing_an_offer_records_it_and_notifies_the_provider(make_case, office):
    provider = make_user(Role.DEPARTMENT_HANDLER, username="bank_contact")
    product = FinancingProduct.objects.create(
        provider="乙银行", name="链上贷", contact_user=provider
    )
    case = make_case("assigned", category="financing_cost")
    services.choose_offer(
        case=case, pool="capital", object_id=product.pk, reason="利率低", by=office
    )
    assert ResourceMatch.objects.get(case=case).label == "乙银行 · 链上贷"
    assert CaseEvent.objects.filter(case=case, action="resource").exists()
    assert Notification.objects.filter(user=provider, kind="resource").exists()


def test_choosing_the_same_offer_twice_is_refused(make_case, office):
    import pytest

    product = FinancingProduct.objects.create(provider="乙银行", name="链上贷")
    case = make_case("assigned", category="financing_cost")
    services.choose_offer(case=case, pool="capital", object_id=product.pk, by=office)
    with pytest.raises(services.PoolError, match="已选用过"):
        services.choose_offer(case=case, pool="capital", object_id=product.pk, by=office)


def test_the_case_page_shows_the_recommended_resources(client, make_case, office):
    ResearchResult.objects.create(title="智能焊接机器人", institution="南华大学", keywords="焊工")
    case = make_case(category="research")
    client.force_login(office)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "推荐资源" in page and "智能焊接机器人" in page


def test_a_hiring_need_becomes_a_skills_case_offered_supply(client, city, office):
    from chainchief.pools.models import TalentNeed

    TalentSupply.objects.create(institution="衡阳技师学院", major="焊接技术", graduates_per_year=80)
    need = TalentNeed.objects.create(enterprise=city.own_enterprise, position="焊工", headcount=20)
    client.force_login(office)
    response = client.post(f"/pools/needs/{need.pk}/case/")
    need.refresh_from_db()
    assert response["Location"] == f"/cases/{need.case_id}/"
    assert (need.case.category, need.case.title) == ("skills", "招聘焊工 20 人")
    assert matching.recommend(need.case)[0].label == "衡阳技师学院 · 焊接技术"
