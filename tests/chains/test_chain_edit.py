"""Editing a chain: the chain form, goals, organisation members, segments, and YAML upload.
Chiefs edit their own chains; the rules of each form answer in Chinese."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chainchief.accounts.models import Role
from chainchief.chains.models import Chain, ChainOrgMember, Segment
from chainchief.chains.yaml_io import dump_chain_yaml
from tests.factories import ChainFactory, GoalFactory, SegmentFactory, assign, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain() -> Chain:
    return ChainFactory(code="PWR", name="输变电装备产业链")


@pytest.fixture
def chief(client, chain):
    user = make_user(Role.CHAIN_CHIEF, username="chief")
    assign(user, chain, "chief")
    client.force_login(user)
    return user


@pytest.fixture
def office(client):
    user = make_user(Role.CHAIN_OFFICE, username="office")
    client.force_login(user)
    return user


def _chain_data(**kw) -> dict:
    return {
        "code": "PWR",
        "name": "输变电装备产业链",
        "description": "",
        "layout_node": "",
        "status": "active",
        "sort": 0,
        **kw,
    }


def _errors(response) -> str:
    return " ".join(str(e) for e in response.context["form"].errors.values())


def test_a_chief_edits_the_own_chain(client, chief, chain):
    response = client.post(
        reverse("chains:edit", args=["PWR"]), _chain_data(description="衡阳输变电装备")
    )
    assert response.status_code == 302
    chain.refresh_from_db()
    assert chain.description == "衡阳输变电装备"


def test_a_chief_cannot_change_the_code(client, chief, chain):
    client.post(reverse("chains:edit", args=["PWR"]), _chain_data(code="HACK", name="改名"))
    chain.refresh_from_db()
    assert (chain.code, chain.name) == ("PWR", "改名")


@pytest.mark.parametrize("role", [Role.GENERAL_CHIEF, Role.AUDITOR, Role.DEPARTMENT_HANDLER])
def test_read_only_roles_cannot_post_an_edit(client, chain, role):
    client.force_login(make_user(role))
    response = client.post(reverse("chains:edit", args=["PWR"]), _chain_data(name="改名"))
    assert response.status_code in (403, 404)
    chain.refresh_from_db()
    assert chain.name == "输变电装备产业链"


def test_a_chief_cannot_edit_another_chain(client, chief):
    other = ChainFactory(code="BIO", name="生物医药产业链")
    response = client.post(
        reverse("chains:edit", args=["BIO"]), _chain_data(code="BIO", name="改名")
    )
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.name == "生物医药产业链"


def test_the_office_creates_a_chain_with_an_upper_case_code(client, office):
    response = client.post(
        reverse("chains:create"), _chain_data(code="new_mat", name="新材料产业链")
    )
    assert response.status_code == 302
    assert Chain.objects.get(code="NEW_MAT").name == "新材料产业链"


def test_a_code_with_symbols_is_refused(client, office):
    response = client.post(
        reverse("chains:create"), _chain_data(code="新 材料!", name="新材料产业链")
    )
    assert "以大写字母开头，只含大写字母、数字和下划线" in _errors(response)
    assert not Chain.objects.filter(name="新材料产业链").exists()


def test_a_chief_adds_a_goal(client, chief, chain):
    response = client.post(
        reverse("chains:goal_add", args=["PWR"]),
        {"indicator": "规上工业产值", "unit": "亿元", "year": 2026, "target_value": "520.5"},
    )
    assert response.url.endswith("#goals")
    assert chain.goals.get().target_value == Decimal("520.50")


def test_a_goal_twice_in_a_year_is_refused(client, chief, chain):
    GoalFactory(chain=chain, indicator="规上工业产值", year=2026)
    response = client.post(
        reverse("chains:goal_add", args=["PWR"]),
        {"indicator": "规上工业产值", "unit": "亿元", "year": 2026, "target_value": "1"},
    )
    assert "该产业链 2026 年已有指标“规上工业产值”" in _errors(response)
    assert chain.goals.count() == 1


def test_a_chief_edits_a_goal(client, chief, chain):
    goal = GoalFactory(chain=chain, indicator="规上工业产值", year=2026, target_value="500")
    client.post(
        reverse("chains:goal_edit", args=["PWR", goal.pk]),
        {"indicator": "规上工业产值", "unit": "亿元", "year": 2026, "target_value": "650"},
    )
    goal.refresh_from_db()
    assert goal.target_value == 650


def test_a_member_needs_a_user_department_or_name(client, chief, chain):
    from chainchief.chains.models import OrgRole

    role = OrgRole.objects.get(code="expert_team")
    response = client.post(reverse("chains:member_add", args=["PWR"]), {"role": role.pk})
    assert "请选择用户或部门，或填写名称" in _errors(response)
    client.post(
        reverse("chains:member_add", args=["PWR"]), {"role": role.pk, "name": "湖南大学专家组"}
    )
    assert chain.org_members.filter(name="湖南大学专家组").exists()


def test_removing_a_member(client, chief, chain):
    from chainchief.chains.models import OrgRole

    member = ChainOrgMember.objects.create(
        chain=chain, role=OrgRole.objects.get(code="alliance"), name="联盟"
    )
    client.post(reverse("chains:member_delete", args=["PWR", member.pk]))
    assert not ChainOrgMember.objects.filter(pk=member.pk).exists()


def _segment_data(**kw) -> dict:
    return {
        "stage": "midstream",
        "name": "变压器",
        "terms": "电力变压器，干式变压器、电力变压器",
        "weight": "1",
        "description": "",
        "sort": 0,
        **kw,
    }


def test_a_chief_adds_a_segment_with_terms(client, chief, chain):
    client.post(reverse("chains:segment_add", args=["PWR"]), _segment_data())
    assert chain.segments.get().terms == ["电力变压器", "干式变压器"]


def test_a_sub_segment_must_share_the_parent_stage(client, chief, chain):
    parent = SegmentFactory(chain=chain, stage="upstream", name="原材料")
    response = client.post(
        reverse("chains:segment_add", args=["PWR"]), _segment_data(parent=parent.pk)
    )
    assert "上级环节“原材料”位于上游，下级环节必须在同一位置" in _errors(response)


def test_a_segment_cannot_move_under_its_own_child(client, chief, chain):
    top = SegmentFactory(chain=chain, name="设备")
    child = SegmentFactory(chain=chain, parent=top, name="变压器")
    response = client.post(
        reverse("chains:segment_edit", args=["PWR", top.pk]),
        _segment_data(name="设备", parent=child.pk),
    )
    assert "不能把环节移到它自己的下级环节下面" in _errors(response)
    top.refresh_from_db()
    assert top.parent_id is None


def test_sibling_segments_need_different_names(client, chief, chain):
    SegmentFactory(chain=chain, name="变压器")
    response = client.post(reverse("chains:segment_add", args=["PWR"]), _segment_data())
    assert "同一层级下已有名为“变压器”的环节" in _errors(response)


def test_a_segment_of_another_chain_cannot_be_the_parent(client, chief, chain):
    foreign = SegmentFactory(chain=ChainFactory(code="BIO"), name="原料药")
    client.post(reverse("chains:segment_add", args=["PWR"]), _segment_data(parent=foreign.pk))
    assert not chain.segments.exists()


def test_deleting_a_segment_deletes_its_sub_segments(client, chief, chain):
    top = SegmentFactory(chain=chain, name="设备")
    child = SegmentFactory(chain=chain, parent=top, name="变压器")
    SegmentFactory(chain=chain, parent=child, name="附件")
    keep = SegmentFactory(chain=chain, name="线缆")
    response = client.post(reverse("chains:segment_delete", args=["PWR", top.pk]), follow=True)
    assert "已删除 3 个环节（含下级环节）" in response.content.decode()
    assert list(Segment.objects.filter(chain=chain)) == [keep]


def test_the_office_uploads_a_yaml_file(client, office, chain):
    SegmentFactory(chain=chain, name="变压器", terms=["变压器"])
    text = (
        dump_chain_yaml(chain)
        .replace("输变电装备产业链", "输变电装备及智能电网产业链")
        .replace("PWR", "GRID")
    )
    upload = SimpleUploadedFile("grid.yaml", text.encode(), content_type="application/x-yaml")
    response = client.post(reverse("chains:upload"), {"file": upload}, follow=True)
    assert "已新建产业链“输变电装备及智能电网产业链”" in response.content.decode()
    assert Chain.objects.get(code="GRID").segments.get().terms == ["变压器"]


def test_a_bad_upload_says_why_and_changes_nothing(client, office, chain):
    text = "format: chainchief.chain/1\ncode: PWR\nname: 改名\nsegments:\n  sidestream: []\n"
    upload = SimpleUploadedFile("bad.yaml", text.encode())
    response = client.post(reverse("chains:upload"), {"file": upload}, follow=True)
    assert "导入失败，未做任何修改：segments：未知的位置“sidestream”" in response.content.decode()
    chain.refresh_from_db()
    assert chain.name == "输变电装备产业链"


def test_a_non_utf8_upload_is_refused(client, office):
    upload = SimpleUploadedFile("gbk.yaml", "名称: 产业链".encode("gbk"))
    response = client.post(reverse("chains:upload"), {"file": upload}, follow=True)
    assert "文件不是 UTF-8 编码的文本" in response.content.decode()


def test_a_chief_cannot_upload(client, chief, chain):
    text = dump_chain_yaml(chain).replace("输变电装备产业链", "改名")
    response = client.post(
        reverse("chains:upload"), {"file": SimpleUploadedFile("a.yaml", text.encode())}
    )
    assert response.status_code == 403
    chain.refresh_from_db()
    assert chain.name == "输变电装备产业链"
