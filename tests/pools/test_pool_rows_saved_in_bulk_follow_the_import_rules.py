"""`pools.services.save_pool_rows` writes pool rows in bulk by the rules of the pool's Excel
import: the same cell parsers and references, all or nothing, Chinese errors naming the row
and column, natural keys that update, and a change-log entry per row with the actor."""

from __future__ import annotations

from decimal import Decimal

import pytest

from chainchief.accounts.models import ChangeLog, Role
from chainchief.pools.models import FinancingProduct, TalentNeed
from chainchief.pools.services import PoolError, save_pool_rows
from tests.factories import ChainFactory, EnterpriseFactory, make_user

pytestmark = pytest.mark.django_db


def _loan(**changes) -> dict:
    row = {"provider": "示例银行衡阳分行", "name": "链上贷", "type": "贷款", "amount_min": 50,
           "amount_max": "3000万元", "is_partner_bank": "是", "chain": "POWER"}  # fmt: skip
    return row | changes


def test_valid_rows_are_stored_parsed_linked_flagged_and_logged():
    chain = ChainFactory(code="POWER", name="输变电装备")
    office = make_user(Role.CHAIN_OFFICE, "office")
    done = save_pool_rows(
        pool="capital", rows=[_loan(), _loan(name="科创贷", chain="")], by=office, is_demo=True
    )
    assert done == {"created": 2, "updated": 0}
    loan = FinancingProduct.objects.get(name="链上贷")
    assert loan.type == FinancingProduct.Type.LOAN and loan.is_partner_bank
    assert loan.amount_min == Decimal("50") and loan.amount_max == Decimal("3000")
    assert loan.chain == chain and loan.is_demo
    assert FinancingProduct.objects.get(name="科创贷").chain is None
    entries = ChangeLog.objects.filter(object_type="pools.financingproduct", action="create")
    assert entries.count() == 2 and {e.user_name for e in entries} == {"office"}


def test_a_bad_row_is_refused_naming_row_and_column_and_nothing_is_written():
    ChainFactory(code="POWER", name="输变电装备")
    rows = [_loan(), _loan(name="科创贷", type="众筹"), _loan(name="订单贷", chain="NOPE")]
    with pytest.raises(PoolError) as exc:
        save_pool_rows(pool="capital", rows=rows, by=None)
    message = str(exc.value)
    assert "第 3 行，类型：“众筹”无效" in message and "未保存任何数据" in message
    assert not FinancingProduct.objects.exists()
    rows = [_loan(), _loan(name="科创贷"), _loan(name="订单贷", chain="NOPE")]
    with pytest.raises(PoolError, match="第 4 行，产业链：.*“NOPE”不存在"):
        save_pool_rows(pool="capital", rows=rows, by=None)
    assert not FinancingProduct.objects.exists()


def test_a_limit_below_the_floor_a_duplicate_key_and_an_unknown_enterprise_are_refused():
    ChainFactory(code="POWER", name="输变电装备")
    with pytest.raises(PoolError, match="额度上限不能小于下限"):
        save_pool_rows(pool="capital", rows=[_loan(amount_min=500, amount_max=10)], by=None)
    with pytest.raises(PoolError, match="第 3 行，金融机构、产品名称：与第 2 行重复"):
        save_pool_rows(pool="capital", rows=[_loan(), _loan()], by=None)
    with pytest.raises(PoolError, match="企业库中没有“无此企业”"):
        save_pool_rows(
            pool="needs", rows=[{"enterprise": "无此企业", "position": "焊工", "headcount": 5}],
            by=None,
        )  # fmt: skip
    with pytest.raises(PoolError, match="没有这些列：colour"):
        save_pool_rows(pool="capital", rows=[_loan(colour="红")], by=None)
    assert not FinancingProduct.objects.exists() and not TalentNeed.objects.exists()


def test_a_known_key_updates_that_row_and_leaves_other_fields_alone():
    ChainFactory(code="POWER", name="输变电装备")
    enterprise = EnterpriseFactory(name="示例电气有限公司")
    need = {"enterprise": "示例电气有限公司", "position": "焊工", "headcount": 5,
            "skill_level": "中级工"}  # fmt: skip
    save_pool_rows(pool="needs", rows=[need], by=None)
    done = save_pool_rows(
        pool="needs", rows=[{"enterprise": enterprise.name, "position": "焊工", "headcount": "12人"}],
        by=None,
    )  # fmt: skip
    assert done == {"created": 0, "updated": 1}
    stored = TalentNeed.objects.get()
    assert stored.headcount == 12 and stored.skill_level == "中级工" and not stored.is_demo
