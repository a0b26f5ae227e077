"""Downloads and uploads of the project library: the 五单 lists and the Excel import."""

from __future__ import annotations

import uuid
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from chainchief.projects import importing, selectors, services
from chainchief.projects.exports import five_list_response
from chainchief.web.excel import XLSX_TYPE, workbook_bytes
from chainchief.web.models import City

IMPORT_DIR = "project_imports"


@login_required
def five_list_export(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in ("major", "key"):
        raise Http404("没有这个清单")
    qs = selectors.visible_projects(request.user)
    if request.GET.get("chain"):
        qs = qs.filter(chain__code=request.GET["chain"])
    return five_list_response(kind, qs, City.current().name)


@login_required
def import_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(workbook_bytes(importing.template_workbook()), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote('项目导入模板.xlsx')}"
    return response


def _import_path(token: str) -> Path:
    return Path(settings.MEDIA_ROOT) / IMPORT_DIR / f"{token}.xlsx"


@login_required
def import_page(request: HttpRequest) -> HttpResponse:
    """Upload → preview (nothing written) → confirm → apply all or nothing."""
    if not selectors.can_create_projects(request.user):
        raise PermissionDenied("无权导入项目")
    context: dict = {"nav": "projects", "columns": importing.COLUMNS}
    if request.method == "POST" and request.POST.get("token"):
        token = request.POST["token"]
        if token != request.session.get("project_import_token"):
            raise PermissionDenied("导入已过期，请重新上传")
        path = _import_path(token)
        with path.open("rb") as f:
            plan = importing.plan_import(f, user=request.user)
        try:
            summary = importing.apply_import(plan, user=request.user)
        except services.ProjectError as exc:
            messages.error(request, str(exc))
            context["plan"] = plan
        else:
            path.unlink(missing_ok=True)
            request.session.pop("project_import_token", None)
            messages.success(
                request,
                f"导入完成：新增 {summary['created']} 个，更新 {summary['updated']} 个，"
                f"未变 {summary['unchanged']} 个",
            )
            return redirect("projects:list")
    elif request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, "请选择要导入的 .xlsx 文件")
        else:
            token = uuid.uuid4().hex
            path = _import_path(token)
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("wb") as f:
                for chunk in upload.chunks():
                    f.write(chunk)
            with path.open("rb") as f:
                context["plan"] = importing.plan_import(f, user=request.user)
            request.session["project_import_token"] = token
            context["token"] = token
    return render(request, "projects/import.html", context)
