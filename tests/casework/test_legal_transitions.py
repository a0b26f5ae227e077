"""Every legal step of the workflow, through the service."""

from __future__ import annotations

import pytest

from chainchief.casework import services
from chainchief.casework.models import Case, CaseUnit, Notification, State


def _go(case, action, by, **kwargs):
    return services.transition(case=case, action=action, by=by, version=case.version, **kwargs)


def test_the_dispatcher_assigns_a_lead_and_co_units_with_a_deadline(
    make_case, office, lead_department, co_department
):
    case = _go(
        make_case(), "assign", office, lead_department=lead_department,
        co_departments=[co_department],
    )  # fmt: skip
    assert case.state == State.ASSIGNED
    assert case.lead_department == lead_department
    assert case.limit_days == 10  # 技能人才, 一般: the default of the problem kind
    assert case.due_on > case.assigned_on
    assert case.units.get(role=CaseUnit.Role.CO).department == co_department


def test_the_chains_deputy_director_may_dispatch(make_case, deputy, lead_department):
    case = _go(make_case(), "assign", deputy, lead_department=lead_department)
    assert case.state == State.ASSIGNED


def test_assigning_without_a_lead_unit_is_refused(make_case, office):
    with pytest.raises(services.CaseError, match="交办必须选择主办单位"):
        _go(make_case(), "assign", office)


def test_the_dispatcher_may_refuse_to_accept_with_a_reason(make_case, office):
    case = _go(make_case(), "reject", office, comment="属于司法程序，不予受理")
    assert case.state == State.NOT_ACCEPTED
    assert case.events.last().comment == "属于司法程序，不予受理"


@pytest.mark.parametrize("start", ["assigned", "in_progress"])
def test_the_lead_unit_hands_a_wrong_assignment_back(make_case, handler, start):
    case = _go(make_case(start), "hand_back", handler, comment="应由市自然资源局办理")
    assert case.state == State.PENDING
    assert case.lead_department is None
    assert case.hand_back_count == 1
    assert not case.units.exists()


def test_the_lead_unit_signs_for_the_case(make_case, handler):
    case = _go(make_case("assigned"), "start", handler)
    assert case.state == State.IN_PROGRESS


def test_a_co_unit_answers_its_part_without_moving_the_case(make_case, co_handler):
    case = _go(make_case("in_progress"), "answer_part", co_handler, comment="已发布岗位信息")
    assert case.state == State.IN_PROGRESS
    assert case.units.get(role="co").answer == "已发布岗位信息"


def test_the_lead_unit_answers(make_case, handler, contact):
    case = _go(make_case("in_progress"), "answer", handler, comment="已推荐焊工 86 名")
    assert case.state == State.ANSWERED
    assert case.answer == "已推荐焊工 86 名"
    assert Notification.objects.filter(user=contact, case=case, kind="answered").exists()


@pytest.mark.parametrize("rating", ["satisfied", "basic"])
def test_a_satisfied_rating_closes_the_case(make_case, contact, rating):
    case = _go(make_case("answered"), "rate", contact, rating=rating, comment="好")
    assert case.state == State.CLOSED
    assert case.closed_on is not None


def test_an_unsatisfied_rating_waits_for_the_dispatcher(make_case, contact, office):
    case = _go(make_case("answered"), "rate", contact, rating="unsatisfied", comment="没解决")
    assert case.state == State.ANSWERED
    assert case.rating == "unsatisfied"
    assert Notification.objects.filter(user=office, case=case, kind="unsatisfied").exists()


def test_the_dispatcher_rates_on_behalf_and_it_is_recorded(make_case, office):
    case = _go(make_case("answered"), "rate", office, rating="satisfied", comment="电话回访")
    assert case.rated_on_behalf is True


def test_the_dispatcher_reopens_an_unsatisfied_case(make_case, contact, office):
    case = _go(make_case("answered"), "rate", contact, rating="unsatisfied", comment="没解决")
    case = _go(case, "reopen", office, comment="请重新办理")
    assert case.state == State.IN_PROGRESS
    assert case.reopen_count == 1
    assert case.rating == ""


def test_reopening_a_case_that_was_not_rated_unsatisfied_is_refused(make_case, office):
    with pytest.raises(services.CaseError, match="只有回访不满意的事项才能重办"):
        _go(make_case("answered"), "reopen", office, comment="再办")


def test_the_dispatcher_closes_an_unsatisfied_case_with_a_reason(make_case, contact, office):
    case = _go(make_case("answered"), "rate", contact, rating="unsatisfied", comment="没解决")
    case = _go(case, "close", office, comment="诉求超出政策范围，已解释")
    assert case.state == State.CLOSED
    assert case.rating == "unsatisfied"


def test_an_extension_is_asked_then_approved_once(make_case, handler, office):
    case = make_case("in_progress")
    due = case.due_on
    case = _go(case, "request_extension", handler, comment="需协调省厅", days=5)
    assert case.extension_requested_days == 5
    case = _go(case, "approve_extension", office)
    assert case.extensions == 1 and case.limit_days == 15 and case.due_on > due
    with pytest.raises(services.CaseError, match="延期最多 1 次，已延期 1 次"):
        _go(case, "request_extension", handler, comment="还要延", days=5)


def test_a_refused_extension_keeps_the_deadline(make_case, handler, office):
    case = make_case("in_progress")
    due = case.due_on
    case = _go(case, "request_extension", handler, comment="需协调", days=5)
    case = _go(case, "refuse_extension", office, comment="请按期办结")
    assert (case.due_on, case.extensions, case.extension_requested_days) == (due, 0, None)


def test_the_dispatcher_sends_a_reminder(make_case, office, handler):
    case = _go(make_case("in_progress"), "remind", office, comment="请抓紧办理")
    assert case.state == State.IN_PROGRESS
    assert Notification.objects.filter(user=handler, case=case, kind="reminder").exists()


def test_stored_case_matches_the_returned_one(make_case):
    case = make_case("closed")
    assert Case.objects.get(pk=case.pk).state == State.CLOSED
