"""Validation of the identifiers and quantities users type: credit codes, district codes,
money in 万元 or 亿元, months, product lists. Plain Python, used by forms, imports and the API."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal, InvalidOperation

# GB 32100-2015: 18 characters from this alphabet (no I, O, Z, S, V), the last a check character.
USCI_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCI_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
# GB/T 2260 province-level prefixes.
PROVINCE_CODES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82".split()
)


class InvalidValue(ValueError):
    """A value that cannot be accepted; the message is for the user, in Chinese."""


def usci_check_char(first17: str) -> str:
    total = sum(USCI_ALPHABET.index(c) * w for c, w in zip(first17, USCI_WEIGHTS, strict=True))
    return USCI_ALPHABET[(31 - total % 31) % 31]


def normalize_credit_code(value: str) -> str:
    """The code upper-cased and checked; raises InvalidValue with the reason."""
    code = (value or "").strip().upper().replace(" ", "")
    if not code:
        raise InvalidValue("统一社会信用代码不能为空")
    if len(code) != 18:
        raise InvalidValue(f"统一社会信用代码应为 18 位，实际 {len(code)} 位")
    bad = [c for c in code if c not in USCI_ALPHABET]
    if bad:
        raise InvalidValue(f"统一社会信用代码含有不允许的字符“{bad[0]}”（不使用 I、O、Z、S、V）")
    if code[2:4] not in PROVINCE_CODES:
        raise InvalidValue(f"统一社会信用代码第 3–8 位应为行政区划代码，“{code[2:8]}”无效")
    expected = usci_check_char(code[:17])
    if code[17] != expected:
        raise InvalidValue(f"统一社会信用代码校验位错误：应为“{expected}”，实际“{code[17]}”")
    return code


def make_credit_code(body17: str) -> str:
    """A valid code from its first 17 characters (used by the demo city and tests)."""
    return body17 + usci_check_char(body17)


def normalize_district_code(value: str) -> str:
    code = str(value or "").strip()
    if code.endswith(".0"):  # spreadsheets turn codes into floats
        code = code[:-2]
    if not re.fullmatch(r"\d{6}", code):
        raise InvalidValue(f"行政区划代码应为 6 位数字，实际为“{code}”")
    if code[:2] not in PROVINCE_CODES:
        raise InvalidValue(f"行政区划代码“{code}”的省级代码无效")
    return code


_UNITS = {
    "万元": Decimal(1),
    "万": Decimal(1),
    "亿元": Decimal(10000),
    "亿": Decimal(10000),
    "元": Decimal("0.0001"),
}


def parse_money(value: object, *, default_unit: str = "万元") -> Decimal | None:
    """Money as users write it ('1.2亿元', '3500万', 3500) in 万元; None when empty."""
    if value is None:
        return None
    if isinstance(value, int | float | Decimal):
        amount = Decimal(str(value))
        unit = default_unit
    else:
        text = str(value).strip().replace(",", "").replace("，", "")
        if not text:
            return None
        m = re.fullmatch(r"(-?\d+(?:\.\d+)?)\s*(亿元|亿|万元|万|元)?", text)
        if not m:
            raise InvalidValue(f"金额“{text}”无法识别，应为数字，可带单位万元或亿元")
        amount, unit = Decimal(m.group(1)), m.group(2) or default_unit
    if amount < 0:
        raise InvalidValue("金额不能为负数")
    try:
        return (amount * _UNITS[unit]).quantize(Decimal("0.01"))
    except InvalidOperation as exc:
        raise InvalidValue("金额超出范围") from exc


def parse_month(value: object) -> datetime.date:
    """'2026-03', '2026年3月', '202603' or a date: the first day of that month."""
    if isinstance(value, datetime.datetime):
        return value.date().replace(day=1)
    if isinstance(value, datetime.date):
        return value.replace(day=1)
    text = str(value or "").strip()
    m = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})月?(?:[-/.]\d{1,2}日?)?", text) or re.fullmatch(
        r"(\d{4})(\d{2})", text
    )
    if not m:
        raise InvalidValue(f"月份“{text}”无法识别，应写作 2026-03")
    year, month = int(m.group(1)), int(m.group(2))
    if not 1 <= month <= 12 or not 1990 <= year <= 2100:
        raise InvalidValue(f"月份“{text}”超出范围")
    return datetime.date(year, month, 1)


def parse_date(value: object) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    m = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?", text)
    if not m:
        raise InvalidValue(f"日期“{text}”无法识别，应写作 2024-05-01")
    try:
        return datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError as exc:
        raise InvalidValue(f"日期“{text}”不存在") from exc


_PRODUCT_SPLIT = re.compile(r"[、,，;；/\n|]+")


def split_products(text: str) -> list[str]:
    """Main products as a list, in the order written, without blanks or repeats."""
    seen: dict[str, None] = {}
    for part in _PRODUCT_SPLIT.split(text or ""):
        part = part.strip()
        if part:
            seen.setdefault(part, None)
    return list(seen)
