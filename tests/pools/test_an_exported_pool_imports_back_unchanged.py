"""A pool's list and export use its import spec's columns: the exported sheet imports back
with nothing to change."""

from __future__ import annotations

from decimal import Decimal

import pytest

from chainchief.imports.registry import get_spec
from chainchief.pools.models import FinancingProduct
from chainchief.pools.specs import POOLS
from tests.factories import ChainFactory


@pytest.mark.parametrize("code", list(POOLS))
def test_the_list_headers_are_the_import_headers(db, code):
    pool = POOLS[code]
    wanted = [c.header for c in get_spec(pool.import_kind).columns if c.field not in pool.hidden]
    assert pool.headers() == wanted


def test_an_exported_capital_sheet_imports_back_with_no_change(client, office, tmp_path):
    chain = ChainFactory(code="POWER", name="输变电装备")
    FinancingProduct.objects.create(
        provider="示例银行", name="链上贷", type="loan", amount_min=Decimal("50"),
        amount_max=Decimal("3000"), rate="3.2%–4.5%", is_partner_bank=True, chain=chain,
        contact_name="王经理",
    )  # fmt: skip
    client.force_login(office)
    response = client.get("/pools/capital/export/")
    path = tmp_path / "capital.xlsx"
    path.write_bytes(
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    report = get_spec("pool_capital")().run(path, dry_run=True)
    assert report.ok, report.errors
    assert (report.created, report.updated) == (0, 0)
