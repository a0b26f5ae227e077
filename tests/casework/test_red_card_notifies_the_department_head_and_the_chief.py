"""红牌督办 reaches the 主办 handlers and, as the kind's data says, the 主办 unit's head and the
chain's chief (default); a kind naming only "lead_head" (audit rectification) reaches the unit's
head but not the chief. Yellow cards stay with the handlers."""

from __future__ import annotations

import dataclasses
import datetime

import pytest

from chainchief.accounts.models import Role
from chainchief.casework import kinds, notify
from chainchief.casework.models import Case, Notification
from tests.factories import make_user


@pytest.fixture
def head(lead_department):
    return make_user(Role.DEPARTMENT_HEAD, username="head", department=lead_department)


@pytest.fixture
def carded(make_case):
    def card(colour: str) -> Case:
        case = make_case("in_progress")
        Case.objects.filter(pk=case.pk).update(card=colour, due_on=datetime.date(2026, 9, 15))
        return Case.objects.get(pk=case.pk)

    return card


def _told(user) -> list[str]:
    return list(Notification.objects.filter(user=user).values_list("kind", flat=True))


def test_red_reaches_the_handler_the_head_and_the_chief(carded, head, handler, city):
    notify.escalations([carded("red")])
    assert _told(head) == ["red"]
    assert "red" in _told(handler)
    assert _told(city.users[Role.CHAIN_CHIEF]) == ["red"]


def test_yellow_does_not_reach_the_head_or_the_chief(carded, head, handler, city):
    notify.escalations([carded("yellow")])
    assert _told(head) == []
    assert _told(city.users[Role.CHAIN_CHIEF]) == []
    assert "yellow" in _told(handler)


def test_a_kind_that_names_only_the_units_head_leaves_the_chief_out(carded, head, city):
    case = carded("red")
    problem = kinds.get_kind("problem")
    kinds.register(dataclasses.replace(problem, red_notifies=("lead_head",)))
    try:
        notify.escalations([case])
    finally:
        kinds.register(problem)
    assert _told(head) == ["red"]
    assert _told(city.users[Role.CHAIN_CHIEF]) == []


def test_a_second_run_sends_nothing_again(carded, head):
    case = carded("red")
    notify.escalations([case])
    assert notify.escalations([case]) == 0
    assert _told(head) == ["red"]
