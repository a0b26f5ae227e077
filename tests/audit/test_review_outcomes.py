import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from chainchief.audit import rectification as rs
from chainchief.audit.services import AuditError

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def under_review(record, handler, auditor, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    rect = record(found_on=D(2026, 4, 1)).rectification
    rs.file_plan(rect=rect, by=handler, kind="immediate", measures="补办手续",
                 responsible_person="李工", due_on=D(2026, 5, 30), filed_on=D(2026, 4, 10))  # fmt: skip
    rs.confirm_plan(rect=rect, by=auditor, on=D(2026, 4, 12))
    rs.report_progress(
        rect=rect, by=handler, text="已补办施工许可", money_recovered=30, rules_made=1,
        people_held=2, files=[SimpleUploadedFile("许可证.pdf", b"%PDF-1.4")],
        reported_on=D(2026, 5, 1),
    )  # fmt: skip
    rs.submit_for_review(rect=rect, by=handler)
    return rect


def test_progress_adds_money_rules_people_and_evidence(under_review):
    r = under_review
    assert (r.money_recovered, r.rules_made, r.people_held, r.evidence_count) == (30, 1, 2, 1)


def test_done_closes_with_a_signed_closing_record(under_review, auditor):
    rect = rs.review(rect=under_review, by=auditor, outcome="done",
                     closing_record="核对许可证及退回资金30万元", on=D(2026, 5, 10))  # fmt: skip
    assert rect.state == "closed" and rect.closed_on == D(2026, 5, 10)
    assert "对账销号" in rect.closing_record and auditor.display_name in rect.closing_record


def test_done_without_a_closing_record_is_refused(under_review, auditor):
    with pytest.raises(AuditError, match="对账销号记录"):
        rs.review(rect=under_review, by=auditor, outcome="done")
    under_review.refresh_from_db()
    assert under_review.state == "under_review"


def test_continuing_needs_an_allowed_reason(under_review, auditor):
    with pytest.raises(AuditError, match="持续整改须选择原因"):
        rs.review(rect=under_review, by=auditor, outcome="continuing", reason="忙")
    rect = rs.review(rect=under_review, by=auditor, outcome="continuing", reason="litigation")
    assert (rect.state, rect.outcome, rect.outcome_reason) == ("in_progress", "continuing",
                                                               "litigation")  # fmt: skip


def test_partial_sends_it_back_to_the_unit(under_review, auditor):
    rect = rs.review(rect=under_review, by=auditor, outcome="partial")
    assert rect.state == "in_progress" and not rect.escalated


def test_not_done_after_the_deadline_escalates(under_review, auditor):
    rect = rs.review(rect=under_review, by=auditor, outcome="not_done", on=D(2026, 6, 2))
    assert rect.state == "in_progress" and rect.escalated


def test_review_before_the_unit_asks_for_it_is_refused(record, auditor):
    rect = record().rectification
    with pytest.raises(AuditError, match="提请认定"):
        rs.review(rect=rect, by=auditor, outcome="done", closing_record="x")
