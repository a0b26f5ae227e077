from __future__ import annotations

import pytest

from chainchief.enterprises.importing import import_file
from tests.enterprises.fixtures.imports import ENTERPRISE_HEADERS, enterprise_row, write_xlsx

pytestmark = pytest.mark.django_db


def test_a_bad_credit_code_does_not_hide_the_district_and_chain_errors(city, tmp_path):
    row = enterprise_row(1, 统一社会信用代码="91430400MA5L000010", 行政区划代码="石鼓",
                         所属产业链="不存在的链")  # fmt: skip
    report = import_file(write_xlsx(tmp_path / "a.xlsx", ENTERPRISE_HEADERS, [row]), "enterprises")
    assert [(e.row, e.column) for e in report.errors] == [
        (2, "统一社会信用代码"), (2, "行政区划代码"), (2, "所属产业链"), (2, "所属环节"),
        (2, "所属环节"),
    ]  # fmt: skip
    assert report.errors[0].message.startswith("校验位错误")
    assert report.created == 0


def test_a_chain_may_be_named_by_its_short_name(city, tmp_path):
    row = enterprise_row(1, 所属产业链="输变电装备产业链")
    report = import_file(write_xlsx(tmp_path / "a.xlsx", ENTERPRISE_HEADERS, [row]), "enterprises")
    assert report.ok and report.created == 1
