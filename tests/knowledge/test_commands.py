from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from chainchief.chains.models import Chain
from chainchief.knowledge.commands import (
    gaps_command,
    propose_command,
    supply_command,
    targets_command,
)
from chainchief.knowledge.models import EnterpriseProduct

pytestmark = pytest.mark.django_db


def test_propose_saves_a_draft_chain_with_segments_and_terms(mini_graph):
    out = io.StringIO()
    chain = propose_command("变压器", out)
    assert chain.status == Chain.Status.DRAFT and chain.code == "DRAFT001"
    segment = chain.segments.get(name="硅钢片")
    assert (
        segment.parent.name == "铁芯"
        and segment.terms == ["硅钢片"]
        and segment.stage == "upstream"
    )
    assert "已生成草稿产业链 DRAFT001" in out.getvalue()
    assert propose_command("变压器", io.StringIO()).code == "DRAFT002"


def test_propose_of_an_unknown_product_fails_clearly(mini_graph):
    with pytest.raises(CommandError, match="图谱中未找到产品"):
        propose_command("量子计算机", io.StringIO())


def test_gaps_command_prints_text_and_json(mini_graph, city):
    out = io.StringIO()
    gaps_command("TRANS", False, out)
    assert "完整度 50.0" in out.getvalue() and "[缺链] 上游·铜材" in out.getvalue()
    out = io.StringIO()
    gaps_command("TRANS", True, out)
    assert json.loads(out.getvalue())["summary"]["missing"] == 1


def test_targets_command_prints_ranked_reasons(mini_graph, city):
    out = io.StringIO()
    targets_command("TRANS", city.seg.transformer.id, 2, False, out)
    assert out.getvalue().splitlines()[0].startswith("  1. 三变科技（002112，浙江）")
    out = io.StringIO()
    report = targets_command("TRANS", None, 5, True, out)
    assert len(json.loads(out.getvalue())["targets"]) == len(report["targets"]) <= 5


def test_unknown_chain_is_an_error(mini_graph):
    with pytest.raises(CommandError, match="产业链 NOPE 不存在"):
        gaps_command("NOPE", False, io.StringIO())


def test_supply_command(mini_graph, city):
    out = io.StringIO()
    supply_command(city.ent.anchor.id, False, out)
    assert "本地配套率 100%" in out.getvalue()
    out = io.StringIO()
    supply_command(city.ent.anchor.id, True, out)
    assert json.loads(out.getvalue())["covered"] == 3


def test_enterprise_match_stores_links_and_keeps_entered_ones(mini_graph, city):
    from chainchief.knowledge.models import Product

    EnterpriseProduct.objects.create(
        enterprise=city.ent.station,
        product=Product.objects.get(name="箱式变电站"),
        source="entered",
    )
    out = io.StringIO()
    call_command("enterprise", "match", stdout=out)
    assert "已匹配 6 家企业" in out.getvalue()
    assert set(
        EnterpriseProduct.objects.filter(enterprise=city.ent.anchor).values_list(
            "product__name", "source"
        )
    ) == {("变压器", "matched")}
    assert (
        EnterpriseProduct.objects.filter(enterprise=city.ent.station, source="entered").count() == 1
    )
    call_command("enterprise", "match", stdout=io.StringIO())
    assert EnterpriseProduct.objects.count() == 5


def test_enterprise_supply_command_via_call_command(mini_graph, city):
    out = io.StringIO()
    call_command("enterprise", "supply", str(city.ent.anchor.id), "--json", stdout=out)
    assert json.loads(out.getvalue())["rate"] == 1.0
