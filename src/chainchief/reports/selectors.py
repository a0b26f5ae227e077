"""Reads for the reports: a chain's facts for a period (the same data sources as the
evaluation, so a report's figures equal the scorecard's), and who sees which report."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q, Sum
from django.http import Http404

from chainchief.accounts.models import Role
from chainchief.accounts.scoping import SEE_ALL, visible_chain_ids
from chainchief.chains.models import ChainOrgMember, DevelopmentGoal
from chainchief.enterprises.models import EnterpriseTier, MonthlyIndicator, Tier
from chainchief.evaluation import sources
from chainchief.evaluation.periods import Period
from chainchief.reports.models import Kind, Report


def can_use_reports(user) -> bool:
    return (
        user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.role != Role.ENTERPRISE_CONTACT)
    )


def can_see_audit_reports(user) -> bool:
    """The 年度审计工作报告 follows the audit module's check: the bureau and the committee."""
    from chainchief.audit.access import sees_all_audit

    return sees_all_audit(user)


def visible_reports(user):
    """Chain reports of the chains the user sees; meeting packs (every chain's scores and draft
    comments) for the office, general chiefs and auditors; audit reports for the bureau and the
    audit committee only."""
    if not can_use_reports(user):
        return Report.objects.none()
    qs = Report.objects.select_related("chain", "run", "created_by")
    ids = visible_chain_ids(user)
    q = Q() if ids is None else Q(chain_id__in=ids) & ~Q(kind=Kind.MEETING)
    q &= ~Q(kind=Kind.AUDIT_ANNUAL)
    if can_see_audit_reports(user):
        q |= Q(kind=Kind.AUDIT_ANNUAL)
    return qs.filter(q)


def get_report_for_user(user, pk) -> Report:
    report = visible_reports(user).filter(pk=pk).first()
    if report is None:
        raise Http404("报告不存在或无权查看")
    return report


def can_make_meeting_pack(user) -> bool:
    return user.is_authenticated and (
        user.is_superuser or user.role in SEE_ALL and user.role != Role.AUDITOR
    )


def _one(code: str, chain, period: Period) -> sources.Measure:
    return sources.compute(code, sources.Context([chain.pk], period))[chain.pk]


def monthly_output(chain, year: int, last_month: int) -> list[float]:
    """规上 output per month (亿元) of the chain, January to `last_month`."""
    rows = (
        MonthlyIndicator.objects.filter(
            enterprise__chains=chain,
            month__year=year,
            month__month__lte=last_month,
            enterprise__tiers__tier=Tier.ABOVE_SCALE,
        )
        .values("month")
        .annotate(total=Sum("output_value"))
        .order_by("month")
    )
    by_month = {r["month"].month: float(r["total"] or 0) / 10000 for r in rows}
    return [round(by_month.get(m, 0.0), 4) for m in range(1, last_month + 1)]


def chain_facts(chain, period: Period) -> dict:
    """Everything a chain report says, as plain data."""
    output = _one("output", chain, period)
    growth = _one("output_growth", chain, period)
    labels = {s.label: code for code, s in sources.SOURCES.items()}
    goals = []
    for goal in DevelopmentGoal.objects.filter(chain=chain, year=period.year).order_by(
        "sort", "id"
    ):
        code = labels.get(goal.indicator) or (
            "output" if goal.indicator in ("规上工业总产值", "产值") else None
        )
        actual = _one(code, chain, period).value if code and code != "manual" else None
        share = period.months / 12
        rate = (
            actual / (float(goal.target_value) * share)
            if actual is not None and goal.target_value
            else None
        )
        goals.append(
            {
                "indicator": goal.indicator,
                "unit": goal.unit,
                "target": goal.target_value,
                "actual": actual,
                "rate": rate,
                "note": goal.note,
            }
        )
    tiers = dict(
        EnterpriseTier.objects.filter(enterprise__chains=chain)
        .values_list("tier")
        .annotate(n=Count("id", distinct=True))
    )
    new_tiers = {
        Tier(t).label: len(_one(f"new_{t}", chain, period).rows)
        for t in (Tier.ABOVE_SCALE, Tier.HIGH_TECH, Tier.LITTLE_GIANT, Tier.LISTED)
    }
    from chainchief.projects.models import Project, Stage

    stages = dict(Project.objects.filter(chain=chain).values_list("stage").annotate(n=Count("id")))
    pipeline = [(Stage(s).label, stages.get(s, 0)) for s in Stage.values]
    period_projects = {
        "签约": _one("projects_signed", chain, period),
        "开工": _one("projects_started", chain, period),
        "投产": _one("projects_in_production", chain, period),
    }
    invested = _one("invested", chain, period)
    signed_investment = _one("signed_investment", chain, period)
    cases = {
        label: _one(f"cases_{w}", chain, period)
        for w, label in (("closed", "办结率"), ("on_time", "按时办结率"), ("satisfied", "满意率"))
    }
    stalled = _one("stalled_projects", chain, period)
    anchors = list(
        EnterpriseTier.objects.filter(tier=Tier.ANCHOR, chain=chain)
        .select_related("enterprise")
        .order_by("enterprise__name")
    )
    org = [
        (m.role.name, m.holder_name, m.title)
        for m in ChainOrgMember.objects.filter(chain=chain).select_related(
            "role", "user", "department"
        )
    ]
    return {
        "chain": chain,
        "period": period,
        "org": org,
        "output": output,
        "growth": growth,
        "goals": goals,
        "tiers": {Tier(k).label: v for k, v in tiers.items()},
        "new_tiers": new_tiers,
        "pipeline": pipeline,
        "period_projects": period_projects,
        "invested": invested,
        "signed_investment": signed_investment,
        "cases": cases,
        "stalled": stalled,
        "anchors": [a.enterprise.name for a in anchors],
        "monthly": monthly_output(chain, period.year, period.end.month),
        "monthly_last": monthly_output(chain, period.year - 1, period.end.month),
    }


def gap_facts(chain) -> dict:
    from chainchief.knowledge.selectors import chain_gaps

    report = chain_gaps(chain)
    leaves = [s for s in report["segments"] if s["leaf"]]
    return {
        "completeness": report["completeness"],
        "missing": [s["name"] for s in leaves if s["gap_class"] == "missing"],
        "weak": [s["name"] for s in leaves if s["gap_class"] == "weak"],
        "strong": [s["name"] for s in leaves if s["gap_class"] == "strong"],
        "segments": leaves,
        "note": report.get("note", ""),
    }


def target_facts(chain, top: int = 15) -> dict:
    from chainchief.knowledge.selectors import chain_targets

    return chain_targets(chain, top=top)


def pipeline_conversion(chain) -> dict:
    """Investment-attraction projects by source region and by segment: how many reached each stage."""
    from chainchief.projects.models import PIPELINE, Project

    reached = {s: Q(stage__in=PIPELINE[i:]) for i, s in enumerate(PIPELINE)}
    qs = Project.objects.filter(chain=chain, kind="attraction")
    result = {}
    for key, field in (("region", "source_region"), ("segment", "segment__name")):
        rows = (
            qs.values(field)
            .annotate(total=Count("id"), **{s: Count("id", filter=q) for s, q in reached.items()})
            .order_by("-total")
        )
        result[key] = [
            {"name": r[field] or "未填", "total": r["total"], **{s: r[s] for s in PIPELINE}}
            for r in rows
        ]
    return result


def today() -> datetime.date:
    from django.utils import timezone

    return timezone.localdate()
