"""The 报告 list: request a report (generated in the background), download it, manage templates."""

from __future__ import annotations

from pathlib import PurePath
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from chainchief.accounts.access import OFFICE, access, scoped
from chainchief.accounts.scoping import can_manage_city, get_chain_for_user, visible_chains
from chainchief.evaluation.models import Run
from chainchief.reports import documents, jobs, selectors, services
from chainchief.reports.models import Kind, ReportTemplate

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@access(scoped("report"))
def report_list(request: HttpRequest) -> HttpResponse:
    if not selectors.can_use_reports(request.user):
        raise Http404("页面不存在或无权查看")
    qs = selectors.visible_reports(request.user)
    if request.GET.get("kind") in Kind.values:
        qs = qs.filter(kind=request.GET["kind"])
    if request.GET.get("chain"):
        qs = qs.filter(chain__code=request.GET["chain"])
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    meeting = selectors.can_make_meeting_pack(request.user)
    audit = selectors.can_see_audit_reports(request.user)
    return render(
        request,
        "reports/list.html",
        {
            "nav": "reports",
            "page": page,
            "kinds": [(k, label) for k, label in Kind.choices if audit or k != Kind.AUDIT_ANNUAL],
            "can_audit": audit,
            "this_year": selectors.today().year,
            "f": request.GET,
            "chains": visible_chains(request.user).only("code", "name"),
            "runs": Run.objects.filter(status__in=["draft", "published"]).select_related("system")[
                :20
            ]
            if meeting
            else [],
            "can_meeting": meeting,
            "can_manage": can_manage_city(request.user),
            "templates": ReportTemplate.objects.filter(active=True)
            if can_manage_city(request.user)
            else [],
        },
    )


@login_required
@access(scoped("chain"))
@require_POST
def report_request(request: HttpRequest) -> HttpResponse:
    if not selectors.can_use_reports(request.user):
        raise Http404("页面不存在或无权查看")
    kind = request.POST.get("kind", "")
    try:
        if kind == Kind.AUDIT_ANNUAL:
            if not selectors.can_see_audit_reports(request.user):
                raise Http404("页面不存在或无权查看")
            report = services.request_report(
                kind=kind, period=request.POST.get("period", ""), by=request.user
            )
        elif kind == Kind.MEETING:
            if not selectors.can_make_meeting_pack(request.user):
                raise PermissionDenied("仅产业链推进办公室和总链长可以生成点评会材料")
            run = get_object_or_404(Run, pk=request.POST.get("run") or 0)
            report = services.request_report(kind=kind, run=run, by=request.user)
        else:
            chain = get_chain_for_user(request.user, code=request.POST.get("chain", ""))
            report = services.request_report(
                kind=kind, chain=chain, period=request.POST.get("period", ""), by=request.user
            )
    except services.ReportError as exc:
        messages.error(request, str(exc))
        return redirect("reports:list")
    job = jobs.start_report_job(report=report, user=request.user)
    messages.success(request, f"正在后台生成“{report.title}”，完成后在报告列表下载")
    return redirect(job.get_absolute_url())


@login_required
@access(scoped("report"))
def report_download(request: HttpRequest, pk: int, which: str) -> HttpResponse:
    report = selectors.get_report_for_user(request.user, pk)
    path = {"xlsx": report.xlsx, "pdf": report.pdf}.get(which, report.file)
    if not path or not default_storage.exists(path):
        raise Http404("文件不存在")
    suffix = PurePath(path).suffix
    response = FileResponse(
        default_storage.open(path, "rb"),
        content_type={".xlsx": XLSX_TYPE, ".pdf": "application/pdf"}.get(suffix, DOCX_TYPE),
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(report.title + suffix)}"
    return response


@login_required
@access(OFFICE)
def default_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(documents.default_template(), content_type=DOCX_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote('报告默认模板.docx')}"
    return response


@login_required
@access(OFFICE)
@require_POST
def template_upload(request: HttpRequest) -> HttpResponse:
    upload = request.FILES.get("file")
    try:
        if upload is None:
            raise services.ReportError("请选择 .docx 模板文件")
        template = services.upload_template(
            kind=request.POST.get("kind", "default"),
            name=request.POST.get("name", upload.name),
            data=upload.read(),
            by=request.user,
        )
        messages.success(request, f"模板“{template.name}”已启用")
    except services.ReportError as exc:
        messages.error(request, f"未启用：{exc}")
    return redirect("reports:list")


@login_required
@access(OFFICE)
@require_POST
def template_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    template = get_object_or_404(ReportTemplate, pk=pk)
    services.deactivate_template(template=template, by=request.user)
    messages.success(request, f"已停用模板“{template.name}”，恢复使用默认模板")
    return redirect("reports:list")
