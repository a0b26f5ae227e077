"""The working-day calendar (工作日历): time limits of cases count WORKING days.

A day is a working day unless it is a weekend or an official holiday, and a weekend day is
a working day when the State Council moves work onto it (调休). The source for a year is, in
order: the official notice the chain office entered (`CalendarNotice`), then the
`chinesecalendar` package for the years it knows, then plain Monday–Friday (and the
cockpit warns that the year is missing, see `missing_years`).

Arithmetic goes through a per-process table of cumulative working-day counts, so
`working_days_between` and `add_working_days` cost a dictionary look-up; the table is
rebuilt when a notice changes (`reset`).
"""

from __future__ import annotations

import datetime
import functools
import threading
from bisect import bisect_left
from dataclasses import dataclass

import chinese_calendar

_EPOCH = datetime.date(2015, 1, 1)
_SPAN_YEARS = 30
_lock = threading.Lock()


@dataclass(frozen=True)
class _Table:
    start: datetime.date
    cumulative: list[int]  # cumulative[i]: working days in [start, start + i)
    workday_ordinals: list[int]  # ordinals of every working day, ascending


_table: _Table | None = None


@functools.cache
def _package_years() -> frozenset[int]:
    return frozenset(d.year for d in chinese_calendar.holidays)


def package_years() -> set[int]:
    """The years `chinesecalendar` knows."""
    return set(_package_years())


def _notices() -> dict[int, tuple[set[datetime.date], set[datetime.date]]]:
    from chainchief.casework.models import CalendarNotice

    found = {}
    try:
        for notice in CalendarNotice.objects.all():
            found[notice.year] = (notice.holiday_dates(), notice.workday_dates())
    except Exception:  # table not migrated yet (first migrate, tooling)
        return {}
    return found


def _is_workday_by_source(day: datetime.date, notices, known: set[int]) -> bool:
    notice = notices.get(day.year)
    if notice is not None:
        holidays, workdays = notice
        if day in workdays:
            return True
        if day in holidays:
            return False
        return day.weekday() < 5
    if day.year in known:
        # chinese_calendar.is_workday, without its per-call checks (the table has 11,000 days)
        if day in chinese_calendar.workdays:
            return True
        return day.weekday() < 5 and day not in chinese_calendar.holidays
    return day.weekday() < 5


def _build() -> _Table:
    notices = _notices()
    known = package_years()
    start = _EPOCH
    days = (datetime.date(_EPOCH.year + _SPAN_YEARS, 1, 1) - start).days
    cumulative = [0] * (days + 1)
    ordinals = []
    count = 0
    for i in range(days):
        day = start + datetime.timedelta(days=i)
        if _is_workday_by_source(day, notices, known):
            count += 1
            ordinals.append(day.toordinal())
        cumulative[i + 1] = count
    return _Table(start=start, cumulative=cumulative, workday_ordinals=ordinals)


def _get() -> _Table:
    global _table
    table = _table
    if table is None:
        with _lock:
            if _table is None:
                _table = _build()
            table = _table
    return table


def reset() -> None:
    """Forget the table (a notice was entered or changed)."""
    global _table
    with _lock:
        _table = None


def _index(day: datetime.date) -> int:
    table = _get()
    i = (day - table.start).days
    if i < 0 or i >= len(table.cumulative):
        raise ValueError(f"日期 {day} 超出工作日历范围")
    return i


def is_workday(day: datetime.date) -> bool:
    i = _index(day)
    cumulative = _get().cumulative
    return cumulative[i + 1] > cumulative[i]


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start).

    A case assigned on a Friday afternoon with a deadline of one working day is due on the
    next Monday: the day of assignment itself does not count.
    """
    if end <= start:
        return 0
    cumulative = _get().cumulative
    return cumulative[_index(end) + 1] - cumulative[_index(start) + 1]


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The date `days` working days after `start` (`start` itself when days == 0)."""
    if days <= 0:
        return start
    table = _get()
    done = table.cumulative[_index(start) + 1]
    target = done + days  # the target-th working day counted from the epoch
    if target > len(table.workday_ordinals):
        raise ValueError("期限超出工作日历范围")
    return datetime.date.fromordinal(table.workday_ordinals[target - 1])


def next_workday_on_or_after(day: datetime.date) -> datetime.date:
    table = _get()
    i = bisect_left(table.workday_ordinals, day.toordinal())
    return datetime.date.fromordinal(table.workday_ordinals[i])


def known_years() -> set[int]:
    """Years with an official source (an entered notice or the package)."""
    return package_years() | set(_notices())


def missing_years(today: datetime.date) -> list[int]:
    """This year and next year when neither a notice nor the package knows them."""
    known = known_years()
    return [y for y in (today.year, today.year + 1) if y not in known]


def parse_dates(text: str, *, year: int, field: str) -> list[datetime.date]:
    """Dates from an office-entered list: one per line or separated by commas; each either
    YYYY-MM-DD or a range YYYY-MM-DD~YYYY-MM-DD. Raises ValueError naming the bad entry."""
    found: list[datetime.date] = []
    for raw in text.replace("，", ",").replace("\n", ",").split(","):
        item = raw.strip().replace("至", "~")
        if not item:
            continue
        parts = [p.strip() for p in item.split("~")]
        try:
            dates = [datetime.date.fromisoformat(p) for p in parts]
        except ValueError:
            raise ValueError(
                f"{field}：“{item}”不是日期（格式 2027-01-01 或 2027-02-05~2027-02-11）"
            ) from None
        if len(dates) == 1:
            dates = dates * 2
        if len(dates) != 2 or dates[1] < dates[0]:
            raise ValueError(f"{field}：“{item}”不是有效的日期范围")
        day = dates[0]
        while day <= dates[1]:
            if day.year != year:
                raise ValueError(f"{field}：{day} 不在 {year} 年")
            found.append(day)
            day += datetime.timedelta(days=1)
    return sorted(set(found))
