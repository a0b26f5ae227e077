from __future__ import annotations

import datetime
from decimal import Decimal

from chainchief.projects import selectors, services
from chainchief.projects.models import Milestone, Project, Stage, WarningRule

TODAY = datetime.date.today()


def _days_ago(n: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=n)


def _annotated(project) -> Project:
    return selectors.with_warnings(Project.objects.filter(pk=project.pk)).get()


def test_a_fresh_project_has_no_warning(project):
    p = _annotated(project)
    assert p.warning == 0 and selectors.warning_labels(p) == []


def test_no_progress_for_the_configured_days_is_yellow_then_red(project):
    WarningRule.objects.create(stall_days=30)
    Project.objects.filter(pk=project.pk).update(last_progress_on=_days_ago(31))
    p = _annotated(project)
    assert p.warning == selectors.YELLOW and selectors.warning_labels(p) == ["进展停滞"]
    Project.objects.filter(pk=project.pk).update(last_progress_on=_days_ago(61))
    assert _annotated(project).warning == selectors.RED


def test_a_progress_entry_clears_the_stall(project, office):
    Project.objects.filter(pk=project.pk).update(last_progress_on=_days_ago(200))
    services.add_progress(project=project, by=office, text="已完成环评")
    assert _annotated(project).warning == 0


def test_projects_in_production_or_dropped_never_stall(make_project, office):
    done = make_project("已投产项目", stage=Stage.IN_PRODUCTION)
    Project.objects.filter(pk=done.pk).update(last_progress_on=_days_ago(400))
    assert _annotated(done).warning == 0


def test_an_overdue_milestone_is_red(project, office):
    services.add_milestone(project=project, by=office, name="完成供地", planned_on=_days_ago(1))
    p = _annotated(project)
    assert p.warning == selectors.RED and selectors.warning_labels(p) == ["节点逾期"]
    services.complete_milestone(milestone=project.milestones.get(), by=office)
    assert _annotated(project).warning == 0


def test_investment_behind_the_plan_is_yellow(project, office):
    project = services.move_stage(project=project, to_stage=Stage.NEGOTIATING, by=office)
    Milestone.objects.create(
        project=project, name="主体完工", planned_on=_days_ago(5), actual_on=_days_ago(5),
        planned_investment=Decimal("20000"),
    )  # fmt: skip
    services.add_progress(
        project=project, by=office, text="进度", invested_to_date=Decimal("15000")
    )
    p = _annotated(project)
    assert p.warning == selectors.YELLOW and selectors.warning_labels(p) == ["投资滞后"]
    services.add_progress(
        project=project, by=office, text="追上", invested_to_date=Decimal("20000")
    )
    assert _annotated(project).warning == 0


def test_the_list_filters_by_warning(make_project, office):
    red = make_project("红色项目")
    services.add_milestone(project=red, by=office, name="开工", planned_on=_days_ago(3))
    yellow = make_project("黄色项目")
    Project.objects.filter(pk=yellow.pk).update(last_progress_on=_days_ago(70))
    make_project("正常项目")
    names = lambda w: {p.name for p in selectors.project_list(office, {"warning": w})}  # noqa: E731
    assert names("red") == {"红色项目"}
    assert names("yellow") == {"黄色项目"}
    assert names("any") == {"红色项目", "黄色项目"}
    assert names("none") == {"正常项目"}


def test_chain_summary_counts_stages_warnings_and_investment(
    chain, other_chain, make_project, office
):
    a = make_project("甲", planned_investment=Decimal("10000"))
    services.add_progress(project=a, by=office, text="x", invested_to_date=Decimal("3000"))
    make_project("乙", stage=Stage.SIGNED)
    c = make_project("丙")
    Project.objects.filter(pk=c.pk).update(last_progress_on=_days_ago(400))
    summary = selectors.chain_project_summary([chain.pk, other_chain.pk])
    s = summary[chain.pk]
    assert s["total"] == 3 and s["by_stage"]["lead"] == 2 and s["by_stage"]["signed"] == 1
    assert (s["red"], s["yellow"]) == (1, 0)
    assert s["invested"] == Decimal("3000") and s["planned"] == Decimal("10000")
    assert summary[other_chain.pk]["total"] == 0


def test_the_funnel_counts_current_and_reached(make_project):
    make_project("一", planned_investment=Decimal("100"))
    make_project("二", stage=Stage.SIGNED, planned_investment=Decimal("200"))
    make_project("三", stage=Stage.STARTED)
    rows = {r["stage"]: r for r in selectors.funnel(Project.objects.all())}
    assert rows["lead"]["count"] == 1 and rows["lead"]["reached"] == 3
    assert rows["signed"]["reached"] == 2 and rows["signed"]["planned"] == Decimal("200")
    assert rows["in_production"]["reached"] == 0


def test_period_totals_count_signed_started_and_invested(make_project, office):
    p = make_project("期内项目", stage=Stage.NEGOTIATING)
    services.move_stage(
        project=p, to_stage=Stage.SIGNED, by=office, moved_on=_days_ago(10), signed_amount="900"
    )
    services.add_progress(
        project=p, by=office, text="a", invested_to_date=Decimal("500"), reported_on=_days_ago(40)
    )
    services.add_progress(
        project=p, by=office, text="b", invested_to_date=Decimal("800"), reported_on=_days_ago(5)
    )
    totals = selectors.period_totals(Project.objects.all(), _days_ago(30), TODAY)
    assert totals["signed"] == 1 and totals["started"] == 0
    assert totals["invested"] == Decimal("300")


def test_leads_by_company_code_prefers_live_leads(chain, segment, office):
    lead = services.create_lead_from_target(
        chain=chain, segment=segment, investor_name="特变电工", investor_company_code="600089",
        source_region="新疆", reasons=["主营 变压器"], by=office,
    )  # fmt: skip
    found = selectors.leads_by_company_code(chain)
    assert found == {"600089": lead}
