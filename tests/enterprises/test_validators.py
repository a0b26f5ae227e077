"""The values users type: credit codes (GB 32100 check character), district codes, money in
万元/亿元/元, months, dates, product lists. Errors in Chinese that say what is wrong."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from chainchief.enterprises.validators import (
    InvalidValue,
    make_credit_code,
    normalize_credit_code,
    normalize_district_code,
    parse_date,
    parse_money,
    parse_month,
    split_products,
    usci_check_char,
)

REAL = "91350100M000100Y43"


def test_a_real_credit_code_is_valid():
    assert normalize_credit_code(REAL) == REAL


def test_lower_case_and_spaces_are_normalised():
    assert normalize_credit_code(" 91350100m000100y43 ") == REAL
    assert normalize_credit_code("9135 0100 M000 100Y43") == REAL


def test_a_wrong_check_character_names_the_right_one():
    with pytest.raises(InvalidValue) as excinfo:
        normalize_credit_code(REAL[:17] + "2")
    assert str(excinfo.value) == "统一社会信用代码校验位错误：应为“3”，实际“2”"


@pytest.mark.parametrize(("code", "n"), [(REAL[:17], 17), (REAL + "0", 19)])
def test_a_wrong_length_says_how_long_it_is(code, n):
    with pytest.raises(InvalidValue, match=f"统一社会信用代码应为 18 位，实际 {n} 位"):
        normalize_credit_code(code)


@pytest.mark.parametrize("letter", ["I", "O", "Z", "S", "V"])
def test_forbidden_letters_are_named(letter):
    with pytest.raises(InvalidValue) as excinfo:
        normalize_credit_code("91350100M000100" + letter + "4" + "3")
    assert f"含有不允许的字符“{letter}”" in str(excinfo.value)


def test_an_empty_code_is_refused():
    with pytest.raises(InvalidValue, match="统一社会信用代码不能为空"):
        normalize_credit_code("  ")


def test_a_code_with_a_bad_region_is_refused():
    code = make_credit_code("91990100M000100Y4")
    with pytest.raises(InvalidValue, match="行政区划代码"):
        normalize_credit_code(code)


def test_make_credit_code_appends_the_check_character():
    assert make_credit_code(REAL[:17]) == REAL
    assert usci_check_char(REAL[:17]) == "3"


def test_district_codes_from_spreadsheets_are_cleaned():
    assert normalize_district_code("430407.0") == "430407"
    assert normalize_district_code(430407) == "430407"


@pytest.mark.parametrize(
    ("value", "message"), [("43040", "应为 6 位数字"), ("990100", "省级代码无效")]
)
def test_bad_district_codes_are_refused(value, message):
    with pytest.raises(InvalidValue, match=message):
        normalize_district_code(value)


@pytest.mark.parametrize(
    ("value", "wan"),
    [
        ("3500", Decimal("3500.00")),
        ("3500万", Decimal("3500.00")),
        ("3500万元", Decimal("3500.00")),
        ("1.2亿元", Decimal("12000.00")),
        ("1.2亿", Decimal("12000.00")),
        ("35,000,000元", Decimal("3500.00")),
        ("1，234.5", Decimal("1234.50")),
        ("12 亿元", Decimal("120000.00")),
        (3500, Decimal("3500.00")),
        (12.5, Decimal("12.50")),
        (Decimal("0.5"), Decimal("0.50")),
    ],
)
def test_money_is_read_in_wan_yuan(value, wan):
    assert parse_money(value) == wan


def test_money_can_default_to_yi_yuan():
    assert parse_money("2", default_unit="亿元") == Decimal("20000.00")


@pytest.mark.parametrize("value", [None, "", "  "])
def test_empty_money_is_none(value):
    assert parse_money(value) is None


def test_unreadable_money_says_so():
    with pytest.raises(InvalidValue, match="金额“很多”无法识别，应为数字，可带单位万元或亿元"):
        parse_money("很多")


def test_negative_money_is_refused():
    with pytest.raises(InvalidValue, match="金额不能为负数"):
        parse_money("-5万元")


@pytest.mark.parametrize(
    "value",
    [
        "2026-03",
        "2026/3",
        "2026.03",
        "2026年3月",
        "2026年03月",
        "202603",
        "2026-03-15",
        datetime.date(2026, 3, 15),
        datetime.datetime(2026, 3, 15, 10, 0),
    ],
)
def test_months_in_many_forms_are_the_first_day(value):
    assert parse_month(value) == datetime.date(2026, 3, 1)


@pytest.mark.parametrize(
    ("value", "message"),
    [("三月", "无法识别，应写作 2026-03"), ("2026-13", "超出范围"), ("1899-01", "超出范围")],
)
def test_bad_months_say_why(value, message):
    with pytest.raises(InvalidValue, match=message):
        parse_month(value)


def test_dates_are_read_and_checked():
    assert parse_date("2024年5月1日") == datetime.date(2024, 5, 1)
    assert parse_date("2024/05/01") == datetime.date(2024, 5, 1)
    assert parse_date("") is None
    with pytest.raises(InvalidValue, match="日期“2024-02-30”不存在"):
        parse_date("2024-02-30")


def test_products_are_split_on_chinese_and_latin_separators():
    assert split_products("变压器、互感器，开关柜;电缆；变压器/ 套管\n绝缘子") == [
        "变压器",
        "互感器",
        "开关柜",
        "电缆",
        "套管",
        "绝缘子",
    ]
    assert split_products("") == []
