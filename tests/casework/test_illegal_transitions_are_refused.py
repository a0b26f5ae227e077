"""Every step from every state where it is not allowed is refused with the reason."""

from __future__ import annotations

import pytest

from chainchief.casework import services
from chainchief.casework.actions import ACTIONS
from chainchief.casework.models import Case, CaseEvent

STATES = ["pending", "assigned", "in_progress", "answered", "closed", "not_accepted"]
LABELS = {
    "pending": "待受理",
    "assigned": "已交办",
    "in_progress": "办理中",
    "answered": "已答复",
    "closed": "已办结",
    "not_accepted": "不予受理",
}
ILLEGAL = [(s, a) for s in STATES for a, step in ACTIONS.items() if s not in step.sources]


@pytest.mark.parametrize(("state", "action"), ILLEGAL)
def test_it_refuses_a_step_from_a_state_that_does_not_allow_it(make_case, office, state, action):
    case = make_case(state)
    events = CaseEvent.objects.filter(case=case).count()
    label = ACTIONS[action].label
    with pytest.raises(services.CaseError, match=f"事项处于“{LABELS[state]}”状态，不能{label}"):
        services.transition(
            case=case, action=action, by=office, version=case.version, comment="理由"
        )
    stored = Case.objects.get(pk=case.pk)
    assert (stored.state, stored.version) == (state, case.version)
    assert CaseEvent.objects.filter(case=case).count() == events


def test_it_refuses_an_unknown_step(make_case, office):
    case = make_case()
    with pytest.raises(services.CaseError, match="操作“fly”不存在"):
        services.transition(case=case, action="fly", by=office, version=case.version)


def test_it_refuses_a_step_by_someone_who_may_not_take_it(make_case, contact, handler):
    case = make_case()
    with pytest.raises(services.CaseError, match="您无权对该事项执行“交办”"):
        services.transition(case=case, action="assign", by=contact, version=case.version)
    case = make_case("answered")
    with pytest.raises(services.CaseError, match="您无权对该事项执行“重办”"):
        services.transition(
            case=case, action="reopen", by=handler, version=case.version, comment="x"
        )


def test_a_co_unit_cannot_give_the_final_answer(make_case, co_handler):
    case = make_case("in_progress")
    with pytest.raises(services.CaseError, match="您无权对该事项执行“答复”"):
        services.transition(
            case=case, action="answer", by=co_handler, version=case.version, comment="已办"
        )


@pytest.mark.parametrize("action", ["reject", "hand_back", "answer", "close", "reopen"])
def test_steps_that_need_a_reason_refuse_an_empty_one(make_case, office, handler, action):
    state = {"reject": "pending", "hand_back": "assigned"}.get(action, "in_progress")
    if action in ("close", "reopen"):
        state = "answered"
    case = make_case(state)
    by = handler if action in ("hand_back", "answer") else office
    with pytest.raises(services.CaseError, match="必须填写意见或理由"):
        services.transition(case=case, action=action, by=by, version=case.version, comment=" ")


def test_a_kind_decides_who_rates(make_case, contact, office):
    from dataclasses import replace

    from chainchief.casework.kinds import PROBLEM, register

    register(replace(PROBLEM, raters=("dispatcher",)))
    try:
        case = make_case("answered")
        with pytest.raises(services.CaseError, match="您无权对该事项执行“回访评价”"):
            services.transition(
                case=case, action="rate", by=contact, version=case.version, rating="satisfied"
            )
        case = services.transition(
            case=case, action="rate", by=office, version=case.version, rating="satisfied"
        )
        assert case.state == "closed"
    finally:
        register(PROBLEM)
