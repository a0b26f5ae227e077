"""Pages of the project library. Access control first in every view (selectors.get_*)."""

from __future__ import annotations

import datetime
from dataclasses import replace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from chainchief.accounts.access import CHAIN_EDITOR, SIGNED_IN, access, scoped
from chainchief.accounts.scoping import get_rw_chain_for_user, visible_chains
from chainchief.chains.models import Segment
from chainchief.core.values import parse_id
from chainchief.places.models import Department, District
from chainchief.projects import selectors, services
from chainchief.projects.charts import funnel_option
from chainchief.projects.forms import MilestoneForm, MoveForm, ProgressForm, ProjectForm
from chainchief.projects.models import Attachment, Kind, Milestone, Stage, WarningRule
from chainchief.web.excel import xlsx_response

PAGE_SIZE = 30


def _filter_context(request: HttpRequest, f: selectors.ProjectFilters) -> dict:
    return {
        "chains": visible_chains(request.user).only("code", "name"),
        "kinds": Kind.choices,
        "stages": Stage.choices,
        "districts": District.objects.only("code", "name"),
        "departments": Department.objects.only("id", "name"),
        "warnings": selectors.WARNING_FILTERS.items(),
        "f": f,
        # The same filters on the list, board and funnel tabs (a shareable URL).
        "fq": f.query(stage=""),
    }


@login_required
@access(SIGNED_IN)
def project_list(request: HttpRequest) -> HttpResponse:
    f = selectors.ProjectFilters.from_query(request.GET)
    page = selectors.project_page(request.user, f, request.GET.get("page"), PAGE_SIZE)
    can_create = selectors.can_create_projects(request.user)
    return render(
        request,
        "projects/list.html",
        {"page": page, "nav": "projects", "can_create": can_create, **_filter_context(request, f)},
    )


EXPORT_HEADERS = [
    "项目名称", "项目类型", "产业链", "环节", "阶段", "投资方", "来源地区",
    "计划总投资（万元）", "累计完成投资（万元）", "预计年产值（万元）", "预计年税收（万元）",
    "政策资金（万元）", "用地（亩）", "县市区", "园区", "责任单位", "责任人", "最近进展", "预警",
]  # fmt: skip


@login_required
@access(SIGNED_IN)
def project_export(request: HttpRequest) -> HttpResponse:
    qs = selectors.project_list(request.user, selectors.ProjectFilters.from_query(request.GET))
    rows = (
        [
            p.name,
            p.get_kind_display(),
            p.chain.name,
            p.segment.name if p.segment else "",
            p.get_stage_display(),
            p.investor_name,
            p.source_region,
            p.planned_investment,
            p.invested,
            p.expected_output,
            p.expected_tax,
            p.policy_funds,
            p.land_mu,
            p.district.name if p.district else "",
            p.park.name if p.park else "",
            p.department.name if p.department else "",
            str(p.responsible) if p.responsible else "",
            p.last_progress_on,
            "、".join(selectors.warning_labels(p)),
        ]  # fmt: skip
        for p in qs.iterator(chunk_size=1000)
    )
    name = f"项目库-{timezone.localdate():%Y%m%d}.xlsx"
    return xlsx_response(name, "项目库", EXPORT_HEADERS, rows)


@login_required
@access(SIGNED_IN)
def project_board(request: HttpRequest) -> HttpResponse:
    f = selectors.ProjectFilters.from_query(request.GET)
    columns = selectors.board(request.user, f)
    return render(
        request,
        "projects/board.html",
        {"columns": columns, "nav": "projects", **_filter_context(request, f)},
    )


def _period(request: HttpRequest) -> tuple[datetime.date, datetime.date]:
    today = timezone.localdate()
    try:
        start = datetime.date.fromisoformat(request.GET.get("start", ""))
    except ValueError:
        start = today.replace(month=1, day=1)
    try:
        end = datetime.date.fromisoformat(request.GET.get("end", ""))
    except ValueError:
        end = today
    return start, end


