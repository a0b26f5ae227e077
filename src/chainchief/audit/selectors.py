"""Reads of audit data for pages, exports, the API and commands. Scoping is `audit.access`."""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from chainchief.audit.access import visible_findings
from chainchief.audit.models import (
    ITEM_FIELDS,
    Finding,
    PlanItem,
    PlanVersion,
    Rectification,
    RectState,
)


def version_diff(old: PlanVersion, new: PlanVersion) -> dict:
    """Items added, removed and changed (key, item, field label, before, after) from old to new."""
    before = {i.key: i for i in old.items.all()}
    after = {i.key: i for i in new.items.all()}
    changed = []
    for key in sorted(set(before) & set(after)):
        a, b = before[key], after[key]
        for f in ITEM_FIELDS:
            va, vb = getattr(a, f), getattr(b, f)
            if va != vb:
                field = PlanItem._meta.get_field(f)
                label = str(field.verbose_name)
                if field.choices:
                    va, vb = getattr(a, f"get_{f}_display")(), getattr(b, f"get_{f}_display")()
                changed.append((key, b, label, va, vb))
    return {
        "added": [after[k] for k in sorted(set(after) - set(before))],
        "removed": [before[k] for k in sorted(set(before) - set(after))],
        "changed": changed,
    }


LEDGER_FILTERS = ("year", "unit", "audit", "state", "q", "repeat", "overdue")


def ledger(user, params: Mapping[str, str], today: datetime.date | None = None) -> QuerySet:
    """The rectification ledger (整改台账): one row per finding the user may see, filtered by
    year, unit, audit, state, text; newest audits first."""
    today = today or timezone.localdate()
    qs = (
        visible_findings(user)
        .select_related("audit", "category", "unit", "rectification")
        .order_by("-id")  # newest first, along the primary key (a deep page stays cheap)
    )
    if (year := params.get("year", "")).isdigit():
        qs = qs.filter(audit__year=int(year))
    if (unit := params.get("unit", "")).isdigit():
        qs = qs.filter(unit_id=int(unit))
    if (audit := params.get("audit", "")).isdigit():
        qs = qs.filter(audit_id=int(audit))
    if (state := params.get("state", "")) in RectState.values:
        qs = qs.filter(rectification__state=state)
    if q := params.get("q", "").strip():
        qs = qs.filter(
            Q(summary__icontains=q) | Q(number__icontains=q) | Q(unit__name__icontains=q)
        )
    if params.get("repeat") == "1":
        qs = qs.filter(is_repeat=True)
    if params.get("overdue") == "1":
        qs = qs.filter(_overdue_q(today))
    return qs


def _overdue_q(today: datetime.date, prefix: str = "rectification__") -> Q:
    p = prefix
    return ~Q(**{f"{p}state": RectState.CLOSED}) & (
        Q(**{f"{p}state": RectState.AWAITING_PLAN, f"{p}plan_due_on__lt": today})
        | (~Q(**{f"{p}state": RectState.AWAITING_PLAN}) & Q(**{f"{p}due_on__lt": today}))
    )


def ledger_page(user, params, number, size: int = 50) -> Page:
    return Paginator(ledger(user, params), size).get_page(number)


def ledger_figures(findings: QuerySet, today: datetime.date | None = None) -> dict:
    """整改率 (closed ÷ due), 按期整改率 (closed by its date ÷ due), 整改金额, counts.
    Due: findings whose completion date has come, or that are closed. Cached per query and
    data version (the last change-log id, which every audit write moves), so never stale."""
    import hashlib

    from django.core.cache import cache

    from chainchief.web.fragments import data_version

    today = today or timezone.localdate()
    raw = f"{findings.query}|{today}|{data_version()}"
    key = "audit-figures-" + hashlib.sha1(raw.encode()).hexdigest()
    figures = cache.get(key)
    if figures is None:
        figures = _figures(findings, today)
        cache.set(key, figures, 600)
    return figures


def _figures(findings: QuerySet, today: datetime.date) -> dict:
    rects = Rectification.objects.filter(finding__in=findings.values("pk"))
    due_q = (
        Q(state=RectState.CLOSED)
        | Q(due_on__lte=today)
        | Q(state=RectState.AWAITING_PLAN, plan_due_on__lte=today)
    )
    agg = rects.aggregate(
        total=Count("id"),
        closed=Count("id", filter=Q(state=RectState.CLOSED)),
        due=Count("id", filter=due_q),
        on_time=Count(
            "id",
            filter=Q(state=RectState.CLOSED, due_on__isnull=False)
            & Q(closed_on__lte=models_f("due_on")),
        ),  # fmt: skip
        overdue=Count("id", filter=_overdue_q(today, prefix="")),
        money=Sum("money_recovered"),
        amount=Sum("finding__amount"),
    )
    due = agg["due"] or 0
    agg["rate"] = round(agg["closed"] * 100 / due, 1) if due else None
    agg["on_time_rate"] = round(agg["on_time"] * 100 / due, 1) if due else None
    agg["money"] = agg["money"] or 0
    agg["amount"] = agg["amount"] or 0
    return agg


