from __future__ import annotations

from chainchief.accounts.models import ChangeLog
from chainchief.casework.models import CaseEvent, CaseUnit, Notification, State


def test_a_problem_goes_from_raised_to_closed_with_every_step_signed(
    make_case, contact, handler, co_handler, office
):
    case = make_case("closed")
    assert case.state == State.CLOSED
    assert case.version == 5
    assert case.number.startswith(f"WT{case.raised_on.year}")
    events = list(CaseEvent.objects.filter(case=case).values_list("action", "by_name"))
    assert [a for a, _ in events] == ["raise", "assign", "start", "answer", "rate"]
    assert all(name for _, name in events)
    assert "市工业和信息化局" in events[2][1]
    assert case.rating == "satisfied" and not case.rated_on_behalf
    assert case.closed_on_time is True
    assert case.working_days_used == 0
    assert set(case.units.values_list("role", flat=True)) == {CaseUnit.Role.LEAD, CaseUnit.Role.CO}


def test_every_transition_is_in_the_change_log(make_case):
    case = make_case("answered")
    updates = ChangeLog.objects.filter(
        object_type="casework.case", object_id=str(case.pk), action="update"
    )
    states = [row.after["state"] for row in updates.order_by("id")]
    assert states == ["assigned", "in_progress", "answered"]


def test_assignment_notifies_the_handlers_of_every_unit(make_case, handler, co_handler):
    case = make_case("assigned")
    assert Notification.objects.filter(user=handler, case=case, kind="assigned").exists()
    assert Notification.objects.filter(user=co_handler, case=case, kind="assigned").exists()
