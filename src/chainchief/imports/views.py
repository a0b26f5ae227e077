"""数据导入: one page for every registered list (template, upload, preview, confirm).

Upload → a preview job → the upload's page polls it and shows every error by row and column
→ 确认导入 starts the apply job → the page shows its progress and the outcome."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chainchief.accounts.access import Rule, access, scoped
from chainchief.accounts.scoping import can_manage_city, visible_jobs
from chainchief.imports import services
from chainchief.imports.models import Upload, UploadStatus
from chainchief.imports.registry import get_spec, specs_for
from chainchief.imports.tables import SUPPORTED_SUFFIXES, max_bytes
from chainchief.imports.template import template_bytes, template_filename
from chainchief.web.excel import XLSX_TYPE

MAX_ERRORS_SHOWN = 200
# Whoever may import at least one registered list (each spec's `allowed`).
IMPORTER = Rule("importer", lambda user: user.is_authenticated and bool(specs_for(user)))


def get_upload_for_user(user, pk: int) -> Upload:
    """An upload is seen by whoever uploaded it and by the chain office; 404 otherwise."""
    qs = Upload.objects.select_related("user", "preview_job", "apply_job")
    if not can_manage_city(user):
        qs = qs.filter(user=user)
    upload = qs.filter(pk=pk).first()
    if upload is None:
        raise Http404(_("导入文件不存在或无权查看"))
    return upload


def _home(request: HttpRequest, specs, kind: str, status: int = 200, **context) -> HttpResponse:
    uploads = Upload.objects.filter(user=request.user, kind__in=[s.kind for s in specs])
    page = Paginator(uploads, 20).get_page(request.GET.get("page"))
    titles = {s.kind: s.title for s in specs}
    for upload in page:
        upload.spec_title = titles.get(upload.kind, upload.kind)
    return render(
        request,
        "imports/home.html",
        {
            "nav": "import",
            "specs": specs,
            "kind": kind,
            "accept": ",".join(SUPPORTED_SUFFIXES),
            "max_mb": max_bytes() // (1024 * 1024),
            "page": page,
            **context,
        },
        status=status,
    )


@login_required
@access(IMPORTER)  # lists only the specs the user may import (spec.allowed)
def home(request: HttpRequest) -> HttpResponse:
    specs = specs_for(request.user)
    kinds = [s.kind for s in specs]
    kind = request.POST.get("kind") or request.GET.get("kind") or kinds[0]
    if kind not in kinds:
        if request.method == "POST":
            raise PermissionDenied(_("无权导入该内容"))
        kind = kinds[0]
    if request.method != "POST":
        return _home(request, specs, kind)
    try:
        upload = services.store_upload(
            user=request.user, kind=kind, uploaded_file=request.FILES.get("file")
        )
    except services.UploadRefused as exc:
        return _home(request, specs, kind, status=400, form_error=str(exc))
    return redirect(upload)


@login_required
@access(scoped("upload"))
def upload_detail(request: HttpRequest, pk: int) -> HttpResponse:
    upload = get_upload_for_user(request.user, pk)
    spec = get_spec(upload.kind)
    report = upload.result or upload.preview
    job = upload.current_job
    context = {
        "nav": "import",
        "upload": upload,
        "spec": spec,
        "job": job,
        "report": report,
        "errors": (report or {}).get("errors", [])[:MAX_ERRORS_SHOWN],
        "busy": upload.status in (UploadStatus.CHECKING, UploadStatus.APPLYING)
        and job is not None
        and not job.is_finished,
        "is_owner": upload.user_id == request.user.pk,
        "followup": visible_jobs(request.user)
        .filter(pk=(report or {}).get("followup_job") or 0)
        .first(),
    }
    template = "imports/_upload_body.html" if request.htmx else "imports/upload.html"
    return render(request, template, context)


@login_required
@access(scoped("upload"))  # only its uploader may confirm it (services.start_apply)
@require_POST
def upload_apply(request: HttpRequest, pk: int) -> HttpResponse:
    upload = get_upload_for_user(request.user, pk)
    try:
        services.start_apply(upload=upload, by=request.user)
    except services.UploadRefused as exc:
        messages.error(request, str(exc))
    return redirect(upload)


@login_required
@access(IMPORTER)  # and the spec itself decides (spec.allowed); others get 403
def template_download(request: HttpRequest, kind: str) -> HttpResponse:
    spec = get_spec(kind)
    if spec is None:
        raise Http404(_("没有这种导入模板"))
    if not spec.allowed(request.user):
        raise PermissionDenied(_("无权导入该内容"))
    from urllib.parse import quote

    response = HttpResponse(template_bytes(spec(request.user)), content_type=XLSX_TYPE)
    response["Content-Disposition"] = (
        f"attachment; filename*=UTF-8''{quote(template_filename(spec))}"
    )
    return response
