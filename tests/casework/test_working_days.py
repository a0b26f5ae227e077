"""Working-day arithmetic on the real Chinese calendar, 调休 Saturdays and Sundays included."""

from __future__ import annotations

import datetime

import pytest

from chainchief.casework import calendar, services

D = datetime.date


def test_spring_festival_days_do_not_count_but_the_make_up_saturdays_do():
    # 2026: 15–23 Feb off; Saturday 14 Feb and Saturday 28 Feb are working days.
    assert calendar.is_workday(D(2026, 2, 14)) is True
    assert calendar.is_workday(D(2026, 2, 16)) is False
    assert calendar.working_days_between(D(2026, 2, 13), D(2026, 2, 24)) == 2
    assert calendar.add_working_days(D(2026, 2, 12), 3) == D(2026, 2, 24)


def test_national_day_days_do_not_count_but_the_make_up_days_do():
    # 2026: 1–7 Oct off (with 25 Sep, 中秋); Sunday 20 Sep and Saturday 10 Oct are working days.
    assert calendar.is_workday(D(2026, 9, 20)) is True
    assert calendar.is_workday(D(2026, 9, 25)) is False
    assert calendar.add_working_days(D(2026, 9, 30), 2) == D(2026, 10, 9)
    assert calendar.add_working_days(D(2026, 9, 30), 3) == D(2026, 10, 10)
    assert calendar.working_days_between(D(2026, 9, 24), D(2026, 10, 12)) == 7


def test_a_deadline_of_one_working_day_from_a_friday_is_the_monday():
    assert calendar.add_working_days(D(2026, 11, 20), 1) == D(2026, 11, 23)
    assert calendar.working_days_between(D(2026, 11, 20), D(2026, 11, 23)) == 1


def test_a_year_nobody_knows_counts_monday_to_friday_and_is_reported_missing():
    assert 2027 not in calendar.package_years()
    assert calendar.missing_years(D(2026, 11, 27)) == [2027]
    assert calendar.is_workday(D(2027, 2, 8)) is True  # a Monday, no notice yet


def test_an_office_notice_makes_the_year_known(db, django_user_model):
    office = django_user_model.objects.create(username="o", role="chain_office")
    services.enter_calendar_notice(
        year=2027,
        holidays="2027-02-06~2027-02-13",
        workdays="2027-02-14, 2027-02-20",
        notice="国办发明电〔2026〕X号",
        by=office,
    )
    assert calendar.missing_years(D(2026, 11, 27)) == []
    assert calendar.is_workday(D(2027, 2, 8)) is False
    assert calendar.is_workday(D(2027, 2, 14)) is True  # a Sunday made a working day
    assert calendar.add_working_days(D(2027, 2, 5), 1) == D(2027, 2, 14)


@pytest.mark.parametrize(
    ("holidays", "workdays", "message"),
    [
        ("2027-13-01", "", "放假日期：“2027-13-01”不是日期"),
        ("2026-10-01", "", "放假日期：2026-10-01 不在 2027 年"),
        ("", "", "放假日期不能为空"),
        ("2027-02-06", "2027-02-06", "2027-02-06 同时出现在放假日期和调休上班日期中"),
    ],
)
def test_a_bad_notice_is_refused_naming_the_field(db, holidays, workdays, message):
    with pytest.raises(services.CaseError, match=message):
        services.enter_calendar_notice(year=2027, holidays=holidays, workdays=workdays, by=None)
