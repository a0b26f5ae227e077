"""A chain file with a code outside the one pattern, or a number that is not finite or out of
range, is refused with where and why; nothing is written and every page keeps working."""

from __future__ import annotations

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile

from chainchief.accounts.models import Role
from chainchief.chains.models import Chain, Segment
from tests.factories import make_user


def _file(**kw) -> dict:
    return {
        "format": "chainchief.chain/1",
        "code": "PWR",
        "name": "输变电装备产业链",
        "segments": {"midstream": [{"name": "变压器", "terms": ["变压器"]}]},
        **kw,
    }


def _upload(client, data: dict | str):
    text = data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True)
    upload = SimpleUploadedFile("chain.yaml", text.encode(), content_type="application/x-yaml")
    return client.post("/chains/upload/", {"file": upload}, follow=True)


@pytest.fixture
def office(client, db):
    user = make_user(Role.CHAIN_OFFICE, "office")
    client.force_login(user)
    return user


@pytest.mark.parametrize(
    "data, message",
    [
        (_file(code="A/B"), "产业链代码“A/B”无效"),
        (_file(code="<b>X</b>"), "产业链代码“&lt;B&gt;X&lt;/B&gt;”无效"),
        (_file(code="pwr-2"), "产业链代码“PWR-2”无效"),
        (_file(code="A" * 21), "最多 20 位"),
        (
            "format: chainchief.chain/1\ncode: PWR\nname: 输变电\nsegments:\n"
            "  midstream:\n  - name: 变压器\n    weight: 1.0e+400\n",
            "权重 weight必须是有限的数字",
        ),
        (
            _file(segments={"midstream": [{"name": "变压器", "weight": 5000}]}),
            "权重 weight应在 0 到 1000 之间",
        ),
        (
            _file(goals=[{"indicator": "产值", "unit": "亿元", "year": 99999, "target": 1}]),
            "年度应在 1900 到 2100 之间",
        ),
        (_file(name="长" * 101), "名称不能超过 100 个字"),
    ],
)
def test_a_bad_value_is_refused_and_nothing_is_written(client, office, data, message):
    page = _upload(client, data).content.decode()
    assert "导入失败，未做任何修改" in page and message in page
    assert not Chain.objects.exists() and not Segment.objects.exists()
    assert client.get("/chains/").status_code == 200
    assert client.get("/").status_code == 200


def test_a_valid_file_is_loaded_with_its_code_upper_cased(client, office):
    page = _upload(client, _file(code="power_grid")).content.decode()
    assert "已新建产业链" in page
    assert Chain.objects.get().code == "POWER_GRID"
