"""Chain, goal, organisation and segment edits carry the version they read; a stale save is
refused with what changed, and an unchanged save writes nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from chainchief.accounts.models import ChangeLog, Role
from chainchief.chains import services
from chainchief.chains.models import Chain, Segment
from tests.factories import ChainFactory, SegmentFactory, make_user


@pytest.fixture
def office(client, db):
    user = make_user(Role.CHAIN_OFFICE, "office")
    client.force_login(user)
    return user


def _chain_form(chain: Chain, **kw) -> dict:
    data = {"code": chain.code, "name": chain.name, "description": chain.description,
            "layout_node": "", "status": chain.status, "sort": chain.sort,
            "version": chain.version}  # fmt: skip
    data.update(kw)
    return data


def test_a_stale_chain_form_is_refused_with_what_changed(client, office):
    chain = ChainFactory(code="PWR", name="输变电")
    read = _chain_form(chain, description="我的简介")
    services.save_chain(by=office, chain=chain, version=1, name="输变电装备")
    page = client.post(reverse("chains:edit", args=["PWR"]), read).content.decode()
    assert "该记录已被他人修改，请刷新后重试" in page
    assert "名称：输变电 → 输变电装备（office）" in page
    assert Chain.objects.get().description == ""


def test_saving_the_chain_form_unchanged_writes_nothing(client, office):
    chain = ChainFactory(code="PWR", name="输变电")
    before = ChangeLog.objects.count()
    response = client.post(reverse("chains:edit", args=["PWR"]), _chain_form(chain))
    assert response.status_code == 302
    assert ChangeLog.objects.count() == before and Chain.objects.get().version == 1


def test_a_stale_segment_save_is_refused(office):
    segment = SegmentFactory(name="变压器")
    services.save_segment(chain=segment.chain, by=office, segment=segment, version=1, weight=2)
    with pytest.raises(services.StaleChain, match="该记录已被他人修改"):
        services.save_segment(
            chain=segment.chain, by=office, segment=Segment.objects.get(), version=1, weight=3
        )
    assert Segment.objects.get().weight == 2


def test_the_services_refuse_out_of_range_numbers(office):
    chain = ChainFactory(code="PWR")
    with pytest.raises(services.ChainError, match="权重必须是有限的数字"):
        services.save_segment(
            chain=chain, by=office, stage="midstream", name="x", weight="Infinity"
        )
    with pytest.raises(services.ChainError, match="目标值应在"):
        services.save_goal(
            chain=chain, by=office, indicator="产值", unit="亿元", year=2026, target_value=10**13
        )
    with pytest.raises(services.ChainError, match="产业链代码“A/B”无效"):
        services.save_chain(by=office, code="A/B", name="坏代码")
