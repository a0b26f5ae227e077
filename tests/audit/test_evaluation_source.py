"""Audit feeds the evaluation: the rectification rate of a chain's projects."""

import datetime

import pytest

from chainchief.audit import rectification as rs
from chainchief.evaluation.periods import parse_period
from chainchief.evaluation.sources import Context, compute

pytestmark = pytest.mark.django_db
D = datetime.date


def test_the_rate_counts_closed_over_due_for_the_chain(record, chain, handler, auditor):
    closed = record(found_on=D(2026, 4, 1)).rectification
    record(found_on=D(2026, 4, 2), summary="未整改的问题")
    rs.file_plan(rect=closed, by=handler, kind="immediate", measures="补办",
                 responsible_person="李", due_on=D(2026, 5, 30), filed_on=D(2026, 4, 10))  # fmt: skip
    rs.confirm_plan(rect=closed, by=auditor, on=D(2026, 4, 12))
    rs.report_progress(rect=closed, by=handler, text="完成", reported_on=D(2026, 5, 1))
    rs.submit_for_review(rect=closed, by=handler)
    rs.review(rect=closed, by=auditor, outcome="done", closing_record="核对无误", on=D(2026, 5, 10))
    measure = compute("audit_rectification_rate",
                      Context(chain_ids=[chain.pk], period=parse_period("2026")))[chain.pk]  # fmt: skip
    assert measure.value == 50.0
    assert sorted(r["note"] for r in measure.rows) == ["已销号", "未销号"]
    assert all("未整改的问题" not in r["label"] for r in measure.rows)
