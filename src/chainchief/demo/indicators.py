"""Monthly figures of a demo enterprise: size, trend, seasonality and noise.

Output value follows size x (1 + growth)^(years from the last month) x season x noise, so
year-on-year growth in the cockpit is close to each enterprise's growth rate. Chinese New
Year falls in January or February: both months dip, and December carries the year-end push.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

# Month factors (mean 1.0): Spring Festival dip in Jan/Feb, year-end push in Dec.
SEASON = {
    1: 0.82,
    2: 0.70,
    3: 1.02,
    4: 1.00,
    5: 1.03,
    6: 1.08,
    7: 0.98,
    8: 0.97,
    9: 1.06,
    10: 1.00,
    11: 1.08,
    12: 1.26,
}

_CENT = Decimal("0.01")


def month_window(today: datetime.date, months: int) -> list[datetime.date]:
    """The `months` first-days of month ending with the last complete month before today."""
    year, month = today.year, today.month - 1
    if month == 0:
        year, month = year - 1, 12
    out = []
    for _ in range(months):
        out.append(datetime.date(year, month, 1))
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return out[::-1]


@dataclass(frozen=True)
class Profile:
    """What drives one enterprise's series (annual output in 万元 over the last 12 months)."""

    annual_output: float
    growth: float
    revenue_ratio: float
    tax_rate: float
    output_per_employee: float  # 万元 per person per year


@dataclass(frozen=True)
class Row:
    month: datetime.date
    output_value: Decimal
    revenue: Decimal
    tax: Decimal
    employees: int


def _money(value: float) -> Decimal:
    return Decimal(f"{max(value, 0.0):.2f}").quantize(_CENT)


def series(
    rng: random.Random,
    profile: Profile,
    months: list[datetime.date],
    established: datetime.date | None = None,
) -> list[Row]:
    """One row per month (none before the enterprise was established)."""
    rows = []
    last = len(months) - 1
    base_employees = max(5.0, profile.annual_output / profile.output_per_employee)
    for i, month in enumerate(months):
        noise = rng.gauss(1.0, 0.06)
        if established and month < established.replace(day=1):
            continue
        years_back = (last - i) / 12
        trend = (1 + profile.growth) ** (-years_back)
        output = profile.annual_output / 12 * trend * SEASON[month.month] * max(noise, 0.5)
        revenue = output * profile.revenue_ratio * rng.uniform(0.96, 1.04)
        tax = revenue * profile.tax_rate * rng.uniform(0.8, 1.2)
        staff = base_employees * (trend**0.4) * (0.93 if month.month == 2 else 1.0)
        rows.append(Row(month, _money(output), _money(revenue), _money(tax), max(3, round(staff))))
    return rows
