"""部门负责人: the department handler's scope for the department's cases (主办 or 协办),
acting on them like a handler; nothing of other departments."""

from __future__ import annotations

import pytest
from django.http import Http404

from chainchief.accounts.models import Role
from chainchief.casework import services
from chainchief.casework.selectors import actor_roles, get_case_for_user, visible_cases
from chainchief.casework.services import CaseError
from tests.factories import DepartmentFactory, make_user


@pytest.fixture
def head(lead_department):
    return make_user(Role.DEPARTMENT_HEAD, username="head", department=lead_department)


def test_the_head_sees_the_cases_its_department_leads_or_helps_with(make_case, head):
    led = make_case("assigned")
    make_case("pending")  # not assigned yet: no department works on it
    assert list(visible_cases(head)) == [led]


def test_the_head_of_the_co_department_sees_the_case_too(make_case, co_department):
    case = make_case("assigned")
    co_head = make_user(Role.DEPARTMENT_HEAD, username="co_head", department=co_department)
    assert get_case_for_user(co_head, case.pk) == case
    assert actor_roles(co_head, case) == {"co"}


def test_the_head_of_another_department_gets_404(make_case):
    case = make_case("assigned")
    stranger = make_user(
        Role.DEPARTMENT_HEAD,
        username="stranger_head",
        department=DepartmentFactory(name="市商务局"),
    )
    with pytest.raises(Http404):
        get_case_for_user(stranger, case.pk)


def test_a_head_without_a_department_sees_nothing(make_case):
    make_case("assigned")
    assert not visible_cases(make_user(Role.DEPARTMENT_HEAD, username="nobody_head")).exists()


def test_the_head_signs_and_answers_like_a_handler(make_case, head):
    case = make_case("assigned")
    case = services.transition(case=case, action="start", by=head, version=case.version)
    case = services.transition(
        case=case, action="answer", by=head, version=case.version, comment="已协调解决"
    )
    assert case.state == "answered"
    assert case.events.last().by == head


def test_the_head_cannot_dispatch(make_case, head):
    case = make_case("pending")
    with pytest.raises(CaseError):
        services.transition(
            case=case,
            action="assign",
            by=head,
            version=case.version,
            lead_department=head.department,
        )
