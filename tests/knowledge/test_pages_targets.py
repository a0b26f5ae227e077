"""The target list of the chain panel: reasons, filters, the Excel export, and one click
from a target to a lead (after which the list shows the lead's stage)."""

from __future__ import annotations

import html as htmllib
import re
from io import BytesIO

import pytest
from django.test import Client
from openpyxl import load_workbook

from chainchief.accounts.models import Role
from chainchief.projects.models import Project
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def office():
    return client_for(make_user(Role.CHAIN_OFFICE))


def targets(client, chain, **query) -> str:
    response = client.get(f"/knowledge/chains/{chain.code}/targets/", query, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    return response.content.decode()


def target_names(html: str) -> list[str]:
    return re.findall(r'data-testid="kg-target".*?<strong>(.*?)</strong>', html, re.S)


def lead_form(html: str, company_name: str) -> tuple[str, list[tuple[str, str]]]:
    """The action and the fields of the 转为招商线索 form in the row of `company_name`."""
    row = next(r for r in html.split('data-testid="kg-target"')[1:] if company_name in r)
    form = re.search(
        r'<form method="post" action="([^"]+)" class="inline" data-testid="kg-target-to-lead">(.*?)</form>',
        row,
        re.S,
    )
    fields = re.findall(r'name="([^"]+)" value="([^"]*)"', form.group(2))
    return form.group(1), [(k, htmllib.unescape(v)) for k, v in fields]


def test_targets_are_listed_with_their_reasons(mini_graph, city, office):
    html = targets(office, city.chain, segment=city.seg.transformer.id)
    assert target_names(html)[:2] == ["三变科技", "特变电工"]
    assert "主营 干式变压器 占收入 70%，可补中游·变压器 弱链" in html
    assert "位于浙江（优先承接地区）" in html
    assert "中国西电" not in target_names(html)  # already in the city


def test_without_htmx_the_targets_are_a_page_of_their_own(mini_graph, city, office):
    response = office.get(f"/knowledge/chains/{city.chain.code}/targets/")
    assert response.templates[0].name == "knowledge/targets.html"
    assert "三变科技" in response.content.decode()


def test_filters_segment_distressed_province_score_and_top(mini_graph, city, office):
    core = targets(office, city.chain, segment=city.seg.core.id)
    assert target_names(core)[0] == "湘电股份"
    assert "本地链主 衡阳变压器有限公司 的上游材料（变压器 需要 铁芯）" in core

    seg = city.seg.transformer.id
    assert "*ST华变" not in target_names(targets(office, city.chain, segment=seg))
    with_st = targets(office, city.chain, segment=seg, distressed="on")
    assert "*ST华变" in target_names(with_st) and "风险警示（ST）公司，谨慎接触" in with_st

    only_zj = target_names(targets(office, city.chain, segment=seg, province="浙江"))
    assert only_zj == ["三变科技"]

    everyone = target_names(targets(office, city.chain, segment=seg))
    assert target_names(targets(office, city.chain, segment=seg, min_score="1.5")) == []
    high = targets(office, city.chain, segment=seg, min_score="0.5")
    assert 0 < len(target_names(high)) < len(everyone)
    assert len(everyone) > 1
    assert target_names(targets(office, city.chain, segment=seg, top="10")) == everyone[:10]


def test_preferred_region_changes_the_region_reason(mini_graph, city, office):
    html = targets(office, city.chain, segment=city.seg.transformer.id, region="新疆")
    assert "位于浙江（优先承接地区）" not in html


def test_a_bad_filter_falls_back_to_defaults(mini_graph, city, office):
    html = targets(office, city.chain, segment=city.seg.core.id, top="x", min_score="lots")
    assert target_names(html)[0] == "湘电股份"  # the valid filter still applies
    assert target_names(targets(office, city.chain, segment="abc"))


def test_the_excel_export_has_the_filtered_rows(mini_graph, city, office):
    seg = city.seg.transformer.id
    shown = target_names(targets(office, city.chain, segment=seg))
    response = office.get(f"/knowledge/chains/{city.chain.code}/targets.xlsx", {"segment": seg})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:3] == ("排名", "公司简称", "公司全称")
    assert [r[1] for r in rows[2:]] == shown
    first = rows[2]
    assert first[9].startswith("主营 干式变压器 占收入 70%")
    only_zj = office.get(
        f"/knowledge/chains/{city.chain.code}/targets.xlsx", {"segment": seg, "province": "浙江"}
    )
    assert [r[1] for r in load_workbook(BytesIO(only_zj.content)).active.iter_rows(
        min_row=3, values_only=True
    )] == ["三变科技"]  # fmt: skip


def test_a_target_becomes_a_lead_with_its_reasons_then_shows_its_stage(mini_graph, city, office):
    seg = city.seg.transformer.id
    html = targets(office, city.chain, segment=seg)
    action, fields = lead_form(html, "三变科技")
    assert action == "/projects/from-target/"
    response = office.post(
        action, dict(fields) | {"reasons": [v for k, v in fields if k == "reasons"]}
    )
    project = Project.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/projects/{project.pk}/"
    assert project.chain == city.chain and project.segment_id == seg
    assert project.investor_name == "浙江三变科技股份有限公司" and project.source_region == "浙江"
    assert project.target_reasons[0].startswith("主营 干式变压器 占收入 70%")
    assert "位于浙江（优先承接地区）" in project.target_reasons

    html = targets(office, city.chain, segment=seg)
    row = next(r for r in html.split('data-testid="kg-target"')[1:] if "三变科技" in r)
    assert f'href="/projects/{project.pk}/" data-testid="kg-target-lead"' in row
    assert "线索" in row and "转为招商线索" not in row


def test_read_only_users_see_no_lead_button(mini_graph, city):
    html = targets(client_for(make_user(Role.AUDITOR)), city.chain)
    assert target_names(html) and "转为招商线索" not in html
