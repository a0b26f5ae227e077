"""The one place that decides which typed values may be stored: money in 万元, areas, years,
weights, percentages, counts, dates, identifiers in query strings and chain codes.

Forms, the API, imports and commands all call these (directly or through a service), so a
value that could not be shown afterwards is refused with a Chinese message and never saved.
Plain Python; `enterprises.validators` re-exports the parsers under their historic names.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.validators import MaxValueValidator, MinValueValidator


class InvalidValue(ValueError):
    """A value that cannot be accepted; the message is for the user, in Chinese."""


@dataclass(frozen=True)
class Bound:
    """A finite number between minimum and maximum, kept to `places` decimals."""

    label: str
    minimum: Decimal
    maximum: Decimal
    places: int = 2
    unit: str = ""

    @property
    def _unit(self) -> str:
        return f" {self.unit}" if self.unit else ""

    def check(self, value: object, *, label: str | None = None) -> Decimal | None:
        """The value as a Decimal within bounds; None when empty. Raises InvalidValue."""
        name = label or self.label
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, bool):
            raise InvalidValue(f"{name}应为数字")
        try:
            number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
        except (InvalidOperation, ValueError) as exc:
            raise InvalidValue(f"{name}“{value}”不是数字") from exc
        if not number.is_finite():
            raise InvalidValue(f"{name}必须是有限的数字")
        if number < self.minimum or number > self.maximum:
            raise InvalidValue(
                f"{name}应在 {_plain(self.minimum)} 到 {_plain(self.maximum)}{self._unit} 之间，"
                f"实际为 {_short(number)}"
            )
        quantum = Decimal(1).scaleb(-self.places)
        return number.quantize(quantum)

    def validators(self) -> list:
        """Model/form validators with the same bounds (admin and ModelForms agree)."""
        message = (
            f"{self.label}应在 {_plain(self.minimum)} 到 {_plain(self.maximum)}{self.unit} 之间"
        )
        return [
            MinValueValidator(self.minimum, message=message),
            MaxValueValidator(self.maximum, message=message),
        ]


def _plain(number: Decimal) -> str:
    return f"{number:f}".rstrip("0").rstrip(".") if "." in f"{number:f}" else f"{number:f}"


def _short(number: Decimal) -> str:
    text = _plain(number) if abs(number.adjusted()) < 20 else f"{number:.3E}"
    return text if len(text) <= 30 else text[:30] + "…"


# 10 万亿元 in 万元: above any city's or enterprise's figure, far below what the columns hold.
MONEY = Bound("金额", Decimal(0), Decimal("1000000000"), unit="万元")
AREA_MU = Bound("用地面积", Decimal(0), Decimal("1000000"), unit="亩")
WEIGHT = Bound("权重", Decimal(0), Decimal("1000"))
PERCENT = Bound("百分比", Decimal(-100), Decimal(1000), unit="%")
GOAL_TARGET = Bound("目标值", Decimal("-1000000000000"), Decimal("1000000000000"))
COUNT = Bound("人数", Decimal(0), Decimal(10_000_000), places=0)
YEAR_MIN, YEAR_MAX = 1900, 2100
YEAR = Bound("年度", Decimal(YEAR_MIN), Decimal(YEAR_MAX), places=0)

_UNITS = {
    "万元": Decimal(1),
    "万": Decimal(1),
    "亿元": Decimal(10000),
    "亿": Decimal(10000),
    "元": Decimal("0.0001"),
}
_MONEY_TEXT = re.compile(r"([-+]?\d{1,40}(?:\.\d{1,40})?)\s*(亿元|亿|万元|万|元)?")


def parse_money(
    value: object, *, default_unit: str = "万元", label: str = "金额"
) -> Decimal | None:
    """Money as users write it ('1.2亿元', '3500万', 3500) in 万元, bounded; None when empty."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise InvalidValue(f"{label}应为数字")
    if isinstance(value, int | float | Decimal):
        try:
            amount = Decimal(str(value))
        except InvalidOperation as exc:
            raise InvalidValue(f"{label}“{value}”不是数字") from exc
        unit = default_unit
    else:
        text = str(value).strip().replace(",", "").replace("，", "")
        if not text:
            return None
        m = _MONEY_TEXT.fullmatch(text)
        if not m:
            shown = text if len(text) <= 30 else text[:30] + "…"
            raise InvalidValue(f"{label}“{shown}”无法识别，应为数字，可带单位万元或亿元")
        amount, unit = Decimal(m.group(1)), m.group(2) or default_unit
    if not amount.is_finite():
        raise InvalidValue(f"{label}必须是有限的数字")
    if amount < 0:
        raise InvalidValue(f"{label}不能为负数")
    return MONEY.check(amount * _UNITS[unit], label=label)


