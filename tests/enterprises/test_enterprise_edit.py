"""Creating and editing an enterprise: the credit code is checked (Chinese reason), segments
must belong to the chosen chains, and a chief works only within the own chains."""

from __future__ import annotations

import pytest
from django.urls import reverse

from chainchief.accounts.models import Role
from chainchief.enterprises.models import Enterprise
from tests.factories import (
    ChainFactory,
    DistrictFactory,
    EnterpriseFactory,
    SegmentFactory,
    assign,
    make_user,
    next_credit_code,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def chains():
    return ChainFactory(code="PWR", name="输变电装备产业链"), ChainFactory(
        code="BIO", name="生物医药产业链"
    )


@pytest.fixture
def office(client, chains):
    user = make_user(Role.CHAIN_OFFICE)
    client.force_login(user)
    return user


@pytest.fixture
def chief(client, chains):
    user = make_user(Role.CHAIN_CHIEF)
    assign(user, chains[0])
    client.force_login(user)
    return user


def _data(**kw) -> dict:
    return {
        "name": "衡阳变压器有限公司",
        "credit_code": next_credit_code(),
        "district": DistrictFactory().pk,
        "park": "",
        "chains": [],
        "segments": [],
        "main_products": "电力变压器",
        "business_scope": "",
        "established_on": "",
        "liaison_official": "",
        "note": "",
        **kw,
    }


def _errors(response) -> str:
    return " ".join(str(e) for errs in response.context["form"].errors.values() for e in errs)


def test_the_office_creates_an_enterprise(client, office, chains):
    response = client.post(reverse("enterprises:create"), _data(chains=[chains[0].pk]))
    enterprise = Enterprise.objects.get(name="衡阳变压器有限公司")
    assert response.url == reverse("enterprises:detail", args=[enterprise.pk])
    assert list(enterprise.chains.all()) == [chains[0]]


def test_a_lower_case_credit_code_is_stored_upper_case(client, office):
    code = next_credit_code()
    client.post(reverse("enterprises:create"), _data(credit_code=code.lower()))
    assert Enterprise.objects.get().credit_code == code


def test_a_bad_check_character_is_refused_in_chinese(client, office):
    code = next_credit_code()
    wrong = code[:17] + ("0" if code[17] != "0" else "1")
    response = client.post(reverse("enterprises:create"), _data(credit_code=wrong))
    assert f"统一社会信用代码校验位错误：应为“{code[17]}”，实际“{wrong[17]}”" in _errors(response)
    assert not Enterprise.objects.exists()


def test_a_duplicate_credit_code_is_refused(client, office):
    existing = EnterpriseFactory()
    response = client.post(reverse("enterprises:create"), _data(credit_code=existing.credit_code))
    assert "已存在" in _errors(response)
    assert Enterprise.objects.count() == 1


def test_a_segment_outside_the_chosen_chains_is_refused(client, office, chains):
    segment = SegmentFactory(chain=chains[1], name="原料药")
    response = client.post(
        reverse("enterprises:create"), _data(chains=[chains[0].pk], segments=[segment.pk])
    )
    assert "环节“原料药”属于产业链“生物医药产业链”，请同时选择该产业链" in _errors(response)
    assert not Enterprise.objects.exists()


def test_a_segment_with_its_chain_is_accepted(client, office, chains):
    segment = SegmentFactory(chain=chains[1], name="原料药")
    client.post(reverse("enterprises:create"), _data(chains=[chains[1].pk], segments=[segment.pk]))
    assert list(Enterprise.objects.get().segments.all()) == [segment]


def test_the_office_edits_an_enterprise(client, office, chains):
    enterprise = EnterpriseFactory(name="旧名称有限公司")
    data = _data(name="新名称有限公司", credit_code=enterprise.credit_code, chains=[chains[1].pk])
    client.post(reverse("enterprises:edit", args=[enterprise.pk]), data)
    enterprise.refresh_from_db()
    assert enterprise.name == "新名称有限公司"
    assert list(enterprise.chains.all()) == [chains[1]]


def test_a_chief_can_only_choose_the_own_chains(client, chief, chains):
    response = client.post(reverse("enterprises:create"), _data(chains=[chains[1].pk]))
    assert response.status_code == 200
    assert "chains" in response.context["form"].errors
    assert not Enterprise.objects.exists()


def test_a_chief_creates_an_enterprise_on_the_own_chain(client, chief, chains):
    client.post(reverse("enterprises:create"), _data(chains=[chains[0].pk]))
    assert list(Enterprise.objects.get().chains.all()) == [chains[0]]


def test_a_liaison_official_cannot_be_an_enterprise_contact(client, office):
    contact = make_user(Role.ENTERPRISE_CONTACT)
    response = client.post(reverse("enterprises:create"), _data(liaison_official=contact.pk))
    assert "liaison_official" in response.context["form"].errors


def test_a_chief_editing_a_shared_enterprise_keeps_the_other_chains(client, chief, chains):
    own, other = chains
    enterprise = EnterpriseFactory()
    enterprise.chains.add(own, other)
    foreign_segment = SegmentFactory(chain=other)
    enterprise.segments.add(foreign_segment)
    data = _data(
        name=enterprise.name,
        credit_code=enterprise.credit_code,
        chains=[own.pk],
        main_products="电力变压器、套管",
    )
    response = client.post(reverse("enterprises:edit", args=[enterprise.pk]), data)
    assert response.status_code == 302
    assert set(enterprise.chains.all()) == {own, other}
    assert list(enterprise.segments.all()) == [foreign_segment]


def test_the_office_can_create_an_enterprise_before_any_chain_exists(client):
    client.force_login(make_user(Role.CHAIN_OFFICE))
    client.post(reverse("enterprises:create"), _data())
    assert Enterprise.objects.filter(name="衡阳变压器有限公司").exists()
