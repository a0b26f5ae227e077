"""Chain maps as YAML: dump → load → dump is byte-identical; loading updates in place and keeps
enterprise links; a bad file names where it is wrong, in Chinese, and writes nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest
import yaml

from chainchief.accounts.models import ChangeLog, Role
from chainchief.chains.models import (
    Chain,
    ChainOrgMember,
    DevelopmentGoal,
    LayoutNode,
    OrgRole,
    Segment,
)
from chainchief.chains.yaml_io import (
    ChainFileError,
    dump_chain,
    dump_chain_yaml,
    load_chain,
    load_chain_yaml,
)
from tests.factories import (
    ChainFactory,
    DepartmentFactory,
    EnterpriseFactory,
    GoalFactory,
    ParkFactory,
    SegmentFactory,
    make_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def rich_chain() -> Chain:
    cluster = LayoutNode.objects.create(name="先进制造业集群")
    sub = LayoutNode.objects.create(name="装备制造", parent=cluster)
    chain = ChainFactory(
        code="PWR",
        name="输变电装备产业链",
        layout_node=sub,
        status=Chain.Status.DRAFT,
        description="衡阳输变电装备：变压器、开关、线缆。\n第二行说明。",
    )
    chain.host_parks.set([ParkFactory(name="衡阳高新区"), ParkFactory(name="白沙洲工业园")])
    chief = make_user(Role.CHAIN_CHIEF, username="chief_pwr", full_name="张链长")
    dept = DepartmentFactory(name="市工业和信息化局")
    roles = {r.code: r for r in OrgRole.objects.all()}
    ChainOrgMember.objects.create(
        chain=chain, role=roles["chief"], user=chief, title="副市长", duties="统筹全链", sort=1
    )
    ChainOrgMember.objects.create(
        chain=chain, role=roles["lead_department"], department=dept, sort=2
    )
    ChainOrgMember.objects.create(
        chain=chain, role=roles["expert_team"], name="湖南大学电气学院专家组", sort=3
    )
    GoalFactory(
        chain=chain,
        indicator="规上工业产值",
        unit="亿元",
        year=2026,
        target_value=Decimal("520.50"),
        note="含配套",
        sort=1,
    )
    GoalFactory(
        chain=chain, indicator="链上企业", unit="家", year=2026, target_value=Decimal("120"), sort=2
    )
    GoalFactory(
        chain=chain,
        indicator="规上工业产值",
        unit="亿元",
        year=2027,
        target_value=Decimal("600.25"),
        sort=1,
    )
    up = SegmentFactory(
        chain=chain, stage="upstream", name="原材料", terms=["硅钢片", "铜材"], sort=0
    )
    SegmentFactory(
        chain=chain,
        stage="upstream",
        parent=up,
        name="绝缘材料",
        terms=["绝缘纸"],
        weight=Decimal("1.5"),
        description="关键材料",
        sort=1,
    )
    mid = SegmentFactory(chain=chain, stage="midstream", name="输变电设备", terms=[], sort=2)
    trafo = SegmentFactory(
        chain=chain,
        stage="midstream",
        parent=mid,
        name="变压器",
        terms=["电力变压器", "干式变压器"],
        sort=3,
    )
    SegmentFactory(
        chain=chain, stage="midstream", parent=trafo, name="变压器附件", terms=["套管"], sort=4
    )
    SegmentFactory(chain=chain, stage="downstream", name="电网工程", terms=["输电工程"], sort=5)
    return Chain.objects.get(pk=chain.pk)


def test_a_chain_with_an_enum_status_in_memory_dumps():
    chain = ChainFactory(code="DRAFT1", status=Chain.Status.DRAFT)
    assert "status: draft" in dump_chain_yaml(chain)


def test_dump_load_dump_is_byte_identical(rich_chain):
    first = dump_chain_yaml(rich_chain)
    result = load_chain_yaml(first)
    assert result.created is False
    assert result.warnings == []
    second = dump_chain_yaml(Chain.objects.get(code="PWR"))
    assert second == first


def test_the_dump_holds_everything_of_the_chain(rich_chain):
    data = yaml.safe_load(dump_chain_yaml(rich_chain))
    assert data["format"] == "chainchief.chain/1"
    assert data["layout"] == ["先进制造业集群", "装备制造"]
    assert data["status"] == "draft"
    assert data["host_parks"] == ["白沙洲工业园", "衡阳高新区"]
    assert data["organisation"][0] == {
        "role": "chief",
        "user": "chief_pwr",
        "title": "副市长",
        "duties": "统筹全链",
    }
    assert data["organisation"][1] == {"role": "lead_department", "department": "市工业和信息化局"}
    assert data["goals"][0] == {
        "indicator": "规上工业产值",
        "unit": "亿元",
        "year": 2026,
        "target": 520.5,
        "note": "含配套",
    }
    assert data["goals"][1]["target"] == 120
    [mid] = data["segments"]["midstream"]
    assert mid["children"][0]["children"][0]["name"] == "变压器附件"
    assert data["segments"]["upstream"][0]["children"][0]["weight"] == 1.5


def test_loading_into_an_empty_city_recreates_the_chain(rich_chain):
    text = dump_chain_yaml(rich_chain)
    rich_chain.delete()
    result = load_chain_yaml(text)
    assert result.created is True
    chain = result.chain
    assert chain.segments.count() == 6
    assert chain.goals.get(year=2027).target_value == Decimal("600.25")
    assert chain.org_members.get(role__code="chief").user.username == "chief_pwr"
    assert dump_chain_yaml(chain) == text


def test_loading_updates_in_place_and_keeps_enterprise_links(rich_chain):
    trafo = Segment.objects.get(chain=rich_chain, name="变压器")
    grid = Segment.objects.get(chain=rich_chain, name="电网工程")
    enterprise = EnterpriseFactory(name="衡阳变压器有限公司")
    enterprise.segments.add(trafo, grid)
    data = dump_chain(rich_chain)
    data["name"] = "输变电装备及智能电网产业链"
    data["segments"]["midstream"][0]["children"][0]["terms"].append("箱式变电站")
    data["segments"]["downstream"] = [{"name": "新能源并网", "terms": ["储能变流器"]}]
    result = load_chain(data)
    chain = result.chain
    assert chain.pk == rich_chain.pk
    assert chain.name == "输变电装备及智能电网产业链"
    trafo_after = Segment.objects.get(chain=chain, name="变压器")
    assert trafo_after.pk == trafo.pk
    assert trafo_after.terms == ["电力变压器", "干式变压器", "箱式变电站"]
    assert list(enterprise.segments.all()) == [trafo_after]
    assert not Segment.objects.filter(pk=grid.pk).exists()
    assert result.warnings == ["删除了文件中没有的 1 个环节"]


def test_missing_users_and_parks_become_warnings(rich_chain):
    data = dump_chain(rich_chain)
    data["organisation"][0]["user"] = "nobody"
    data["host_parks"] = ["不存在的园区"]
    result = load_chain(data)
    assert "organisation 第 1 项：用户“nobody”不存在，已跳过该用户" in result.warnings
    assert "园区“不存在的园区”在本市不存在，已跳过" in result.warnings


def _minimal(**kw) -> dict:
    return {
        "format": "chainchief.chain/1",
        "code": "PWR",
        "name": "输变电装备产业链",
        "segments": {"midstream": [{"name": "变压器", "terms": ["变压器"]}]},
        **kw,
    }


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"segments": {"sidestream": [{"name": "x"}]}}, "segments：未知的位置“sidestream”"),
        (
            {"segments": {"midstream": [{"name": "变压器"}, {"name": "变压器"}]}},
            "segments.midstream 第 2 项：同一层级下环节名称“变压器”重复",
        ),
        (
            {"segments": {"midstream": [{"name": "设备", "children": [{"terms": ["x"]}]}]}},
            "segments.midstream 第 1 项（设备）的下级环节 第 1 项：缺少必填字段“name”",
        ),
        ({"format": "other/2"}, "format 应为“chainchief.chain/1”"),
        ({"name": ""}, "产业链：缺少必填字段“name”"),
        (
            {"goals": [{"indicator": "产值", "unit": "亿元", "year": 2026, "target": "很多"}]},
            "goals 第 1 项：目标值“很多”不是数字",
        ),
        (
            {"organisation": [{"role": "king", "name": "某人"}]},
            "organisation 第 1 项：未知的组织角色“king”",
        ),
        (
            {"segments": {"midstream": [{"name": "变压器", "terms": "变压器"}]}},
            "产品词 terms 应为文字列表",
        ),
        ({"status": "archived"}, "status 应为 active 或 draft"),
    ],
)
def test_a_bad_file_names_where_and_writes_nothing(rich_chain, change, message):
    before = dump_chain_yaml(rich_chain)
    changes = ChangeLog.objects.count()
    with pytest.raises(ChainFileError) as excinfo:
        load_chain(_minimal(**change))
    assert message in str(excinfo.value)
    assert dump_chain_yaml(Chain.objects.get(code="PWR")) == before
    assert ChangeLog.objects.count() == changes


def test_a_bad_file_creates_no_chain():
    with pytest.raises(ChainFileError):
        load_chain(_minimal(code="NEW", segments={"midstream": [{"name": "a"}, {"name": "a"}]}))
    assert not Chain.objects.filter(code="NEW").exists()
    assert not Segment.objects.exists()


def test_broken_yaml_names_the_line():
    with pytest.raises(ChainFileError) as excinfo:
        load_chain_yaml("format: chainchief.chain/1\ncode: PWR\nname: [未闭合\n")
    assert "YAML 格式错误" in str(excinfo.value)
    assert "行" in str(excinfo.value)


def test_a_list_instead_of_a_chain_is_refused():
    with pytest.raises(ChainFileError, match="文件内容应为一个产业链"):
        load_chain_yaml("- a\n- b\n")


def test_an_organisation_entry_that_is_not_a_mapping_is_refused_in_chinese():
    with pytest.raises(ChainFileError, match="organisation 第 1 项"):
        load_chain(_minimal(organisation=["chief"]))


def test_goal_decimals_survive_the_round_trip(rich_chain):
    load_chain_yaml(dump_chain_yaml(rich_chain))
    values = sorted(
        DevelopmentGoal.objects.filter(chain__code="PWR").values_list("target_value", flat=True)
    )
    assert values == [Decimal("120"), Decimal("520.50"), Decimal("600.25")]
