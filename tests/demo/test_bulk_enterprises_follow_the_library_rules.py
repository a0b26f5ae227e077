"""The demo creates its enterprises through enterprises.services.create_enterprises, which
applies the edit form's rules (names, credit codes, dates, segments of the chosen chains,
tiers, bounded monthly figures) to every row and writes nothing when one row breaks them."""

from __future__ import annotations

import datetime

import pytest

from chainchief.enterprises.models import Enterprise, EnterpriseTier, MonthlyIndicator
from chainchief.enterprises.services import EnterpriseError, create_enterprises
from chainchief.enterprises.validators import make_credit_code
from tests.factories import ChainFactory, DistrictFactory, SegmentFactory

pytestmark = pytest.mark.django_db


def _row(n: int, district, chain, segment, **changes) -> dict:
    row = {
        "name": f"演示企业{n}有限公司", "credit_code": make_credit_code(f"91430400MA4L{n:05d}"),
        "district": district, "main_products": "变压器", "chains": [chain],
        "segments": [segment], "tiers": [{"tier": "high_tech"}],
        "indicators": [{"month": "2026-01", "output_value": "120.5", "employees": 30}],
    }  # fmt: skip
    row.update(changes)
    return row


def test_valid_rows_are_stored_with_links_tiers_and_figures():
    district, chain = DistrictFactory(), ChainFactory()
    segment = SegmentFactory(chain=chain)
    made = create_enterprises(by=None, rows=[_row(i, district, chain, segment) for i in range(3)])
    assert Enterprise.objects.count() == 3
    assert list(made[0].segments.all()) == [segment]
    assert EnterpriseTier.objects.filter(tier="high_tech").count() == 3
    figure = MonthlyIndicator.objects.get(enterprise=made[0])
    assert (figure.month, str(figure.output_value)) == (datetime.date(2026, 1, 1), "120.50")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"credit_code": "123"}, "第 2 行"),
        ({"name": " "}, "企业名称不能为空"),
        ({"established_on": "2099-01-01"}, "成立日期不能晚于今天"),
        ({"tiers": [{"tier": "anchor"}]}, "链主企业须选择所在产业链"),
        ({"indicators": [{"month": "2026-01", "tax": "1e400"}]}, "税收"),
        ({"name": "演示企业0有限公司"}, "重复"),
    ],
)
def test_one_bad_row_is_named_and_nothing_is_written(changes, message):
    district, chain = DistrictFactory(), ChainFactory()
    segment = SegmentFactory(chain=chain)
    rows = [_row(0, district, chain, segment), _row(1, district, chain, segment, **changes)]
    with pytest.raises(EnterpriseError, match=message):
        create_enterprises(by=None, rows=rows)
    assert not Enterprise.objects.exists()
    assert not MonthlyIndicator.objects.exists()


def test_a_segment_of_another_chain_is_refused():
    district, chain, other = DistrictFactory(), ChainFactory(), ChainFactory()
    stray = SegmentFactory(chain=other)
    with pytest.raises(EnterpriseError, match="不属于所选产业链"):
        create_enterprises(by=None, rows=[_row(0, district, chain, stray)])
