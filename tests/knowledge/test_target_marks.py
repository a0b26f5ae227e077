"""The office marks a target 不相关 with a reason: gone for that segment, kept for export."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.test import Client
from openpyxl import load_workbook

from chainchief.accounts.models import Role
from chainchief.knowledge.models import TargetMark
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def client_for(role: str) -> Client:
    client = Client()
    client.force_login(make_user(role))
    return client


def names(client, city) -> list[str]:
    html = client.get(
        f"/knowledge/chains/{city.chain.code}/targets/",
        {"segment": city.seg.transformer.id},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    import re

    return re.findall(r'data-testid="kg-target".*?<strong>(.*?)</strong>', html, re.S)


def mark(client, city, reason: str = "只做干式配电小变压器，不符合本地需求"):
    return client.post(
        f"/knowledge/chains/{city.chain.code}/targets/mark/",
        {
            "segment": city.seg.transformer.id,
            "company": "002112",
            "name": "三变科技",
            "reason": reason,
        },
    )


def test_a_marked_target_leaves_that_segment_list(mini_graph, city):
    office = client_for(Role.CHAIN_OFFICE)
    assert "三变科技" in names(office, city)
    response = mark(office, city)
    assert response.status_code == 302
    assert TargetMark.objects.get().reason == "只做干式配电小变压器，不符合本地需求"
    assert "三变科技" not in names(office, city)


def test_a_mark_needs_a_reason(mini_graph, city):
    office = client_for(Role.CHAIN_OFFICE)
    page = office.get(mark(office, city, reason=" ")["Location"]).content.decode()
    assert "请填写不相关的原因" in page and TargetMark.objects.count() == 0


def test_the_marks_export_as_a_spreadsheet(mini_graph, city):
    office = client_for(Role.CHAIN_OFFICE)
    mark(office, city)
    response = office.get(f"/knowledge/chains/{city.chain.code}/marks.xlsx")
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1][:4] == ("环节", "企业名称", "企业代码", "不相关原因")
    assert rows[2][:4] == ("变压器", "三变科技", "002112", "只做干式配电小变压器，不符合本地需求")


def test_undoing_a_mark_brings_the_target_back(mini_graph, city):
    office = client_for(Role.CHAIN_OFFICE)
    mark(office, city)
    pk = TargetMark.objects.get().pk
    office.post(f"/knowledge/chains/{city.chain.code}/marks/{pk}/delete/")
    assert "三变科技" in names(office, city)


def test_a_read_only_user_cannot_mark(mini_graph, city):
    auditor = client_for(Role.AUDITOR)
    assert mark(auditor, city).status_code == 404
    assert TargetMark.objects.count() == 0
