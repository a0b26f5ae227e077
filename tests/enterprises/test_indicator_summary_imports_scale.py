"""Imports write in bulk, past the signals: the indicator summary still equals the raw sums."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from chainchief.enterprises import summary
from chainchief.enterprises.importing import import_file
from tests.enterprises.fixtures.imports import (
    ENTERPRISE_HEADERS,
    INDICATOR_HEADERS,
    code,
    enterprise_row,
    make_city,
    write_xlsx,
)
from tests.enterprises.test_indicator_summary_scale import assert_exact

pytestmark = pytest.mark.django_db

JAN, FEB, MAR = (datetime.date(2026, m, 1) for m in (1, 2, 3))


@pytest.fixture
def city():
    return make_city()


def imported(path, kind: str) -> None:
    report = import_file(path, kind, dry_run=False)
    assert report.errors == [] and report.applied


def test_the_summary_follows_imports_of_enterprises_and_indicators(city, tmp_path):
    rows = [enterprise_row(1), enterprise_row(2, 所属产业链="", 所属环节="")]
    imported(write_xlsx(tmp_path / "e.xlsx", ENTERPRISE_HEADERS, rows), "enterprises")
    indicators = [
        [code(1), "2026-01", 100, 90, 5, 12],
        [code(1), "2026-02", 110, 95, 6, 12],
        [code(2), "2026-01", 40, 30, 2, 8],
    ]
    imported(write_xlsx(tmp_path / "i.xlsx", INDICATOR_HEADERS, indicators), "indicators")
    assert summary.total(JAN, FEB, [city.grid.pk]) == Decimal("210")
    assert_exact()

    # Re-import: one month changed, one added; the second enterprise joins the chain.
    indicators = [[code(1), "2026-02", 150, 95, 6, 12], [code(2), "2026-03", 50, 40, 3, 8]]
    imported(write_xlsx(tmp_path / "j.xlsx", INDICATOR_HEADERS, indicators), "indicators")
    rows = [enterprise_row(1), enterprise_row(2)]
    imported(write_xlsx(tmp_path / "f.xlsx", ENTERPRISE_HEADERS, rows), "enterprises")

    assert summary.total(JAN, MAR, [city.grid.pk]) == Decimal("100") + 150 + 40 + 50
    assert_exact()
