"""JSON API of audit: findings (the ledger), one finding with its rectification and the
rectification steps, plans, warnings, figures. The same check as the pages (audit.access):
404 outside scope, 403 for a write the user may read but not make."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from ninja import Query, Router, Schema

from chainchief.accounts.access import access, scoped
from chainchief.audit import access as audit_access
from chainchief.audit import rectification as rs
from chainchief.audit import selectors, services
from chainchief.audit.models import AuditPlan, EarlyWarning, Finding, WarningStatus

router = Router(tags=["审计"])
READ, WRITE = scoped("audit"), scoped("audit", write=True)


class Error(Schema):
    detail: str


class FindingOut(Schema):
    id: int
    number: str
    year: int
    audit: str
    summary: str
    focus_area: str
    category: str
    amount: Decimal | None
    unit: str
    is_repeat: bool
    shared_with_chains: bool
    state: str
    state_label: str
    rect_kind: str
    due_on: datetime.date | None
    money_recovered: Decimal
    evidence_count: int
    outcome: str
    closed_on: datetime.date | None
    version: int

    @staticmethod
    def of(f: Finding) -> FindingOut:
        r = f.rectification
        return FindingOut(
            id=f.pk, number=f.number, year=f.audit.year, audit=f.audit.name, summary=f.summary,
            focus_area=f.category.focus_area, category=f.category.name, amount=f.amount,
            unit=f.unit.name, is_repeat=f.is_repeat, shared_with_chains=f.shared_with_chains,
            state=r.state, state_label=r.get_state_display(), rect_kind=r.kind, due_on=r.due_on,
            money_recovered=r.money_recovered, evidence_count=r.evidence_count,
            outcome=r.outcome, closed_on=r.closed_on, version=r.version,
        )  # fmt: skip


class FindingDetailOut(FindingOut):
    description: str
    legal_basis: str
    responsible_person: str
    responsibility: str
    recommendation: str
    measures: str
    plan_due_on: datetime.date
    confirm_due_on: datetime.date | None
    closing_record: str
    progress: list[dict]


class FindingPage(Schema):
    count: int
    page: int
    items: list[FindingOut]
    figures: dict


class LedgerFilter(Schema):
    year: str = ""
    unit: str = ""
    audit: str = ""
    state: str = ""
    q: str = ""
    repeat: str = ""
    overdue: str = ""
    page: int = 1


class PlanIn(Schema):
    kind: str
    measures: str
    responsible_person: str
    due_on: datetime.date
    version: int


class ConfirmIn(Schema):
    accept: bool = True
    comment: str = ""
    version: int


class ProgressIn(Schema):
    text: str
    money_recovered: Decimal = Decimal(0)
    rules_made: int = 0
    people_held: int = 0


class SubmitIn(Schema):
    comment: str = ""
    version: int


class ReviewIn(Schema):
    outcome: str
    reason: str = ""
    closing_record: str = ""
    version: int


def _finding(request, finding_id: int) -> Finding:
    return audit_access.get_finding_for_user(request.user, pk=finding_id)


@router.get("/findings", response=FindingPage, summary="整改台账（可见的审计发现问题）")
@access(READ)
def finding_list(request, filters: Query[LedgerFilter]):
    params = filters.dict()
    qs = selectors.ledger(request.user, {k: str(v) for k, v in params.items()})
    page = Paginator(qs, 100).get_page(filters.page)
    figures = selectors.ledger_figures(qs)
    return {"count": page.paginator.count, "page": page.number,
            "items": [FindingOut.of(f) for f in page.object_list],
            "figures": {k: (float(v) if isinstance(v, Decimal) else v) for k, v in figures.items()}}  # fmt: skip


@router.get("/findings/{int:finding_id}", response=FindingDetailOut, summary="问题及其整改")
@access(READ)
def finding_detail(request, finding_id: int):
    f = _finding(request, finding_id)
    r = f.rectification
    base = FindingOut.of(f).dict()
    return FindingDetailOut(
        **base, description=f.description, legal_basis=f.legal_basis,
        responsible_person=f.responsible_person, responsibility=f.responsibility,
        recommendation=f.recommendation, measures=r.measures, plan_due_on=r.plan_due_on,
        confirm_due_on=r.confirm_due_on, closing_record=r.closing_record,
        progress=[{"reported_on": p.reported_on.isoformat(), "text": p.text,
                   "money_recovered": float(p.money_recovered), "evidence": p.evidence.count()}
                  for p in r.progress.all()],
    )  # fmt: skip


def _step(request, finding_id: int, *, unit: bool, call):
    f = _finding(request, finding_id)
    allowed = (
        audit_access.can_act_on_rectification(request.user, f)
        if unit
        else audit_access.is_auditor(request.user)
    )
    if not allowed:
        raise PermissionDenied("您无权办理该整改事项")
    try:
        call(f.rectification)
    except services.Conflict as exc:
        return 409, {"detail": str(exc)}
    except services.AuditError as exc:
        return 400, {"detail": str(exc)}
    f.rectification.refresh_from_db()
    return 200, FindingOut.of(f)


STEP = {200: FindingOut, 400: Error, 409: Error}


@router.post("/findings/{int:finding_id}/plan", response=STEP, summary="责任单位报送整改方案")
@access(WRITE)
def file_plan(request, finding_id: int, data: PlanIn):
    return _step(request, finding_id, unit=True, call=lambda r: rs.file_plan(
        rect=r, by=request.user, kind=data.kind, measures=data.measures,
        responsible_person=data.responsible_person, due_on=data.due_on,
        expected_version=data.version))  # fmt: skip


@router.post("/findings/{int:finding_id}/confirm", response=STEP, summary="审计机关确认或退回方案")
@access(WRITE)
def confirm_plan(request, finding_id: int, data: ConfirmIn):
    return _step(request, finding_id, unit=False, call=lambda r: rs.confirm_plan(
        rect=r, by=request.user, accept=data.accept, comment=data.comment,
        expected_version=data.version))  # fmt: skip


@router.post("/findings/{int:finding_id}/progress", response=STEP, summary="报告整改进展")
@access(WRITE)
def report_progress(request, finding_id: int, data: ProgressIn):
    return _step(request, finding_id, unit=True, call=lambda r: rs.report_progress(
        rect=r, by=request.user, text=data.text, money_recovered=data.money_recovered,
        rules_made=data.rules_made, people_held=data.people_held))  # fmt: skip


@router.post("/findings/{int:finding_id}/submit", response=STEP, summary="提请认定")
@access(WRITE)
def submit(request, finding_id: int, data: SubmitIn):
    return _step(request, finding_id, unit=True, call=lambda r: rs.submit_for_review(
        rect=r, by=request.user, comment=data.comment, expected_version=data.version))  # fmt: skip


@router.post(
    "/findings/{int:finding_id}/review", response=STEP, summary="整改认定（已整改即对账销号）"
)
@access(WRITE)
def review(request, finding_id: int, data: ReviewIn):
    return _step(request, finding_id, unit=False, call=lambda r: rs.review(
        rect=r, by=request.user, outcome=data.outcome, reason=data.reason,
        closing_record=data.closing_record, expected_version=data.version))  # fmt: skip


@router.get("/plans/{int:year}", response=dict, summary="年度审计项目计划（当前版本）")
@access(READ)
def plan(request, year: int):
    audit_access.require_sees_all(request.user)
    p = AuditPlan.objects.filter(year=year).first()
    if p is None:
        raise Http404("计划不存在")
    v = services.current_version(p)
    return {"year": year, "title": p.title, "version": v.number, "status": v.status,
            "reason": v.reason, "items": [
                {"key": i.key, "name": i.name, "kind": i.kind, "focus_area": i.focus_area,
                 "audited_units": i.audited_units, "source": i.source, "cadre_name": i.cadre_name}
                for i in v.items.all()]}  # fmt: skip


@router.get("/warnings", response=list[dict], summary="待处理的审计预警")
@access(READ)
def warnings(request):
    audit_access.require_sees_all(request.user)
    qs = EarlyWarning.objects.filter(status=WarningStatus.OPEN).select_related("rule")[:500]
    return [{"id": w.pk, "rule": w.rule.code, "subject": w.subject, "message": w.message,
             "evidence": w.evidence, "first_seen": w.first_seen.isoformat()} for w in qs]  # fmt: skip
