"""Each early-warning rule with data that triggers it and data that does not."""

import datetime
from decimal import Decimal

import pytest

from chainchief.accounts.changelog import acting_user
from chainchief.audit import rectification as rs
from chainchief.audit.models import EarlyWarning, EarlyWarningRule
from chainchief.audit.warnings import evaluate, run_rules
from chainchief.projects.models import Milestone, Project
from tests.factories import EnterpriseFactory, IndicatorFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 27)
D = datetime.date


def hits(code):
    return {h["subject"] for h in evaluate(EarlyWarningRule.objects.get(code=code), TODAY)}


def _project(chain, name, **kw):
    return Project.objects.create(chain=chain, name=name, **kw)


def test_started_without_signing_triggers(chain):
    p = _project(chain, "先开工项目", stage="started", started_on=D(2026, 3, 1))
    Milestone.objects.create(project=p, name="开工", planned_on=D(2026, 3, 1))
    assert hits("started_unsigned") == {"先开工项目"}


def test_started_without_milestones_triggers_and_a_planned_signed_one_does_not(chain):
    _project(
        chain, "无计划项目", stage="started", signed_on=D(2026, 1, 1), started_on=D(2026, 3, 1)
    )
    ok = _project(chain, "规范项目", stage="started", signed_on=D(2026, 1, 1),
                  started_on=D(2026, 3, 1))  # fmt: skip
    Milestone.objects.create(project=ok, name="开工", planned_on=D(2026, 3, 1))
    assert hits("started_unsigned") == {"无计划项目"}


def test_planned_investment_raised_beyond_the_threshold_triggers(chain, auditor):
    from chainchief.projects.services import create_project, update_project

    with acting_user(auditor):
        big = create_project(by=auditor, name="超概算项目", chain=chain,
                             planned_investment=Decimal("1000"))  # fmt: skip
        small = create_project(by=auditor, name="小幅调整项目", chain=chain,
                               planned_investment=Decimal("1000"))  # fmt: skip
        update_project(project=big, by=auditor, planned_investment=Decimal("1200"))
        update_project(project=small, by=auditor, planned_investment=Decimal("1050"))
    assert hits("overrun") == {"超概算项目"}


def test_investment_far_below_plan_long_after_start_triggers(chain):
    common = {"stage": "started", "planned_investment": Decimal("10000")}
    _project(chain, "滞后项目", started_on=D(2025, 6, 1), invested=Decimal("1000"), **common)
    _project(chain, "正常项目", started_on=D(2025, 6, 1), invested=Decimal("6000"), **common)
    _project(chain, "新开工项目", started_on=D(2026, 10, 1), invested=Decimal("100"), **common)
    assert hits("investment_lag") == {"滞后项目"}


def test_idle_project_with_money_reported_spent_triggers(chain):
    _project(chain, "停滞项目", stage="started", invested=Decimal("500"),
             last_progress_on=D(2026, 5, 1))  # fmt: skip
    _project(chain, "停滞未投资", stage="started", invested=Decimal("0"),
             last_progress_on=D(2026, 5, 1))  # fmt: skip
    _project(chain, "活跃项目", stage="started", invested=Decimal("500"),
             last_progress_on=D(2026, 11, 1))  # fmt: skip
    assert hits("idle_spent") == {"停滞项目"}


def _output(enterprise, before, recent):
    """24 months to 2026-10: the first 12 at `before`, the last 12 at `recent`."""
    for i in range(24):
        year, month = divmod(2024 * 12 + 10 + i, 12)
        value = before if i < 12 else recent
        IndicatorFactory(enterprise=enterprise, month=D(year, month + 1, 1), output_value=value)


def test_funded_enterprise_whose_output_fell_triggers(chain):
    """Policy funds are the project's 政策资金 field, whatever the project's kind."""
    fell, steady, unfunded = (
        EnterpriseFactory(name=n) for n in ("下滑企业", "平稳企业", "未受资助企业")
    )
    _project(chain, "下滑企业扩产", kind="attraction", investor_enterprise=fell,
             policy_funds=Decimal("300"))  # fmt: skip
    _project(chain, "平稳企业技改", kind="upgrading", investor_enterprise=steady,
             policy_funds=Decimal("200"))  # fmt: skip
    _project(chain, "未受资助企业技改", kind="upgrading", investor_enterprise=unfunded)
    _output(fell, Decimal("100"), Decimal("60"))
    _output(steady, Decimal("100"), Decimal("95"))
    _output(unfunded, Decimal("100"), Decimal("10"))
    assert hits("funded_output_fell") == {"下滑企业"}
    (hit,) = evaluate(EarlyWarningRule.objects.get(code="funded_output_fell"), TODAY)
    assert (
        hit["message"] == "企业“下滑企业”获政策资金 300.00 万元，近12个月产值较前12个月下降 40.0%"
    )
    assert hit["evidence"][0]["项目"] == "下滑企业扩产"
    assert hit["evidence"][0]["政策资金（万元）"] == "300.00"


def test_unit_with_overdue_rectification_triggers(record, unit, other_unit, audit):
    record(found_on=D(2026, 4, 1))  # plan due 2026-05-01, never filed
    record(found_on=TODAY, unit=other_unit, summary="刚交办")
    assert hits("overdue_rectification") == {unit.name}


def test_unit_with_repeat_findings_triggers(record, auditor, unit, other_unit):
    from chainchief.audit import services

    later = services.create_audit(by=auditor, year=2027, name="复审", kind="special",
                                  focus_area="investment", subject="专项债", units=[unit])  # fmt: skip
    record(found_on=D(2026, 4, 1))
    record(audit=later, found_on=D(2026, 10, 1), projects=[])
    record(unit=other_unit, summary="他局一次", projects=[])
    assert hits("repeat_unit") == {unit.name}


def test_a_closed_rectification_is_not_overdue(record, handler, auditor, unit):
    rect = record(found_on=D(2026, 4, 1)).rectification
    rs.file_plan(rect=rect, by=handler, kind="immediate", measures="补办", responsible_person="李",
                 due_on=D(2026, 5, 30), filed_on=D(2026, 4, 10))  # fmt: skip
    rs.confirm_plan(rect=rect, by=auditor)
    rs.report_progress(rect=rect, by=handler, text="完成")
    rs.submit_for_review(rect=rect, by=handler)
    rs.review(rect=rect, by=auditor, outcome="done", closing_record="核对无误")
    assert hits("overdue_rectification") == set()


def test_a_disabled_rule_stores_nothing(chain):
    _project(chain, "先开工项目", stage="started", started_on=D(2026, 3, 1))
    EarlyWarningRule.objects.filter(code="started_unsigned").update(enabled=False)
    run_rules(today=TODAY)
    assert not EarlyWarning.objects.exists()
