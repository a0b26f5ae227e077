"""A kind may read a case's deadline off its subject (kinds.CaseKind.subject_deadline); a
kind without that hook, like 企业诉求, keeps its table-driven answer limits."""

from __future__ import annotations

import dataclasses
import datetime

import pytest

from chainchief.casework import calendar, kinds, services
from chainchief.casework.models import Case

D = datetime.date


@pytest.fixture
def problem(office, city):
    def make(**fields):
        fields = {"category": "other", "urgency": "normal"} | fields
        return services.create_case(
            by=office, title="设备进口通关慢", text="通关时间长", chain=city.own, **fields
        )

    return make


def _assign(case, office, department, on):
    return services.transition(
        case=case, action="assign", by=office, version=case.version, on=on,
        lead_department=department,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("category", "urgency", "days"),
    [("other", "normal", 10), ("land", "normal", 15), ("land", "critical", 10)],
)
def test_a_problem_keeps_its_table_driven_limit(
    problem, office, lead_department, category, urgency, days
):
    on = D(2026, 11, 2)
    case = _assign(problem(category=category, urgency=urgency), office, lead_department, on)
    assert (case.limit_days, case.due_on) == (days, calendar.add_working_days(on, days))


def test_a_kind_with_a_subject_deadline_runs_the_clock_to_that_date(
    problem, office, lead_department
):
    original = kinds.get_kind("problem")
    kinds.register(
        dataclasses.replace(
            original,
            subject_deadline=lambda case: D(2027, 6, 30) if case.extra.get("long") else None,
            subject_deadline_steps=("remind",),
        )
    )
    try:
        long_case = _assign(problem(extra={"long": True}), office, lead_department, D(2026, 11, 2))
        short_case = _assign(problem(), office, lead_department, D(2026, 11, 2))
    finally:
        kinds.register(original)
    assert long_case.due_on == D(2027, 6, 30)
    assert long_case.limit_days == calendar.working_days_between(D(2026, 11, 2), D(2027, 6, 30))
    assert short_case.due_on == calendar.add_working_days(D(2026, 11, 2), 10)
    services.tick(today=D(2026, 12, 31))
    assert dict(Case.objects.values_list("pk", "card")) == {long_case.pk: "", short_case.pk: "red"}
