"""Early warning (治已病、防未病): configurable rules evaluated nightly over what the platform
already holds (projects, enterprises' indicators, rectifications, findings).

Each rule (EarlyWarningRule) has a threshold, a day condition and an explanation; `evaluate`
returns plain hits with evidence rows, `run_rules` stores them as EarlyWarning rows: open
ones are refreshed (or removed when the condition is gone), converted and dismissed ones are
kept as they are. A warning becomes a finding (`convert_warning`) or is dismissed with a
reason (`dismiss_warning`).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, DecimalField, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from chainchief.accounts.changelog import record_changes, snapshot
from chainchief.audit.models import (
    EarlyWarning,
    EarlyWarningRule,
    Finding,
    Rectification,
    RectState,
    RuleCode,
    WarningStatus,
)
from chainchief.audit.services import AuditError, record_finding


def _project_row(p) -> dict:
    return {
        "项目": p.name,
        "产业链": p.chain.name,
        "阶段": p.get_stage_display(),
        "签约日期": p.signed_on.isoformat() if p.signed_on else "",
        "开工日期": p.started_on.isoformat() if p.started_on else "",
        "计划总投资（万元）": str(p.planned_investment or ""),
        "累计完成投资（万元）": str(p.invested),
        "最近进展": p.last_progress_on.isoformat(),
    }


def _projects():
    from chainchief.projects.models import Project

    return Project.objects.select_related("chain").only(
        "name", "stage", "signed_on", "started_on", "planned_investment", "invested",
        "last_progress_on", "department_id", "chain__name",
    )  # fmt: skip


def _hit(p, message: str, extra: dict | None = None) -> dict:
    return {
        "subject_key": f"project:{p.pk}",
        "subject": p.name,
        "message": message,
        "evidence": [_project_row(p) | (extra or {})],
        "project_id": p.pk,
        "unit_id": p.department_id,
    }


def started_unsigned(rule, today) -> list[dict]:
    from chainchief.projects.models import Milestone, Stage

    started = _projects().filter(stage__in=[Stage.STARTED, Stage.IN_PRODUCTION])
    with_plan = set(Milestone.objects.values_list("project_id", flat=True).distinct())
    hits = []
    for p in started.iterator(chunk_size=2000):
        reasons = []
        if p.signed_on is None or (p.started_on and p.signed_on > p.started_on):
            reasons.append("开工前未签约")
        if p.pk not in with_plan:
            reasons.append("没有节点计划")
        if reasons:
            hits.append(_hit(p, f"项目“{p.name}”已开工，但{'、'.join(reasons)}"))
    return hits


def overrun(rule, today) -> list[dict]:
    """Planned investment now vs. the first figure the change log holds for the project."""
    from chainchief.accounts.models import ChangeLog

    first: dict[int, Decimal] = {}
    logs = (
        ChangeLog.objects.filter(object_type="projects.project")
        .order_by("id")
        .values_list("object_id", "before", "after")
    )
    for object_id, before, after in logs.iterator(chunk_size=5000):
        pk = int(object_id)
        if pk in first:
            continue
        value = (before or {}).get("planned_investment") or (after or {}).get("planned_investment")
        if value not in (None, ""):
            first[pk] = Decimal(str(value))
    limit = Decimal(1) + rule.threshold / 100
    hits = []
    projects = _projects().filter(pk__in=list(first), planned_investment__isnull=False)
    for p in projects.iterator(chunk_size=2000):
        base = first[p.pk]
        if base > 0 and p.planned_investment > base * limit:
            pct = (p.planned_investment / base - 1) * 100
            hits.append(_hit(
                p, f"计划总投资由 {base} 万元调至 {p.planned_investment} 万元，上调 {pct:.1f}%",
                {"首次登记计划投资（万元）": str(base)},
            ))  # fmt: skip
    return hits


def investment_lag(rule, today) -> list[dict]:
    from chainchief.projects.models import Stage

    since = today - datetime.timedelta(days=rule.days)
    qs = _projects().filter(
        stage__in=[Stage.STARTED, Stage.IN_PRODUCTION], started_on__lte=since,
        planned_investment__gt=0,
    )  # fmt: skip
    hits = []
    for p in qs.iterator(chunk_size=2000):
        pct = p.invested / p.planned_investment * 100
        if pct < rule.threshold:
            hits.append(_hit(
                p, f"开工 {(today - p.started_on).days} 天，累计完成投资仅为计划的 {pct:.1f}%"
            ))  # fmt: skip
    return hits


def idle_spent(rule, today) -> list[dict]:
    from chainchief.projects.models import Stage

    since = today - datetime.timedelta(days=rule.days)
    qs = _projects().filter(
        stage=Stage.STARTED, last_progress_on__lte=since, invested__gt=rule.threshold
    )
    return [
        _hit(p, f"{(today - p.last_progress_on).days} 天无进展，但已报告完成投资 {p.invested} 万元")
        for p in qs.iterator(chunk_size=2000)
    ]


def funded_output_fell(rule, today) -> list[dict]:
    """Enterprises whose projects received policy funds (Project.policy_funds > 0) and whose
    last 12 months of output fell more than `threshold` % below the 12 months before."""
    from chainchief.enterprises.models import Enterprise, MonthlyIndicator
    from chainchief.projects.models import Project

    funded_projects = Project.objects.filter(policy_funds__gt=0, investor_enterprise__isnull=False)
    grants: dict[int, list[tuple[str, Decimal]]] = defaultdict(list)
    for enterprise_id, name, amount in funded_projects.values_list(
        "investor_enterprise_id", "name", "policy_funds"
    ).order_by("id"):
        grants[enterprise_id].append((name, amount))
    if not grants:
        return []
    funded = funded_projects.values("investor_enterprise_id")
    latest = MonthlyIndicator.objects.filter(enterprise_id__in=funded).order_by("-month").first()
    if latest is None:
        return []
    end = latest.month
    mid = datetime.date(end.year - 1, end.month, 1)
    start = datetime.date(end.year - 2, end.month, 1)
    money = DecimalField(max_digits=20, decimal_places=2)
    rows = (
        MonthlyIndicator.objects.filter(enterprise_id__in=funded, month__gt=start, month__lte=end)
        .values("enterprise_id")
        .annotate(
            recent=Coalesce(Sum("output_value", filter=Q(month__gt=mid)), 0, output_field=money),
            before=Coalesce(Sum("output_value", filter=Q(month__lte=mid)), 0, output_field=money),
        )
    )
    falling = {}
    for r in rows:
        if r["before"] > 0:
            drop = (1 - r["recent"] / r["before"]) * 100
            if drop > rule.threshold:
                falling[r["enterprise_id"]] = (r, drop)
    names = dict(Enterprise.objects.filter(pk__in=list(falling)).values_list("pk", "name"))
    hits = []
    for pk, (r, drop) in falling.items():
        total = sum((amount for _, amount in grants[pk]), Decimal(0))
        hits.append({
            "subject_key": f"enterprise:{pk}",
            "subject": names[pk],
            "message": f"企业“{names[pk]}”获政策资金 {total} 万元，"
                       f"近12个月产值较前12个月下降 {drop:.1f}%",
            "evidence": [
                {
                    "企业": names[pk],
                    "项目": project,
                    "政策资金（万元）": str(amount),
                    "截至月份": end.strftime("%Y-%m"),
                    "近12个月产值（万元）": str(r["recent"]),
                    "前12个月产值（万元）": str(r["before"]),
                }
                for project, amount in grants[pk]
            ],
            "enterprise_id": pk,
        })  # fmt: skip
    return hits


def _unit_hits(counts: dict[int, list], message: str) -> list[dict]:
    from chainchief.places.models import Department

    names = dict(Department.objects.filter(pk__in=list(counts)).values_list("pk", "name"))
    return [
        {
            "subject_key": f"unit:{pk}",
            "subject": names[pk],
            "message": message.format(unit=names[pk], n=len(rows)),
            "evidence": rows[:50],
            "unit_id": pk,
        }
        for pk, rows in counts.items()
    ]


def overdue_rectification(rule, today) -> list[dict]:
    late_plan = Q(state=RectState.AWAITING_PLAN, plan_due_on__lt=today)
    late_done = Q(
        state__in=[RectState.AWAITING_CONFIRMATION, RectState.IN_PROGRESS, RectState.UNDER_REVIEW],
        due_on__lt=today,
    )
    rows = Rectification.objects.filter(late_plan | late_done).values_list(
        "finding__unit_id", "finding__number", "finding__summary", "state", "plan_due_on", "due_on"
    )
    labels = dict(RectState.choices)
    by_unit: dict[int, list] = defaultdict(list)
    for unit_id, number, summary, state, plan_due, due in rows.iterator(chunk_size=5000):
        when = plan_due if state == RectState.AWAITING_PLAN else due
        by_unit[unit_id].append({
            "问题编号": number, "问题摘要": summary, "整改状态": str(labels[state]),
            "期限": when.isoformat(),
        })  # fmt: skip
    by_unit = {k: v for k, v in by_unit.items() if len(v) >= rule.threshold}
    return _unit_hits(by_unit, "“{unit}”有 {n} 个审计整改逾期未完成")


def repeat_unit(rule, today) -> list[dict]:
    by_unit: dict[int, list] = defaultdict(list)
    for f in Finding.objects.filter(is_repeat=True).select_related("category", "audit").iterator():
        by_unit[f.unit_id].append({
            "问题编号": f.number, "问题类别": f.category.name, "审计项目": f.audit.name,
            "年度": f.audit.year,
        })  # fmt: skip
    by_unit = {k: v for k, v in by_unit.items() if len(v) >= rule.threshold}
    return _unit_hits(by_unit, "“{unit}”有 {n} 个屡审屡犯问题")


RULES = {
    RuleCode.STARTED_UNSIGNED: started_unsigned,
    RuleCode.OVERRUN: overrun,
    RuleCode.INVESTMENT_LAG: investment_lag,
    RuleCode.IDLE_SPENT: idle_spent,
    RuleCode.FUNDED_OUTPUT_FELL: funded_output_fell,
    RuleCode.OVERDUE_RECTIFICATION: overdue_rectification,
    RuleCode.REPEAT_UNIT: repeat_unit,
}


def evaluate(rule: EarlyWarningRule, today: datetime.date) -> list[dict]:
    return RULES[rule.code](rule, today)


def run_rules(*, today: datetime.date | None = None, progress=None) -> dict[str, int]:
    """Evaluate every enabled rule and store the hits. Safe to run twice a day."""
    today = today or timezone.localdate()
    counts: dict[str, int] = {}
    rules = list(EarlyWarningRule.objects.filter(enabled=True))
    for i, rule in enumerate(rules, 1):
        hits = {h["subject_key"]: h for h in evaluate(rule, today)}
        counts[rule.code] = len(hits)
        existing = {
            w.subject_key: w
            for w in EarlyWarning.objects.filter(rule=rule).only(
                "pk", "subject_key", "status", "subject", "message", "evidence"
            )
        }
        new, changed, seen = [], [], []
        for key, h in hits.items():
            w = existing.get(key)
            fields = {k: h.get(k) for k in ("subject", "message", "evidence")}
            ids = {k: h.get(k) for k in ("project_id", "enterprise_id", "unit_id")}
            if w is None:
                new.append(EarlyWarning(rule=rule, subject_key=key, first_seen=today,
                                        last_seen=today, **fields, **ids))  # fmt: skip
            elif w.status == WarningStatus.OPEN:
                seen.append(w.pk)
                # Most warnings are unchanged from last night: only those that differ are
                # rewritten (a bulk update of thousands of JSON rows is the slow part).
                if any(getattr(w, k) != v for k, v in fields.items()):
                    for k, v in fields.items():
                        setattr(w, k, v)
                    changed.append(w)
        stale = [
            w.pk for k, w in existing.items() if k not in hits and w.status == WarningStatus.OPEN
        ]
        with transaction.atomic():
            EarlyWarning.objects.bulk_create(new, batch_size=1000)
            EarlyWarning.objects.bulk_update(
                changed, ["subject", "message", "evidence"], batch_size=500
            )
            for n in range(0, len(seen), 900):
                EarlyWarning.objects.filter(pk__in=seen[n : n + 900]).update(last_seen=today)
            for n in range(0, len(stale), 900):
                EarlyWarning.objects.filter(pk__in=stale[n : n + 900]).delete()
        if progress is not None:
            progress.update(i, len(rules), f"预警规则：{rule}")
    return counts


def dismiss_warning(*, warning: EarlyWarning, reason: str, by) -> EarlyWarning:
    if warning.status != WarningStatus.OPEN:
        raise AuditError(f"预警已处理（{warning.get_status_display()}）")
    if not reason.strip():
        raise AuditError("排除预警必须填写理由")
    before = snapshot(warning)
    warning.status, warning.reason, warning.handled_by = WarningStatus.DISMISSED, reason.strip(), by
    warning.save(update_fields=["status", "reason", "handled_by"])
    record_changes([(warning, "update", before, snapshot(warning))])
    return warning


def convert_warning(*, warning: EarlyWarning, audit, by, **finding_fields) -> Finding:
    """The warning becomes a finding of `audit` (its evidence goes into the description)."""
    if warning.status != WarningStatus.OPEN:
        raise AuditError(f"预警已处理（{warning.get_status_display()}）")
    finding_fields.setdefault("summary", warning.message[:200])
    evidence = "\n".join("；".join(f"{k}：{v}" for k, v in row.items()) for row in warning.evidence)
    finding_fields.setdefault("description", f"{warning.message}\n预警证据：\n{evidence}")
    projects = [warning.project] if warning.project_id else []
    with transaction.atomic():
        finding = record_finding(audit=audit, by=by, projects=projects, **finding_fields)
        before = snapshot(warning)
        warning.status, warning.finding, warning.handled_by = WarningStatus.CONVERTED, finding, by
        warning.save(update_fields=["status", "finding", "handled_by"])
        record_changes([(warning, "update", before, snapshot(warning))])
    return finding


def _count_open() -> dict[str, int]:
    return dict(
        EarlyWarning.objects.filter(status=WarningStatus.OPEN)
        .values_list("rule__code")
        .annotate(n=Count("id"))
    )