def models_f(name: str):
    from django.db.models import F

    return F(name)


def repeat_units(findings: QuerySet, limit: int = 10) -> list[dict]:
    """Units with repeat findings (屡审屡犯), most first."""
    return list(
        findings.filter(is_repeat=True)
        .values("unit_id", "unit__name")
        .annotate(n=Count("id"))
        .order_by("-n", "unit__name")[:limit]
    )


LEDGER_HEADERS = [
    "问题编号", "年度", "审计项目", "重点领域", "问题类别", "问题摘要", "涉及金额（万元）",
    "责任单位", "责任人", "责任类型", "屡审屡犯", "整改类型", "整改措施", "整改责任人",
    "完成时限", "整改状态", "最近进展", "整改金额（万元）", "制度建设（项）", "追责问责（人）",
    "佐证材料（份）", "认定结果", "销号日期", "是否逾期",
]  # fmt: skip


LEDGER_FIELDS = (
    "pk", "number", "audit__year", "audit__name", "category__focus_area", "category__name",
    "summary", "amount", "unit__name", "responsible_person", "responsibility", "is_repeat",
    "rectification__kind", "rectification__measures", "rectification__responsible_person",
    "rectification__due_on", "rectification__state", "rectification__plan_due_on",
    "rectification__money_recovered", "rectification__rules_made",
    "rectification__people_held", "rectification__evidence_count", "rectification__outcome",
    "rectification__closed_on", "rectification__id",
)  # fmt: skip


def _labels(choices) -> dict:
    return {value: str(label) for value, label in choices}


def ledger_rows(findings: QuerySet, today: datetime.date | None = None):
    """Rows of the .xlsx ledger in the bureau's layout (LEDGER_HEADERS), streamed: plain
    values and label maps translated once (20,000 rows must not call gettext per cell)."""
    from chainchief.audit.models import FocusArea, Outcome, RectKind, Responsibility

    today = today or timezone.localdate()
    area, kind, outcome = (
        _labels(FocusArea.choices),
        _labels(RectKind.choices),
        _labels(Outcome.choices),
    )
    state_label, resp = _labels(RectState.choices), _labels(Responsibility.choices)
    latest = {}
    for rect_id, text in (
        Rectification.objects.filter(finding__in=findings.values("pk"))
        .order_by("id", "progress__reported_on", "progress__id")
        .values_list("id", "progress__text")
    ):
        if text:
            latest[rect_id] = text
    for v in findings.values_list(*LEDGER_FIELDS).iterator(chunk_size=5000):
        (_, number, year, audit, focus, category, summary, amount, unit, person, responsibility,
         repeat, rkind, measures, rperson, due, state, plan_due, money, rules, people, evidence,
         result, closed_on, rect_id) = v  # fmt: skip
        limit = plan_due if state == RectState.AWAITING_PLAN else due
        overdue = state != RectState.CLOSED and limit is not None and today > limit
        yield [
            number, year, audit, area.get(focus, focus), category, summary, amount, unit, person,
            resp.get(responsibility, ""), "是" if repeat else "", kind.get(rkind, ""), measures,
            rperson, due, state_label.get(state, state), latest.get(rect_id, ""), money, rules,
            people, evidence, outcome.get(result, ""), closed_on, "是" if overdue else "",
        ]  # fmt: skip


def figures_by_area(findings: QuerySet) -> list[dict]:
    return list(
        findings.values("category__focus_area")
        .annotate(n=Count("id"), amount=Sum("amount"))
        .order_by("category__focus_area")
    )


def figures_by_category(findings: QuerySet) -> list[dict]:
    return list(
        findings.values("category__focus_area", "category__name")
        .annotate(n=Count("id"), amount=Sum("amount"))
        .order_by("-n")
    )


def unit_rates(findings: QuerySet, today: datetime.date | None = None) -> list[dict]:
    """整改率 per responsible unit (an indicator source for the evaluation of departments)."""
    today = today or timezone.localdate()
    due_q = Q(rectification__state=RectState.CLOSED) | Q(rectification__due_on__lte=today)
    rows = (
        findings.values("unit_id", "unit__name")
        .annotate(
            due=Count("id", filter=due_q),
            closed=Count("id", filter=Q(rectification__state=RectState.CLOSED)),
        )
        .order_by("unit__name")
    )
    return [
        r | {"rate": round(r["closed"] * 100 / r["due"], 1) if r["due"] else None} for r in rows
    ]


def chain_rate(chain_id: int, today: datetime.date | None = None) -> dict:
    """整改率 of findings that concern a chain's projects (evaluation indicator source)."""
    findings = Finding.objects.filter(projects__chain_id=chain_id).distinct()
    return ledger_figures(Finding.objects.filter(pk__in=findings.values("pk")), today)


def open_warning_counts() -> list[dict]:
    from chainchief.audit.models import EarlyWarning, WarningStatus

    return list(
        EarlyWarning.objects.filter(status=WarningStatus.OPEN)
        .values("rule__code", "rule_id")
        .annotate(n=Count("id"))
        .order_by("rule_id")
    )
