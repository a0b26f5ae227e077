from __future__ import annotations

import pytest

from chainchief.enterprises.importing import import_file
from chainchief.enterprises.models import Enterprise
from tests.enterprises.fixtures.imports import (
    ENTERPRISE_HEADERS,
    enterprise_row,
    make_city,
    write_csv,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gb18030"])
def test_it_imports_csv_in_each_encoding(tmp_path, encoding):
    make_city()
    path = write_csv(
        tmp_path / "企业.csv", ENTERPRISE_HEADERS, [enterprise_row(1), enterprise_row(2)], encoding
    )

    report = import_file(path, "enterprises", dry_run=False)

    assert report.errors == []
    assert report.created == 2
    assert Enterprise.objects.get(name="衡阳测试1号电气有限公司").segments.count() == 2


def test_csv_row_numbers_match_the_lines(tmp_path):
    make_city()
    rows = [enterprise_row(1), enterprise_row(2, 行政区划代码="43040")]
    path = write_csv(tmp_path / "企业.csv", ENTERPRISE_HEADERS, rows, "gb18030")

    report = import_file(path, "enterprises", dry_run=True)

    assert [str(e) for e in report.errors] == [
        "第 3 行，行政区划代码：应为 6 位数字，实际为“43040”"
    ]


def test_other_file_types_are_refused_in_chinese(tmp_path):
    path = tmp_path / "企业.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0")

    report = import_file(path, "enterprises", dry_run=True)

    assert [str(e) for e in report.errors] == [
        "表头：不支持旧版 .xls 文件，请在 Excel 中另存为 .xlsx"
    ]


def test_a_damaged_xlsx_is_reported(tmp_path):
    path = tmp_path / "企业.xlsx"
    path.write_bytes(b"not a zip")

    report = import_file(path, "enterprises", dry_run=True)

    assert "无法读取 Excel 文件" in str(report.errors[0])