@login_required
@access(SIGNED_IN)
def project_funnel(request: HttpRequest) -> HttpResponse:
    """Counts by stage for the same filters as the list and the board (the stage filter aside:
    the funnel is the stages)."""
    f = replace(selectors.ProjectFilters.from_query(request.GET), stage="")
    chains = list(visible_chains(request.user).only("id", "code", "name"))
    chain = next((c for c in chains if c.code == f.chain), None)
    if f.chain and chain is None:
        raise Http404("产业链不存在或无权查看")
    qs = selectors.filtered_projects(request.user, f)
    stages = selectors.funnel(qs)
    start, end = _period(request)
    return render(
        request,
        "projects/funnel.html",
        {
            **_filter_context(request, f),
            "chain": chain,
            "chains": chains,
            "stages": stages,
            "totals": selectors.period_totals(qs, start, end),
            "option": funnel_option(stages, chain_code=chain.code if chain else ""),
            "nav": "projects",
        },
    )


@login_required
@access(SIGNED_IN)
def warning_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.department_warnings(request.user), 100).get_page(
        request.GET.get("page")
    )
    for p in page.object_list:
        p.warning_text = "、".join(selectors.warning_labels(p))
    return render(
        request,
        "projects/warnings.html",
        {"page": page, "rule": WarningRule.current(), "nav": "projects"},
    )


@login_required
@access(scoped("project"))
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = selectors.get_project_for_user(request.user, pk)
    annotated = selectors.with_warnings(type(project).objects.filter(pk=pk)).get()
    can_edit = selectors.can_edit_project(request.user, project)
    progress = project.progress.select_related("by").prefetch_related("attachments")[:100]
    return render(
        request,
        "projects/detail.html",
        {
            "project": project,
            "warning": annotated.warning,
            "warning_text": "、".join(selectors.warning_labels(annotated)),
            "can_edit": can_edit,
            "can_report": can_edit or selectors.can_report_progress(request.user, project),
            "moves": project.moves.select_related("by"),
            "milestones": project.milestones.all(),
            "progress": progress,
            "move_form": MoveForm(project=project) if can_edit else None,
            "progress_form": ProgressForm(),
            "milestone_form": MilestoneForm(),
            "today": timezone.localdate(),
            "nav": "projects",
        },
    )


@login_required
@access(CHAIN_EDITOR)
def project_create(request: HttpRequest) -> HttpResponse:
    if not selectors.can_create_projects(request.user):
        raise PermissionDenied("无权新建项目")
    form = ProjectForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            project = services.create_project(by=request.user, **form.service_fields())
        except services.ProjectError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"已新建项目“{project.name}”")
            return redirect("projects:detail", pk=project.pk)
    return render(request, "projects/form.html", {"form": form, "nav": "projects"})


@login_required
@access(scoped("project", write=True))
def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    project = selectors.get_rw_project_for_user(request.user, pk)
    form = ProjectForm(request.POST or None, instance=project, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_project(
                project=project,
                by=request.user,
                version=form.cleaned_data.get("version"),
                **form.service_fields(),
            )
        except services.ProjectError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "已保存")
            return redirect("projects:detail", pk=project.pk)
    return render(
        request, "projects/form.html", {"form": form, "project": project, "nav": "projects"}
    )


@login_required
@require_POST
@access(scoped("project", write=True))
def project_move(request: HttpRequest, pk: int) -> HttpResponse:
    project = selectors.get_rw_project_for_user(request.user, pk)
    form = MoveForm(request.POST, project=project)
    read_version = request.POST.get("version", "")
    if read_version and read_version != str(project.version):
        # Moved or edited by someone since the page was read: the menu no longer applies.
        return _move_conflict(
            request,
            pk,
            f"项目“{project.name}”已被他人修改（当前阶段：{project.get_stage_display()}），"
            "您的操作未保存，请刷新页面后重试",
        )
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.move_stage(
                project=project, to_stage=d["to_stage"], by=request.user, note=d["note"],
                reason=d["reason"], moved_on=d["moved_on"], expected_version=d["version"],
                signed_amount=d["signed_amount"], invested_to_date=d["invested_to_date"],
            )  # fmt: skip
        except services.StageConflict as exc:
            return _move_conflict(request, pk, str(exc))
        except services.ProjectError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"已变更为“{Stage(d['to_stage']).label}”")
    else:
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, e)
    return redirect("projects:detail", pk=project.pk)


