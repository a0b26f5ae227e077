"""Evaluation periods: a month (2026-07), a quarter (2026Q3, 2026-Q3) or a year (2026).

Figures are cumulative from January (1—9月 for 2026Q3), as the statistics bureau reports them;
`previous_year` is the same months one year earlier, for growth rates.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass

_QUARTER = re.compile(r"^(\d{4})\s*-?\s*[Qq]([1-4])$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_YEAR = re.compile(r"^(\d{4})$")


class PeriodError(ValueError):
    """The text is not a period; the message is in Chinese."""


@dataclass(frozen=True)
class Period:
    code: str  # canonical: 2026Q3, 2026-07, 2026
    year: int
    start: datetime.date
    end: datetime.date

    @property
    def months(self) -> int:
        return self.end.month - self.start.month + 1

    @property
    def label(self) -> str:
        if "Q" in self.code:
            return f"{self.year}年第{self.code[-1]}季度（1—{self.end.month}月）"
        if "-" in self.code:
            return f"{self.year}年1—{self.end.month}月"
        return f"{self.year}年"

    def previous_year(self) -> Period:
        return _make(
            self.code.replace(str(self.year), str(self.year - 1), 1), self.year - 1, self.end.month
        )

    def previous(self) -> Period | None:
        """The period before this one in the same series (2026Q3 → 2026Q2, 2026Q1 → 2025Q4)."""
        if "Q" in self.code:
            q = int(self.code[-1])
            return parse_period(f"{self.year}Q{q - 1}" if q > 1 else f"{self.year - 1}Q4")
        if "-" in self.code:
            m = self.end.month
            return parse_period(f"{self.year}-{m - 1:02d}" if m > 1 else f"{self.year - 1}-12")
        return parse_period(str(self.year - 1))


def _make(code: str, year: int, end_month: int) -> Period:
    last = calendar.monthrange(year, end_month)[1]
    return Period(code, year, datetime.date(year, 1, 1), datetime.date(year, end_month, last))


def parse_period(text: str) -> Period:
    value = (text or "").strip()
    if m := _QUARTER.match(value):
        year, q = int(m[1]), int(m[2])
        return _make(f"{year}Q{q}", year, q * 3)
    if m := _MONTH.match(value):
        year, month = int(m[1]), int(m[2])
        if not 1 <= month <= 12:
            raise PeriodError(f"考核期“{text}”的月份应在 1—12 之间")
        return _make(f"{year}-{month:02d}", year, month)
    if m := _YEAR.match(value):
        return _make(value, int(value), 12)
    raise PeriodError(f"考核期“{text}”格式不对，应为 2026Q3、2026-Q3、2026-07 或 2026")
