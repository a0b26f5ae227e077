"""Pages of audit: plans, audits, findings, the ledger, warnings. Access first in every view
(audit.access: 404 outside scope, 403 for a write the user may read but not change)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_POST

from chainchief.accounts.access import access, scoped
from chainchief.audit import access as audit_access
from chainchief.audit import selectors, services
from chainchief.audit.models import (
    ITEM_FIELDS,
    STAGE_DATE_FIELD,
    Audit,
    AuditDocument,
    AuditKind,
    AuditPlan,
    AuditStage,
    CadreMode,
    DocumentKind,
    FindingCategory,
    FocusArea,
    ItemSource,
    PlanItem,
    PlanVersion,
    RectState,
    Responsibility,
)
from chainchief.audit.services import AuditError
from chainchief.core.values import InvalidValue, parse_date, parse_id
from chainchief.places.models import Department
from chainchief.web.excel import xlsx_response

# What a user typed wrong (a rule of the service or a value core.values refuses): a message.
USER_ERRORS = (AuditError, InvalidValue)
READ = scoped("audit")
WRITE = scoped("audit", write=True)


def _item_fields(post) -> dict:
    fields = {f: post.get(f, "").strip() for f in ITEM_FIELDS if f in post}
    for f, label in (("planned_start", "计划开始"), ("planned_end", "计划结束"),
                     ("tenure_from", "任职起"), ("tenure_to", "任职止")):  # fmt: skip
        if f in fields:
            fields[f] = parse_date(fields[f], label=label)
    fields["natural_resources"] = post.get("natural_resources") == "on"
    return fields


def _choices() -> dict:
    return {
        "kinds": AuditKind.choices, "areas": FocusArea.choices, "sources": ItemSource.choices,
        "modes": CadreMode.choices, "stages": AuditStage.choices, "doc_kinds": DocumentKind.choices,
        "responsibilities": Responsibility.choices, "rect_states": RectState.choices,
    }  # fmt: skip


# --- home ----------------------------------------------------------------------------------


@login_required
@access(READ)
def home(request: HttpRequest) -> HttpResponse:
    if not audit_access.sees_all_audit(request.user):
        if not audit_access.has_audit_access(request.user):
            raise Http404("页面不存在或无权查看")
        return redirect("audit:ledger")
    year = parse_id(request.GET.get("year")) or timezone.localdate().year
    findings = audit_access.visible_findings(request.user).filter(audit__year=year)
    escalated = (
        audit_access.visible_findings(request.user)
        .filter(rectification__escalated=True)
        .exclude(rectification__state=RectState.CLOSED)
        .select_related("unit", "audit")[:20]
    )
    context = {
        "nav": "audit", "year": year, "figures": selectors.ledger_figures(findings),
        "by_area": selectors.figures_by_area(findings),
        "repeats": selectors.repeat_units(audit_access.visible_findings(request.user)),
        "escalated": escalated, "plans": AuditPlan.objects.all()[:5],
        "open_warnings": selectors.open_warning_counts(),
        "audits": Audit.objects.filter(year=year).values("stage").annotate(n=Count("id")),
    }  # fmt: skip
    return render(request, "audit/home.html", context)


@login_required
@access(READ)
def cockpit_panel(request: HttpRequest) -> HttpResponse:
    """The audit panel of the cockpit, loaded per user (the cockpit body is shared)."""
    if not audit_access.sees_all_audit(request.user):
        return HttpResponse("")
    findings = audit_access.visible_findings(request.user)
    year = timezone.localdate().year
    context = {
        "year": year,
        "figures": selectors.ledger_figures(findings.filter(audit__year=year)),
        "repeats": selectors.repeat_units(findings, limit=5),
        "escalated": findings.filter(rectification__escalated=True)
        .exclude(rectification__state=RectState.CLOSED)
        .count(),
    }
    return render(request, "audit/_cockpit_panel_body.html", context)


# --- plans ---------------------------------------------------------------------------------


@login_required
@access(READ)
def plan_list(request: HttpRequest) -> HttpResponse:
    audit_access.require_sees_all(request.user)
    plans = AuditPlan.objects.annotate(n_versions=Count("versions"))
    return render(request, "audit/plan_list.html", {
        "nav": "audit", "plans": plans, "can_edit": audit_access.is_auditor(request.user),
        "next_year": timezone.localdate().year + 1,
    })  # fmt: skip


@login_required
@access(WRITE)
@require_POST
def plan_create(request: HttpRequest) -> HttpResponse:
    audit_access.require_auditor(request.user)
    try:
        plan = services.create_plan(year=int(request.POST.get("year") or 0), by=request.user,
                                    title=request.POST.get("title", ""))  # fmt: skip
    except (AuditError, ValueError) as exc:
        messages.error(request, str(exc) if isinstance(exc, AuditError) else "年度无效")
        return redirect("audit:plans")
    messages.success(request, f"已新建 {plan.year} 年度计划草案")
    return redirect("audit:plan", year=plan.year)


def _plan(request, year: int) -> AuditPlan:
    audit_access.require_sees_all(request.user)
    return get_object_or_404(AuditPlan, year=year)


@login_required
@access(READ)
def plan_detail(request: HttpRequest, year: int) -> HttpResponse:
    plan = _plan(request, year)
    versions = list(plan.versions.all())
    number = request.GET.get("v", "")
    version = next((v for v in versions if str(v.number) == number), versions[0])
    previous = next((v for v in versions if v.number == version.number - 1), None)
    started = set(Audit.objects.filter(year=year).values_list("item_key", flat=True))
    items = list(version.items.all())
    for item in items:
        item.started = item.key in started
    return render(request, "audit/plan_detail.html", {
        "nav": "audit", "plan": plan, "version": version, "versions": versions, "items": items,
        "diff": selectors.version_diff(previous, version) if previous else None,
        "previous": previous, "can_edit": audit_access.is_auditor(request.user),
        "units": Department.objects.only("id", "name"), **_choices(),
    })  # fmt: skip


def _version_for_write(request, year: int) -> PlanVersion:
    audit_access.require_auditor(request.user)
    plan = get_object_or_404(AuditPlan, year=year)
    return services.current_version(plan)


@login_required
@access(WRITE)
@require_POST
def plan_item_add(request: HttpRequest, year: int) -> HttpResponse:
    version = _version_for_write(request, year)
    try:
        services.add_item(version=version, by=request.user,
                          expected_lock=parse_id(request.POST.get("lock")) or version.lock,
                          **_item_fields(request.POST))  # fmt: skip
        messages.success(request, "已添加审计项目")
    except USER_ERRORS as exc:
        messages.error(request, str(exc))
    return redirect("audit:plan", year=year)


@login_required
@access(WRITE)
@require_POST
def plan_item_remove(request: HttpRequest, year: int, pk: int) -> HttpResponse:
    version = _version_for_write(request, year)
    item = get_object_or_404(PlanItem, pk=pk, version=version)
    try:
        services.remove_item(item=item, by=request.user)
        messages.success(request, f"已删除审计项目“{item.name}”")
    except USER_ERRORS as exc:
        messages.error(request, str(exc))
    return redirect("audit:plan", year=year)


EDIT_ITEM_FIELDS = ("name", "audited_units", "period_audited", "team_leader", "subject",
                    "planned_start", "planned_end")  # fmt: skip


@login_required
@access(WRITE)
@require_POST
def plan_item_edit(request: HttpRequest, year: int, pk: int) -> HttpResponse:
    version = _version_for_write(request, year)
    item = get_object_or_404(PlanItem, pk=pk, version=version)
    try:
        fields = {k: v for k, v in _item_fields(request.POST).items() if k in EDIT_ITEM_FIELDS}
        services.update_item(item=item, by=request.user,
                             expected_lock=parse_id(request.POST.get("lock")) or version.lock, **fields)  # fmt: skip
        messages.success(request, f"已修改审计项目“{item.name}”")
    except USER_ERRORS as exc:
        messages.error(request, str(exc))
    return redirect("audit:plan", year=year)


@login_required
@access(WRITE)
@require_POST
def plan_approve(request: HttpRequest, year: int) -> HttpResponse:
    version = _version_for_write(request, year)
    try:
        services.approve_version(
            version=version, by=request.user,
            approved_on=parse_date(request.POST.get("approved_on", ""), label="审议通过日期"),
            expected_lock=parse_id(request.POST.get("lock")) or version.lock,
        )  # fmt: skip
        messages.success(request, f"第{version.number}版已登记为审计委员会审议通过")
    except USER_ERRORS as exc:
        messages.error(request, str(exc))
    return redirect("audit:plan", year=year)


@login_required
@access(WRITE)
@require_POST
def plan_adjust(request: HttpRequest, year: int) -> HttpResponse:
    audit_access.require_auditor(request.user)
    plan = get_object_or_404(AuditPlan, year=year)
    try:
        version = services.adjust_plan(plan=plan, reason=request.POST.get("reason", ""),
                                       by=request.user)  # fmt: skip
        messages.success(request, f"已生成第{version.number}版（调整），修改后提交审议")
    except USER_ERRORS as exc:
        messages.error(request, str(exc))
    return redirect("audit:plan", year=year)


@login_required
@access(READ)
def plan_export(request: HttpRequest, year: int) -> HttpResponse:
    plan = _plan(request, year)
    version = services.current_version(plan)
    from chainchief.audit.io import PLAN_HEADERS, plan_rows

    return xlsx_response(f"{year}年度审计项目计划-第{version.number}版.xlsx", "审计项目计划",
                         PLAN_HEADERS, plan_rows(version), title=plan.title)  # fmt: skip


# --- audits --------------------------------------------------------------------------------


@login_required
@access(READ)
def audit_list(request: HttpRequest) -> HttpResponse:
    audit_access.require_sees_all(request.user)
    qs = Audit.objects.annotate(n_findings=Count("findings")).order_by("-year", "name")
    if (year := request.GET.get("year", "")).isdigit():
        qs = qs.filter(year=int(year))
    if (kind := request.GET.get("kind", "")) in AuditKind.values:
        qs = qs.filter(kind=kind)
    if q := request.GET.get("q", "").strip():
        qs = qs.filter(Q(name__icontains=q) | Q(cadre_name__icontains=q) | Q(subject__icontains=q))
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(request, "audit/audit_list.html", {
        "nav": "audit", "page": page, "f": request.GET, **_choices(),
        "can_edit": audit_access.is_auditor(request.user),
        "units": Department.objects.only("id", "name"),
    })  # fmt: skip


@login_required
@access(WRITE)
@require_POST
def audit_create(request: HttpRequest) -> HttpResponse:
    audit_access.require_auditor(request.user)
    post = request.POST
    units = Department.objects.filter(pk__in=[u for u in post.getlist("units") if u.isdigit()])
    from chainchief.projects.models import Project

    projects = Project.objects.filter(pk__in=[p for p in post.getlist("projects") if p.isdigit()])
    try:
        notice_on = parse_date(post.get("notice_on", ""), label="审计通知书日期")
        if post.get("item"):
            item = get_object_or_404(PlanItem, pk=post["item"])
            audit = services.start_audit_from_item(item=item, by=request.user, units=units,
                                                   projects=projects, notice_on=notice_on)  # fmt: skip
        else:
            fields = _item_fields(post)
            for f in ("audited_units", "planned_start", "planned_end", "source"):
                fields.pop(f, None)
            audit = services.create_audit(
                by=request.user, year=int(post.get("year") or timezone.localdate().year),
                units=units, projects=projects, notice_on=notice_on, **fields,
            )  # fmt: skip
    except USER_ERRORS as exc:
        messages.error(request, str(exc))
        return redirect(request.POST.get("back") or "audit:audits")
    messages.success(request, f"已登记审计项目“{audit.name}”，阶段：准备")
    return redirect("audit:audit", pk=audit.pk)


@login_required
@access(READ)
def audit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    audit_access.require_sees_all(request.user)
    audit = get_object_or_404(Audit.objects.prefetch_related("units", "projects"), pk=pk)
    findings = audit.findings.select_related("category", "unit", "rectification")
    i = list(AuditStage.values).index(audit.stage)
    next_stage = AuditStage(AuditStage.values[i + 1]) if i + 1 < len(AuditStage.values) else None
    return render(request, "audit/audit_detail.html", {
        "nav": "audit", "audit": audit, "findings": findings, "next_stage": next_stage,
        "documents": audit.documents.all(), "can_edit": audit_access.is_auditor(request.user),
        "categories": FindingCategory.objects.filter(active=True),
        "units": Department.objects.only("id", "name"),
        "stage_dates": [(AuditStage(s).label, getattr(audit, f)) for s, f in STAGE_DATE_FIELD.items()],
        **_choices(),
    })  # fmt: skip


@login_required
@access(WRITE)
@require_POST
def audit_move(request: HttpRequest, pk: int) -> HttpResponse:
    audit_access.require_auditor(request.user)
    audit = get_object_or_404(Audit, pk=pk)
    try:
        on = parse_date(request.POST.get("on", ""), label="日期")
        services.move_audit(audit=audit, to_stage=request.POST.get("to_stage", ""), on=on,
                            by=request.user,
                            expected_version=parse_id(request.POST.get("version")) or audit.version)  # fmt: skip
        if request.FILES.get("file"):
            kind = (
                DocumentKind.REPORT if audit.stage == AuditStage.REPORTING else DocumentKind.OTHER
            )
            services.add_document(audit=audit, kind=kind, upload=request.FILES["file"],
                                  by=request.user)  # fmt: skip
        messages.success(request, f"已进入“{audit.get_stage_display()}”阶段")
    except USER_ERRORS as exc:
        messages.error(request, str(exc))
    return redirect("audit:audit", pk=pk)


@login_required
@access(WRITE)
@require_POST
def document_add(request: HttpRequest, pk: int) -> HttpResponse:
    audit_access.require_auditor(request.user)
    audit = get_object_or_404(Audit, pk=pk)
    upload = request.FILES.get("file")
    try:
        if upload is None:
            raise AuditError("请选择要上传的文件")
        services.add_document(audit=audit, kind=request.POST.get("kind", ""), upload=upload,
                              by=request.user)  # fmt: skip
        messages.success(request, f"已上传“{upload.name}”")
    except USER_ERRORS as exc:
        messages.error(request, str(exc))
    return redirect("audit:audit", pk=pk)


@login_required
@access(READ)
def document_download(request: HttpRequest, pk: int) -> HttpResponse:
    audit_access.require_sees_all(request.user)
    doc = get_object_or_404(AuditDocument, pk=pk)
    if not default_storage.exists(doc.path):
        raise Http404("文件不存在")
    return FileResponse(default_storage.open(doc.path, "rb"), as_attachment=True, filename=doc.name)


# --- ledger --------------------------------------------------------------------------------


@login_required
@access(READ)
def ledger(request: HttpRequest) -> HttpResponse:
    if not audit_access.has_audit_access(request.user):
        raise Http404("页面不存在或无权查看")
    qs = selectors.ledger(request.user, request.GET)

    def render_body() -> str:
        page = Paginator(qs, 50).get_page(request.GET.get("page"))
        return render_to_string("audit/_ledger_body.html", {
            "page": page, "figures": selectors.ledger_figures(qs), "request": request,
        }, request)  # fmt: skip

    return render(request, "audit/ledger.html", {
        "nav": "audit", "f": request.GET, "body": cached_body(request, "ledger", render_body),
        **_ledger_options(request), "sees_all": audit_access.sees_all_audit(request.user),
        **_choices(),
    })  # fmt: skip


def _ledger_options(request: HttpRequest) -> dict:
    """The unit and year choices of the filters: those of every finding the user may see
    (not only the filtered ones), cached per audit scope and data version like the body."""
    from django.core.cache import cache

    from chainchief.web.fragments import data_version

    user = request.user
    scope = "all" if audit_access.sees_all_audit(user) else f"user-{user.pk}"
    key = f"audit-ledger-options-{scope}-{data_version()}"
    options = cache.get(key)
    if options is None:
        visible = audit_access.visible_findings(user)
        options = {
            "units": list(Department.objects.filter(pk__in=visible.values("unit_id"))
                          .values("id", "name")),
            "years": sorted(set(Audit.objects.filter(pk__in=visible.values("audit_id"))
                                .values_list("year", flat=True)), reverse=True),
        }  # fmt: skip
        cache.set(key, options, 600)
    return options


def cached_body(request: HttpRequest, name: str, render_body) -> str:
    """A rendered fragment cached per audit scope, query string, day and data version (the
    last change-log id, which every audit write moves). Its own scope key: the web fragments'
    "city" scope joins users who must not share audit data."""
    import hashlib

    from django.core.cache import cache
    from django.utils.safestring import mark_safe

    from chainchief.web.fragments import data_version

    user = request.user
    scope = "all" if audit_access.sees_all_audit(user) else f"user-{user.pk}"
    raw = "|".join((name, scope, request.GET.urlencode(), str(timezone.localdate()),
                    str(data_version())))  # fmt: skip
    key = "audit-fragment-" + hashlib.sha1(raw.encode()).hexdigest()
    html = cache.get(key)
    if html is None:
        html = render_body()
        cache.set(key, html, 600)
    return mark_safe(html)


@login_required
@access(READ)
def ledger_export(request: HttpRequest) -> HttpResponse:
    if not audit_access.has_audit_access(request.user):
        raise Http404("页面不存在或无权查看")
    qs = selectors.ledger(request.user, request.GET).order_by("audit__year", "audit_id", "number")
    year = request.GET.get("year", "")
    title = f"{year}年度审计整改台账" if year else "审计整改台账"
    return xlsx_response(f"{title}-{timezone.localdate():%Y%m%d}.xlsx", "整改台账",
                         selectors.LEDGER_HEADERS, selectors.ledger_rows(qs), title=title)  # fmt: skip


@login_required
@access(READ)
def findings_export(request: HttpRequest) -> HttpResponse:
    """The visible findings (ledger filters apply) in the findings import's columns."""
    if not audit_access.has_audit_access(request.user):
        raise Http404("页面不存在或无权查看")
    from chainchief.audit.io import FINDING_HEADERS, finding_rows

    qs = selectors.ledger(request.user, request.GET)
    return xlsx_response(f"审计发现问题-{timezone.localdate():%Y%m%d}.xlsx", "审计发现问题",
                         FINDING_HEADERS, finding_rows(qs))  # fmt: skip
