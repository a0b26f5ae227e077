"""Pools import through the one import framework: preview without writing, all or nothing,
row errors in Chinese, re-import updates by the natural key."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from chainchief.imports.registry import get_spec
from chainchief.pools.models import FinancingProduct, ResearchResult
from tests.factories import ChainFactory


def _xlsx(tmp_path, headers, rows):
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for r in rows:
        ws.append(r)
    path = tmp_path / "pool.xlsx"
    wb.save(path)
    return path


@pytest.fixture
def chain(db):
    return ChainFactory(code="POWER", name="输变电装备")


def test_research_results_import_and_update_by_title(tmp_path, chain):
    spec = get_spec("pool_research")
    path = _xlsx(
        tmp_path,
        ["成果名称", "完成单位", "成熟度", "技术就绪度", "产品与关键词"],
        [["绝缘新工艺", "南华大学", "中试", 6, "变压器、绝缘材料"]],
    )
    report = spec().run(path, dry_run=True)
    assert report.ok and report.created == 1
    assert not ResearchResult.objects.exists()
    spec().run(path, dry_run=False)
    assert ResearchResult.objects.get().maturity == "pilot"
    path = _xlsx(tmp_path, ["成果名称", "完成单位", "技术就绪度"], [["绝缘新工艺", "南华大学", 7]])
    report = spec().run(path, dry_run=False)
    assert report.updated == 1
    assert ResearchResult.objects.get().trl == 7


def test_a_bad_row_writes_nothing_and_names_row_column_and_reason(tmp_path, chain):
    spec = get_spec("pool_capital")
    path = _xlsx(
        tmp_path,
        ["金融机构", "产品名称", "类型", "额度下限（万元）", "额度上限（万元）", "产业链"],
        [
            ["甲银行", "链上贷", "贷款", 50, 3000, "输变电装备"],
            ["乙银行", "科创贷", "贷款", 500, 100, ""],
            ["丙银行", "投贷联动", "众筹", None, None, "不存在的链"],
        ],
    )
    report = spec().run(path, dry_run=False)
    messages = [str(e) for e in report.errors]
    assert "第 3 行，额度上限（万元）：额度上限不能小于下限" in messages
    assert any(m.startswith("第 4 行，类型：“众筹”无效") for m in messages)
    assert not FinancingProduct.objects.exists()
