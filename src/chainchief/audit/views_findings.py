"""Pages of findings, their rectification and the early warnings. Access first in every view."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from chainchief.accounts.access import access, scoped
from chainchief.audit import access as audit_access
from chainchief.audit import rectification as rs
from chainchief.audit import services
from chainchief.audit.models import (
    Audit,
    ContinuingReason,
    EarlyWarning,
    EarlyWarningRule,
    Evidence,
    FindingCategory,
    Outcome,
    RectKind,
    WarningStatus,
)
from chainchief.audit.services import AuditError
from chainchief.audit.views import USER_ERRORS
from chainchief.core.values import COUNT, parse_date, parse_money
from chainchief.places.models import Department

READ = scoped("audit")
WRITE = scoped("audit", write=True)


def _finding_fields(post) -> dict:
    category = FindingCategory.objects.filter(pk=post.get("category") or 0).first()
    unit = Department.objects.filter(pk=post.get("unit") or 0).first()
    return {
        "summary": post.get("summary", "").strip(),
        "description": post.get("description", "").strip(),
        "category": category,
        "unit": unit,
        "amount": parse_money(post.get("amount", ""), label="涉及金额"),
        "legal_basis": post.get("legal_basis", "").strip(),
        "responsible_person": post.get("responsible_person", "").strip(),
        "responsibility": post.get("responsibility", "direct"),
        "recommendation": post.get("recommendation", "").strip(),
    }


@login_required
@access(WRITE)
@require_POST
def finding_create(request: HttpRequest, pk: int) -> HttpResponse:
    audit_access.require_auditor(request.user)
    audit = get_object_or_404(Audit, pk=pk)
    try:
        fields = _finding_fields(request.POST)
        found_on = parse_date(request.POST.get("found_on", ""), label="发现日期")
        if found_on:
            fields["found_on"] = found_on
        projects = audit.projects.filter(
            pk__in=[p for p in request.POST.getlist("projects") if p.isdigit()]
        )
        finding = services.record_finding(
            audit=audit, by=request.user, projects=projects,
            shared_with_chains=request.POST.get("shared") == "on", **fields,
        )  # fmt: skip
    except USER_ERRORS as exc:
        messages.error(request, str(exc))
        return redirect("audit:audit", pk=pk)
    note = "（屡审屡犯）" if finding.is_repeat else ""
    messages.success(request, f"已登记问题 {finding.number}{note}，已交办{finding.unit}整改")
    return redirect("audit:finding", pk=finding.pk)


@login_required
@access(READ)
def finding_detail(request: HttpRequest, pk: int) -> HttpResponse:
    finding = audit_access.get_finding_for_user(request.user, pk=pk)
    rect = finding.rectification
    user = request.user
    return render(request, "audit/finding_detail.html", {
        "nav": "audit", "finding": finding, "rect": rect,
        "progress": rect.progress.prefetch_related("evidence"),
        "repeats": finding.repeated_by.select_related("audit") if finding.is_repeat else [],
        "is_auditor": audit_access.is_auditor(user),
        "is_unit": audit_access.can_act_on_rectification(user, finding),
        "sees_all": audit_access.sees_all_audit(user),
        "rect_kinds": RectKind.choices, "outcomes": Outcome.choices,
        "reasons": ContinuingReason.choices, "overdue": rect.overdue(),
    })  # fmt: skip


def _rect_for(request, pk: int, *, unit: bool):
    """The finding's rectification, for its unit's handlers (unit=True) or the bureau."""
    finding = audit_access.get_finding_for_user(request.user, pk=pk)
    allowed = (
        audit_access.can_act_on_rectification(request.user, finding)
        if unit
        else audit_access.is_auditor(request.user)
    )
    if not allowed:
        raise PermissionDenied("您无权办理该整改事项")
    return finding.rectification


def _version(request, rect) -> int:
    value = request.POST.get("version", "")
    return int(value) if value.isdigit() else rect.version


def _done(request, pk: int, call, ok: str) -> HttpResponse:
    try:
        call()
        messages.success(request, ok)
    except USER_ERRORS as exc:
        messages.error(request, str(exc))
    return redirect("audit:finding", pk=pk)


@login_required
@access(WRITE)
@require_POST
def rect_plan(request: HttpRequest, pk: int) -> HttpResponse:
    rect = _rect_for(request, pk, unit=True)
    p = request.POST

    def call():
        due_on = parse_date(p.get("due_on", ""), label="完成时限")
        rs.file_plan(rect=rect, by=request.user, kind=p.get("kind", ""), due_on=due_on,
                     measures=p.get("measures", ""), responsible_person=p.get("responsible_person", ""),
                     expected_version=_version(request, rect))  # fmt: skip

    return _done(request, pk, call, "整改方案已报送，等待审计机关确认")


@login_required
@access(WRITE)
@require_POST
def rect_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    rect = _rect_for(request, pk, unit=False)
    accept = request.POST.get("accept") == "1"
    return _done(
        request, pk,
        lambda: rs.confirm_plan(rect=rect, by=request.user, accept=accept,
                                comment=request.POST.get("comment", ""),
                                expected_version=_version(request, rect)),
        "已确认整改方案" if accept else "已退回整改方案",
    )  # fmt: skip


@login_required
@access(WRITE)
@require_POST
def rect_progress(request: HttpRequest, pk: int) -> HttpResponse:
    rect = _rect_for(request, pk, unit=True)
    p = request.POST

    def count(name: str, label: str) -> int:
        return int(COUNT.check(p.get(name, ""), label=label) or 0)

    def call():
        rs.report_progress(
            rect=rect, by=request.user, text=p.get("text", ""),
            money_recovered=parse_money(p.get("money_recovered", ""), label="整改金额") or 0,
            rules_made=count("rules_made", "制度建设"), people_held=count("people_held", "追责问责"),
            files=request.FILES.getlist("files"),
        )  # fmt: skip

    return _done(request, pk, call, "已报告整改进展")


@login_required
@access(WRITE)
@require_POST
def rect_submit(request: HttpRequest, pk: int) -> HttpResponse:
    rect = _rect_for(request, pk, unit=True)
    return _done(
        request, pk,
        lambda: rs.submit_for_review(rect=rect, by=request.user,
                                     comment=request.POST.get("comment", ""),
                                     expected_version=_version(request, rect)),
        "已提请审计机关认定",
    )  # fmt: skip


@login_required
@access(WRITE)
@require_POST
def rect_review(request: HttpRequest, pk: int) -> HttpResponse:
    rect = _rect_for(request, pk, unit=False)
    p = request.POST
    outcome = p.get("outcome", "")
    return _done(
        request, pk,
        lambda: rs.review(rect=rect, by=request.user, outcome=outcome, reason=p.get("reason", ""),
                          closing_record=p.get("closing_record", ""),
                          expected_version=_version(request, rect)),
        "已认定：" + (Outcome(outcome).label if outcome in Outcome.values else ""),
    )  # fmt: skip


@login_required
@access(WRITE)
@require_POST
def finding_share(request: HttpRequest, pk: int) -> HttpResponse:
    finding = audit_access.get_rw_finding_for_user(request.user, pk=pk)
    shared = request.POST.get("shared") == "1"
    return _done(
        request, pk, lambda: services.share_finding(finding=finding, shared=shared, by=request.user),
        "已共享给涉及项目的产业链" if shared else "已取消共享",
    )  # fmt: skip


@login_required
@access(READ)
def evidence_download(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = get_object_or_404(Evidence, pk=pk)
    audit_access.get_finding_for_user(request.user, pk=evidence.rectification.finding_id)
    if not default_storage.exists(evidence.path):
        raise Http404("文件不存在")
    return FileResponse(default_storage.open(evidence.path, "rb"), as_attachment=True,
                        filename=evidence.name)  # fmt: skip


# --- warnings ------------------------------------------------------------------------------


@login_required
@access(READ)
def warning_list(request: HttpRequest) -> HttpResponse:
    audit_access.require_sees_all(request.user)
    status = request.GET.get("status", WarningStatus.OPEN)
    qs = EarlyWarning.objects.select_related("rule", "finding").order_by("rule_id", "-last_seen")
    if status in WarningStatus.values:
        qs = qs.filter(status=status)
    if (rule := request.GET.get("rule", "")).isdigit():
        qs = qs.filter(rule_id=int(rule))
    if q := request.GET.get("q", "").strip():
        qs = qs.filter(subject__icontains=q)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(request, "audit/warnings.html", {
        "nav": "audit", "page": page, "f": request.GET, "status": status,
        "statuses": WarningStatus.choices, "rules": EarlyWarningRule.objects.all(),
        "audits": Audit.objects.exclude(stage="archived").only("id", "name", "year"),
        "categories": FindingCategory.objects.filter(active=True),
        "units": Department.objects.only("id", "name"),
        "can_edit": audit_access.is_auditor(request.user),
    })  # fmt: skip


@login_required
@access(WRITE)
@require_POST
def warning_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    audit_access.require_auditor(request.user)
    from chainchief.audit.warnings import dismiss_warning

    warning = get_object_or_404(EarlyWarning, pk=pk)
    try:
        dismiss_warning(warning=warning, reason=request.POST.get("reason", ""), by=request.user)
        messages.success(request, f"已排除预警：{warning.subject}")
    except USER_ERRORS as exc:
        messages.error(request, str(exc))
    return redirect("audit:warnings")


@login_required
@access(WRITE)
@require_POST
def warning_convert(request: HttpRequest, pk: int) -> HttpResponse:
    audit_access.require_auditor(request.user)
    from chainchief.audit.warnings import convert_warning

    warning = get_object_or_404(EarlyWarning, pk=pk)
    audit = Audit.objects.filter(pk=request.POST.get("audit") or 0).first()
    try:
        if audit is None:
            raise AuditError("请选择该问题所属的审计项目")
        fields = _finding_fields(request.POST)
        if not fields["summary"]:
            fields.pop("summary")
        if not fields["description"]:
            fields.pop("description")
        if fields["unit"] is None and warning.unit_id:
            fields["unit"] = warning.unit
        finding = convert_warning(warning=warning, audit=audit, by=request.user, **fields)
    except USER_ERRORS as exc:
        messages.error(request, str(exc))
        return redirect("audit:warnings")
    messages.success(request, f"预警已转为问题 {finding.number}")
    return redirect("audit:finding", pk=finding.pk)
