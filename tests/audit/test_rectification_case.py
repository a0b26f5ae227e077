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


def test_an_audit_case_may_concern_no_chain_or_enterprise(auditor):
    from chainchief.casework import services as casework

    case = casework.create_case(by=auditor, kind="audit", title="审计发现问题整改（演练）",
                                text="某部门自身的资金管理问题")  # fmt: skip
    assert (case.kind, case.chain, case.enterprise) == ("audit", None, None)


def test_other_kinds_still_need_an_enterprise_or_a_chain(auditor):
    from chainchief.casework import services as casework

    with pytest.raises(casework.CaseError, match="请选择企业或产业链"):
        casework.create_case(by=auditor, title="无主体", text="无主体的企业诉求", category="other")


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
