from __future__ import annotations

import pytest

from chainchief.casework import services
from chainchief.casework.models import Case, CaseEvent, State


def test_of_two_transitions_on_the_same_version_only_the_first_wins(
    make_case, office, deputy, lead_department
):
    case = make_case()
    stale = Case.objects.get(pk=case.pk)
    services.transition(case=case, action="reject", by=office, version=1, comment="不属实")
    with pytest.raises(services.CaseConflict, match="已被他人处理（当前状态：不予受理）"):
        services.transition(
            case=stale, action="assign", by=deputy, version=1, lead_department=lead_department
        )
    stored = Case.objects.get(pk=case.pk)
    assert (stored.state, stored.version) == (State.NOT_ACCEPTED, 2)
    assert list(CaseEvent.objects.filter(case=case).values_list("action", flat=True)) == [
        "raise",
        "reject",
    ]


def test_a_step_carrying_an_old_version_is_refused_even_from_the_same_state(
    make_case, handler, co_handler
):
    case = make_case("in_progress")
    read = case.version
    services.transition(
        case=case, action="answer_part", by=co_handler, version=read, comment="已对接"
    )
    with pytest.raises(services.CaseConflict):
        services.transition(case=case, action="answer", by=handler, version=read, comment="已办")
    assert Case.objects.get(pk=case.pk).state == State.IN_PROGRESS
