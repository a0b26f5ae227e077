"""Rectification runs on the one supervision workflow: a case of kind 审计整改."""

import datetime

import pytest

from chainchief.audit import rectification as rs
from chainchief.casework.models import Case

pytestmark = pytest.mark.django_db
D = datetime.date


def test_a_finding_opens_a_case_assigned_to_its_unit(record, unit):
    finding = record()
    case = Case.objects.get(pk=finding.rectification.case_id)
    assert (case.kind, case.state, case.lead_department) == ("audit", "assigned", unit)


def test_the_case_holds_no_finding_text(record):
    finding = record(summary="某局长违规审批")
    case = Case.objects.get(pk=finding.rectification.case_id)
    assert "违规审批" not in case.title + case.text
    assert finding.number in case.title


def test_closing_the_rectification_closes_the_case(record, handler, auditor):
    rect = record(found_on=D(2026, 4, 1)).rectification
    rs.file_plan(rect=rect, by=handler, kind="immediate", measures="补办", responsible_person="李",
                 due_on=D(2026, 5, 30), filed_on=D(2026, 4, 10))  # fmt: skip
    rs.confirm_plan(rect=rect, by=auditor)
    rs.report_progress(rect=rect, by=handler, text="已补办")
    rs.submit_for_review(rect=rect, by=handler)
    assert Case.objects.get(pk=rect.case_id).state == "answered"
    rs.review(rect=rect, by=auditor, outcome="done", closing_record="核对无误")
    case = Case.objects.get(pk=rect.case_id)
    assert case.state == "closed"
    assert list(case.events.values_list("action", flat=True)) == [
        "raise", "assign", "start", "audit_plan_confirmed", "answer", "close",
    ]  # fmt: skip
