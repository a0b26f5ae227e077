"""Business-scope boilerplate names what a company does not do: it never makes a match."""

from __future__ import annotations

from chainchief.knowledge.engine.matching import match_text
from chainchief.knowledge.names import strip_boilerplate
from tests.knowledge.context_graph import build


def test_what_a_scope_excludes_is_not_matched():
    index = build()
    text = "一般项目：开关柜制造；普通货物仓储（不含变压器、电缆）（依法须经批准的项目，经相关部门批准后方可开展经营活动）"
    assert set(match_text(index, text).values()) == {"开关柜"}


def test_an_exception_clause_is_cut_up_to_its_end():
    assert "电缆" not in strip_boilerplate("除电缆外的五金销售；开关柜")
    assert "开关柜" in strip_boilerplate("除电缆外的五金销售；开关柜")


def test_a_licensed_item_is_still_matched():
    index = build()
    assert set(match_text(index, "许可项目：电缆生产").values()) == {"电缆"}
