"""The clock: working-day limits, stops while waiting for the enterprise, cards from the
clock (黄牌 under 25 % left, 红牌 overdue), and the idempotent daily tick."""

from __future__ import annotations

import datetime

import pytest

from chainchief.casework import calendar, services
from chainchief.casework.models import Case, Notification

D = datetime.date


@pytest.fixture
def september_case(city, contact, office, handler, lead_department):
    """Raised and assigned on Tue 1 Sep 2026, answer limit 10 working days."""
    case = services.create_case(
        by=contact, title="扩产用工", text="需要焊工", category="skills",
        enterprise=city.own_enterprise, raised_on=D(2026, 9, 1),
    )  # fmt: skip
    case = services.transition(
        case=case, action="assign", by=office, version=case.version,
        lead_department=lead_department, on=D(2026, 9, 1),
    )  # fmt: skip
    return services.transition(
        case=case, action="start", by=handler, version=case.version, on=D(2026, 9, 2)
    )


def test_the_deadline_counts_working_days_across_the_mid_autumn_holiday(september_case):
    # 10 working days after 1 Sep: 2,3,4,7,8,9,10,11,14,15 → 15 Sep
    assert september_case.due_on == D(2026, 9, 15)
    assert september_case.limit_days == 10


@pytest.mark.parametrize(
    ("today", "card"),
    [
        (D(2026, 9, 10), ""),  # 3 working days left of 10: more than 25 %
        (D(2026, 9, 11), "yellow"),  # 2 left
        (D(2026, 9, 15), "yellow"),  # due today
        (D(2026, 9, 16), "red"),  # overdue
    ],
)
def test_the_card_follows_the_clock(september_case, today, card):
    assert services.card_for(september_case, today) == card


def test_the_clock_stops_while_waiting_for_the_enterprise(september_case, handler, contact):
    case = services.transition(
        case=september_case, action="request_info", by=handler, version=september_case.version,
        comment="请提供用工计划", on=D(2026, 9, 7),
    )  # fmt: skip
    assert services.card_for(case, D(2026, 10, 20)) == ""  # no card while stopped
    case = services.transition(
        case=case, action="supply_info", by=contact, version=case.version,
        comment="已上传用工计划", on=D(2026, 9, 14),
    )  # fmt: skip
    # it stood still 8–14 Sep: 5 working days; the deadline moves by as many
    assert case.paused_days == 5
    # 16, 17, 18, Sunday 20 (a 调休 working day), 21
    assert case.due_on == calendar.add_working_days(D(2026, 9, 15), 5) == D(2026, 9, 21)
    assert case.paused_since is None


def test_an_approved_extension_moves_the_deadline_and_clears_the_card(
    september_case, handler, office
):
    case = services.transition(
        case=september_case, action="request_extension", by=handler,
        version=september_case.version, comment="需省厅协调", days=5, on=D(2026, 9, 10),
    )  # fmt: skip
    case = services.transition(
        case=case, action="approve_extension", by=office, version=case.version, on=D(2026, 9, 11)
    )
    assert case.due_on == D(2026, 9, 21)
    assert services.card_for(case, D(2026, 9, 16)) == ""


def test_an_extension_after_the_deadline_is_refused(september_case, handler):
    with pytest.raises(services.CaseError, match="已超过办理期限（2026-09-15），不能再申请延期"):
        services.transition(
            case=september_case, action="request_extension", by=handler,
            version=september_case.version, comment="来不及", days=5, on=D(2026, 9, 17),
        )  # fmt: skip


def test_a_hand_back_after_two_working_days_is_refused(september_case, handler):
    with pytest.raises(
        services.CaseError, match="退回须在交办后 2 个工作日内提出，已过 3 个工作日"
    ):
        services.transition(
            case=september_case, action="hand_back", by=handler,
            version=september_case.version, comment="不归我们管", on=D(2026, 9, 4),
        )  # fmt: skip


def test_an_answer_after_the_deadline_is_not_on_time(september_case, handler):
    case = services.transition(
        case=september_case, action="answer", by=handler, version=september_case.version,
        comment="已办", on=D(2026, 9, 16),
    )  # fmt: skip
    assert case.closed_on_time is False
    assert case.working_days_used == 11


def test_the_tick_cards_and_reminds_once(september_case, handler, city):
    from chainchief.accounts.models import Role

    chief = city.users[Role.CHAIN_CHIEF]
    first = services.tick(today=D(2026, 9, 16))
    assert (first["red"], first["changed"]) == (1, 1)
    assert Case.objects.get(pk=september_case.pk).card == "red"
    assert Notification.objects.filter(user=handler, kind="red").count() == 1
    assert Notification.objects.filter(user=chief, kind="red").count() == 1
    again = services.tick(today=D(2026, 9, 16))
    assert (again["changed"], again["reminders"]) == (0, 0)
    assert Notification.objects.filter(kind="red").count() == 2


def test_the_tick_is_registered_as_a_daily_job():
    from chainchief.jobs.ticks import get_tick

    assert get_tick("casework.escalate").func_path == "chainchief.casework.jobs.escalate_overdue"
