"""The audit pages read amounts, dates and counts through core.values (one path per field):
money as users write it, bounded, and a Chinese message naming the field when it is wrong."""

from decimal import Decimal

import pytest
from django.urls import reverse

from chainchief.audit.models import Finding

pytestmark = pytest.mark.django_db


def _post(client, audit, category, unit, **values):
    data = {"summary": "未批先建", "category": category.pk, "unit": unit.pk,
            "legal_basis": "《建筑法》第七条", "found_on": "2026-04-01"} | values  # fmt: skip
    return client.post(reverse("audit:finding_create", args=[audit.pk]), data, follow=True)


def test_an_amount_in_yi_is_stored_in_wan(client, auditor, audit, category, unit):
    client.force_login(auditor)
    _post(client, audit, category, unit, amount="1.2亿元", found_on="2026年4月1日")
    finding = Finding.objects.get()
    assert finding.amount == Decimal("12000.00")
    assert finding.found_on.isoformat() == "2026-04-01"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("amount", "很多", "涉及金额“很多”无法识别，应为数字，可带单位万元或亿元"),
        ("amount", "-5", "涉及金额不能为负数"),
        ("amount", "99999999亿元", "涉及金额应在 0 到 1000000000 万元 之间"),
        ("found_on", "2026-02-30", "发现日期“2026-02-30”不存在"),
    ],
)
def test_a_bad_value_is_refused_naming_the_field(
    client, auditor, audit, category, unit, field, value, message
):
    client.force_login(auditor)
    response = _post(client, audit, category, unit, **{field: value})
    assert message in response.content.decode()
    assert not Finding.objects.exists()


def test_progress_counts_are_bounded_with_a_message(client, record, handler):
    finding = record()
    client.force_login(handler)
    response = client.post(reverse("audit:rect_progress", args=[finding.pk]),
                           {"text": "已整改", "rules_made": "-1", "people_held": "0",
                            "version": finding.rectification.version}, follow=True)  # fmt: skip
    assert "制度建设应在 0 到 10000000 之间" in response.content.decode()
    assert not finding.rectification.progress.exists()