def _move_conflict(request: HttpRequest, pk: int, message: str) -> HttpResponse:
    """Someone moved or edited the project first: 409, with the page as it is now."""
    messages.error(request, message)
    response = project_detail(request, pk)
    response.status_code = 409
    return response


@login_required
@require_POST
@access(scoped("project", write=True))
def progress_add(request: HttpRequest, pk: int) -> HttpResponse:
    project = selectors.get_progress_project_for_user(request.user, pk)
    form = ProgressForm(request.POST)
    if form.is_valid():
        try:
            services.add_progress(
                project=project, by=request.user, files=request.FILES.getlist("files"),
                **form.cleaned_data,
            )  # fmt: skip
        except services.ProjectError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "已记录进展")
    else:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for e in errors:
                messages.error(request, f"{label}：{e}" if label else e)
    return redirect("projects:detail", pk=project.pk)


@login_required
@require_POST
@access(scoped("project", write=True))
def milestone_add(request: HttpRequest, pk: int) -> HttpResponse:
    project = selectors.get_progress_project_for_user(request.user, pk)
    form = MilestoneForm(request.POST)
    if form.is_valid():
        try:
            services.add_milestone(project=project, by=request.user, **form.cleaned_data)
        except services.ProjectError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "已添加节点")
    else:
        for field, errors in form.errors.items():
            for e in errors:
                messages.error(request, f"{form.fields[field].label}：{e}")
    return redirect("projects:detail", pk=project.pk)


@login_required
@require_POST
@access(scoped("project", write=True))
def milestone_done(request: HttpRequest, pk: int, mid: int) -> HttpResponse:
    project = selectors.get_progress_project_for_user(request.user, pk)
    milestone = get_object_or_404(Milestone, pk=mid, project=project)
    try:
        actual = datetime.date.fromisoformat(request.POST.get("actual_on", ""))
    except ValueError:
        actual = None
    try:
        services.complete_milestone(milestone=milestone, by=request.user, actual_on=actual)
    except services.ProjectError as exc:
        messages.error(request, str(exc))
    return redirect("projects:detail", pk=project.pk)


@login_required
@require_POST
@access(scoped("project", write=True))
def milestone_delete(request: HttpRequest, pk: int, mid: int) -> HttpResponse:
    project = selectors.get_rw_project_for_user(request.user, pk)
    services.delete_milestone(
        milestone=get_object_or_404(Milestone, pk=mid, project=project), by=request.user
    )
    return redirect("projects:detail", pk=project.pk)


@login_required
@access(scoped("project_attachment"))
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    attachment = get_object_or_404(Attachment.objects.select_related("entry"), pk=pk)
    selectors.get_project_for_user(request.user, attachment.entry.project_id)
    if not default_storage.exists(attachment.path):
        raise Http404("附件文件已丢失")
    return FileResponse(
        default_storage.open(attachment.path, "rb"), as_attachment=True, filename=attachment.name
    )


@login_required
@require_POST
@access(scoped("chain", write=True))
def from_target(request: HttpRequest) -> HttpResponse:
    """A target of the engine becomes a lead (or opens the lead that already exists)."""
    chain = get_rw_chain_for_user(request.user, code=request.POST.get("chain", ""))
    segment = None
    if (segment_pk := parse_id(request.POST.get("segment"))) is not None:
        segment = Segment.objects.filter(chain=chain, pk=segment_pk).first()
    reasons = request.POST.getlist("reasons")
    if len(reasons) == 1 and "\n" in reasons[0]:
        reasons = reasons[0].splitlines()
    try:
        project = services.create_lead_from_target(
            chain=chain, segment=segment, investor_name=request.POST.get("name", ""),
            investor_company_code=request.POST.get("company", ""),
            source_region=request.POST.get("region", ""), reasons=reasons, by=request.user,
        )  # fmt: skip
    except services.ProjectError as exc:
        messages.error(request, str(exc))
        return redirect("projects:list")
    messages.success(request, f"招商线索“{project.name}”（{project.get_stage_display()}）")
    return redirect("projects:detail", pk=project.pk)
