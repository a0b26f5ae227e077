from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from chainchief.accounts.models import ChangeLog
from chainchief.enterprises.importing import import_file
from chainchief.enterprises.models import MonthlyIndicator
from tests.enterprises.fixtures.imports import INDICATOR_HEADERS, code, write_csv, write_xlsx
from tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def enterprises():
    return [EnterpriseFactory(credit_code=code(1)), EnterpriseFactory(credit_code=code(2))]


def test_it_imports_indicators_with_yi_units(enterprises, tmp_path):
    rows = [
        [code(1), "2026-03", "1.2亿", "3500万", 210.5, 320],
        [code(1), datetime.datetime(2026, 4, 1), 9000, "", None, "318"],
        [code(2), "2026年3月", "0.5亿元", 100, "1,000", None],
    ]
    path = write_xlsx(tmp_path / "指标.xlsx", INDICATOR_HEADERS, rows)

    report = import_file(path, "indicators", dry_run=False)

    assert report.errors == [] and report.created == 3
    march = MonthlyIndicator.objects.get(enterprise=enterprises[0], month=datetime.date(2026, 3, 1))
    assert (march.output_value, march.revenue, march.tax, march.employees) == (
        Decimal("12000.00"), Decimal("3500.00"), Decimal("210.50"), 320,
    )  # fmt: skip
    april = MonthlyIndicator.objects.get(enterprise=enterprises[0], month=datetime.date(2026, 4, 1))
    assert (april.output_value, april.revenue, april.employees) == (Decimal("9000"), None, 318)
    other = MonthlyIndicator.objects.get(enterprise=enterprises[1])
    assert (other.output_value, other.tax) == (Decimal("5000.00"), Decimal("1000.00"))


def test_it_upserts_by_enterprise_and_month_and_reimport_is_a_no_op(enterprises, tmp_path):
    first = write_xlsx(
        tmp_path / "a.xlsx", INDICATOR_HEADERS, [[code(1), "2026-03", 100, 200, 10, 50]]
    )
    import_file(first, "indicators", dry_run=False)
    second = write_xlsx(
        tmp_path / "b.xlsx", INDICATOR_HEADERS,
        [[code(1), "2026-03", 100, 250, 10, 50], [code(2), "2026-03", 1, 2, 3, 4]],
    )  # fmt: skip

    report = import_file(second, "indicators", dry_run=False)

    assert (report.created, report.updated, report.unchanged) == (1, 1, 0)
    assert report.changes[0].fields == ["营业收入（万元）"]
    assert MonthlyIndicator.objects.get(enterprise=enterprises[0]).revenue == Decimal("250")
    entry = ChangeLog.objects.get(action="update", object_type="enterprises.monthlyindicator")
    assert (entry.before["revenue"], entry.after["revenue"]) == ("200.00", "250.00")
    logged = ChangeLog.objects.count()

    again = import_file(second, "indicators", dry_run=False)

    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert ChangeLog.objects.count() == logged


def test_bad_indicator_rows_are_reported_and_nothing_is_written(enterprises, tmp_path):
    unknown = code(99)
    rows = [
        [code(1), "2026-03", 100, 200, 10, 50],
        [unknown, "2026-03", 1, 1, 1, 1],
        [code(2), "2026-13", 1, 1, 1, 1],
        [code(2), "2026-04", "很多", 1, 1, 1.5],
        [code(1), "2026-03", 1, 1, 1, 1],
    ]
    path = write_csv(tmp_path / "指标.csv", INDICATOR_HEADERS, rows, "utf-8-sig")

    report = import_file(path, "indicators", dry_run=False)

    assert [str(e) for e in report.errors] == [
        f"第 3 行，统一社会信用代码：企业库中没有统一社会信用代码为 {unknown} 的企业，请先导入企业",
        "第 4 行，月份：“2026-13”超出范围",
        "第 5 行，产值（万元）：“很多”无法识别，应为数字，可带单位万元或亿元",
        "第 5 行，从业人数：应为整数，实际“1.5”",
        "第 6 行，统一社会信用代码、月份：与第 2 行重复",
    ]
    assert not MonthlyIndicator.objects.exists()
