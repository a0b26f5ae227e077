"""Every numeric column of the indicator import goes through core.values' bounds, the same
as the form and the API: 从业人数 above COUNT and amounts above MONEY are refused with the
row and the column named, and nothing is written."""

from __future__ import annotations

import pytest

from chainchief.enterprises.importing import import_file
from chainchief.enterprises.models import MonthlyIndicator
from tests.enterprises.fixtures.imports import INDICATOR_HEADERS, code, write_xlsx
from tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def _import(tmp_path, rows):
    path = write_xlsx(tmp_path / "ind.xlsx", INDICATOR_HEADERS, rows)
    return import_file(path, "indicators", dry_run=False)


def test_a_head_count_above_the_bound_is_refused_with_row_and_column(city, tmp_path):
    EnterpriseFactory(credit_code=code(1), district=city.shigu)
    report = _import(tmp_path, [[code(1), "2026-03", "100", "90", "5", "20000000"]])
    assert not report.applied
    assert [str(e) for e in report.errors] == [
        "第 2 行，从业人数：应在 0 到 10000000 之间，实际为 20000000"
    ]
    assert not MonthlyIndicator.objects.exists()


def test_an_amount_above_the_money_bound_is_refused_with_row_and_column(city, tmp_path):
    EnterpriseFactory(credit_code=code(1), district=city.shigu)
    report = _import(tmp_path, [[code(1), "2026-03", "99999999999", "90", "5", "12"]])
    assert not report.applied
    assert [str(e) for e in report.errors] == [
        "第 2 行，产值（万元）：应在 0 到 1000000000 万元 之间，实际为 99999999999"
    ]
    assert not MonthlyIndicator.objects.exists()


def test_a_fractional_head_count_is_refused(city, tmp_path):
    EnterpriseFactory(credit_code=code(1), district=city.shigu)
    report = _import(tmp_path, [[code(1), "2026-03", "100", "90", "5", "12.5"]])
    assert [str(e) for e in report.errors] == ["第 2 行，从业人数：应为整数，实际“12.5”"]


def test_figures_within_the_bounds_are_imported(city, tmp_path):
    EnterpriseFactory(credit_code=code(1), district=city.shigu)
    report = _import(tmp_path, [[code(1), "2026-03", "1.2亿", "3500万", "5", "1,200"]])
    assert report.applied, report.errors
    row = MonthlyIndicator.objects.get()
    assert (str(row.output_value), str(row.revenue), row.employees) == ("12000.00", "3500.00", 1200)