def parse_date(value: object, *, label: str = "日期") -> datetime.date | None:
    """A date as users write it (2024-05-01, 2024/5/1, 2024年5月1日), years 1900–2100."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        if not YEAR_MIN <= value.year <= YEAR_MAX:
            raise InvalidValue(f"{label}“{value.isoformat()}”超出范围（{YEAR_MIN}–{YEAR_MAX} 年）")
        return value
    text = str(value).strip()
    m = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?", text)
    if not m:
        shown = text if len(text) <= 30 else text[:30] + "…"
        raise InvalidValue(f"{label}“{shown}”无法识别，应写作 2024-05-01")
    try:
        day = datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError as exc:
        raise InvalidValue(f"{label}“{text}”不存在") from exc
    return parse_date(day, label=label)


def parse_month(value: object) -> datetime.date:
    """'2026-03', '2026年3月', '202603' or a date: the first day of that month."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        if not 1990 <= value.year <= YEAR_MAX:
            raise InvalidValue(f"月份“{value:%Y-%m}”超出范围")
        return value.replace(day=1)
    text = str(value or "").strip()
    m = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})月?(?:[-/.]\d{1,2}日?)?", text) or re.fullmatch(
        r"(\d{4})(\d{2})", text
    )
    if not m:
        shown = text if len(text) <= 30 else text[:30] + "…"
        raise InvalidValue(f"月份“{shown}”无法识别，应写作 2026-03")
    year, month = int(m.group(1)), int(m.group(2))
    if not 1 <= month <= 12 or not 1990 <= year <= YEAR_MAX:
        raise InvalidValue(f"月份“{text}”超出范围")
    return datetime.date(year, month, 1)


# Database ids are 64-bit; anything else in a query string is not an id.
_MAX_ID = 2**63 - 1
_ASCII_DIGITS = re.compile(r"[0-9]{1,19}")


def parse_id(value: object) -> int | None:
    """An id from a query string or path; None for anything that cannot be one
    ('²', '-1', '99999999999999999999999', lists of values)."""
    if isinstance(value, list | tuple):
        value = value[-1] if value else None
    if isinstance(value, int) and not isinstance(value, bool):
        return value if 0 < value <= _MAX_ID else None
    text = str(value or "").strip()
    if not _ASCII_DIGITS.fullmatch(text):
        return None
    number = int(text)
    return number if 0 < number <= _MAX_ID else None


def query_text(params, key: str, *, max_length: int = 200) -> str:
    """One text value of a query (the last when repeated), stripped and bounded."""
    getlist = getattr(params, "getlist", None)
    if getlist is not None:
        values = getlist(key)
        value = values[-1] if values else ""
    else:
        value = params.get(key, "")
        if isinstance(value, list | tuple):
            value = value[-1] if value else ""
    return without_nul(str(value if value is not None else "")).strip()[:max_length]


def without_nul(value):
    """Text without NUL characters (PostgreSQL refuses them in text); other values as given.
    Lists and dicts of text are cleaned too (product terms, reasons)."""
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, list | tuple):
        return type(value)(without_nul(v) for v in value)
    if isinstance(value, dict):
        return {k: without_nul(v) for k, v in value.items()}
    return value


CHAIN_CODE = re.compile(r"[A-Z][A-Z0-9_]{0,19}")
CHAIN_CODE_HELP = "以大写字母开头，只含大写字母、数字和下划线，最多 20 位（如 POWER_GRID）"


def normalize_chain_code(value: object) -> str:
    """A chain code upper-cased and checked against the one pattern used in URLs and files."""
    code = str(value if value is not None else "").strip().upper()
    if not CHAIN_CODE.fullmatch(code):
        shown = code if len(code) <= 30 else code[:30] + "…"
        raise InvalidValue(f"产业链代码“{shown}”无效：{CHAIN_CODE_HELP}")
    return code
