"""Validation of the identifiers users type: credit codes, district codes, product lists.
Money, dates and months are bounded in `chainchief.core.values` and re-exported here under
their historic names (the import specs call them from here)."""

from __future__ import annotations

import re

from chainchief.core.values import InvalidValue, parse_date, parse_money, parse_month

__all__ = [
    "InvalidValue", "make_credit_code", "normalize_credit_code", "normalize_district_code",
    "parse_date", "parse_money", "parse_month", "split_products", "usci_check_char",
]  # fmt: skip

# GB 32100-2015: 18 characters from this alphabet (no I, O, Z, S, V), the last a check character.
USCI_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCI_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
# GB/T 2260 province-level prefixes.
PROVINCE_CODES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82".split()
)


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


_PRODUCT_SPLIT = re.compile(r"[、,，;；/\n|]+")


def split_products(text: str) -> list[str]:
    """Main products as a list, in the order written, without blanks or repeats."""
    seen: dict[str, None] = {}
    for part in _PRODUCT_SPLIT.split(text or ""):
        part = part.strip()
        if part:
            seen.setdefault(part, None)
    return list(seen)
