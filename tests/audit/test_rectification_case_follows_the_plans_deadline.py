"""Once the bureau confirms the unit's plan, the 审计整改 case runs to the plan's completion
date (Rectification.due_on), not casework's 22 working days: its cards follow that date."""

import datetime

import pytest

from chainchief.audit import rectification as rs
from chainchief.casework import services as casework
from chainchief.casework.models import Case

pytestmark = pytest.mark.django_db
D = datetime.date


def _confirmed(record, handler, auditor, *, kind, due_on):
    rect = record(found_on=D(2026, 4, 1)).rectification
    rs.file_plan(rect=rect, by=handler, kind=kind, measures="分步整改", responsible_person="李工",
                 due_on=due_on, filed_on=D(2026, 4, 10))  # fmt: skip
    rs.confirm_plan(rect=rect, by=auditor, on=D(2026, 4, 15))
    return rect


def _card_on(rect, day) -> str:
    casework.tick(today=day)
    return Case.objects.get(pk=rect.case_id).card


def test_confirming_the_plan_sets_the_cases_deadline_to_the_completion_date(
    record, handler, auditor
):
    rect = _confirmed(record, handler, auditor, kind="phased", due_on=D(2027, 3, 31))
    case = Case.objects.get(pk=rect.case_id)
    assert (case.due_on, case.clock_started_on, case.clock) == (
        D(2027, 3, 31),
        D(2026, 4, 1),
        "answer",
    )
    assert case.events.get(action="audit_plan_confirmed").data["due_on"] == "2027-03-31"


def test_a_confirmed_one_year_plan_is_not_red_after_22_working_days(record, handler, auditor):
    rect = _confirmed(record, handler, auditor, kind="phased", due_on=D(2027, 3, 31))
    assert _card_on(rect, D(2026, 6, 1)) == ""
    assert _card_on(rect, D(2026, 11, 27)) == ""


def test_a_confirmed_plan_turns_yellow_near_its_completion_date(record, handler, auditor):
    rect = _confirmed(record, handler, auditor, kind="phased", due_on=D(2027, 3, 31))
    assert _card_on(rect, D(2027, 3, 1)) == "yellow"


def test_a_plan_not_yet_confirmed_keeps_the_30_day_plan_clock(record, handler):
    rect = record(found_on=D(2026, 4, 1)).rectification
    rs.file_plan(rect=rect, by=handler, kind="phased", measures="分步整改", responsible_person="李工",
                 due_on=D(2027, 3, 31), filed_on=D(2026, 4, 10))  # fmt: skip
    assert _card_on(rect, D(2026, 6, 1)) == "red"


def test_not_done_past_the_completion_date_turns_the_case_red(record, handler, auditor):
    rect = _confirmed(record, handler, auditor, kind="immediate", due_on=D(2026, 5, 29))
    assert _card_on(rect, D(2026, 5, 28)) != "red"
    rs.report_progress(rect=rect, by=handler, text="部分补办", reported_on=D(2026, 5, 20))
    rs.submit_for_review(rect=rect, by=handler)
    rs.review(rect=rect, by=auditor, outcome="not_done", reason="", on=D(2026, 6, 3))
    case = Case.objects.get(pk=rect.case_id)
    assert (case.state, case.due_on) == ("in_progress", D(2026, 5, 29))
    assert _card_on(rect, D(2026, 6, 4)) == "red"
