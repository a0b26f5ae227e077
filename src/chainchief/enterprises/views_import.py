"""The import page (数据导入): template download, upload and preview, then apply.

The uploaded file is kept server-side under DATA_DIR/uploads/<token><suffix>; the token is
remembered in the user's session with the kind and file name, so 确认导入 re-reads the very
file that was previewed and a client cannot point the server at another file or kind.
"""

from __future__ import annotations

import re
import secrets
import time
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from chainchief.accounts.scoping import require_city_manager
from chainchief.enterprises.importing import (
    KIND_LABELS,
    KINDS,
    import_file,
    template_bytes,
    template_filename,
)
from chainchief.enterprises.imports.tables import SUPPORTED_SUFFIXES
from chainchief.web.excel import XLSX_TYPE

SESSION_KEY = "enterprise_imports"
MAX_ERRORS_SHOWN = 200
UPLOAD_MAX_AGE = 24 * 3600
_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")


def _upload_dir() -> Path:
    path = Path(settings.DATA_DIR) / "uploads"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _remove_stale_uploads(folder: Path) -> None:
    cutoff = time.time() - UPLOAD_MAX_AGE
    for old in folder.glob("import-*"):
        if old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)


def _store_upload(request: HttpRequest, upload, kind: str) -> tuple[str, Path]:
    folder = _upload_dir()
    _remove_stale_uploads(folder)
    token = secrets.token_urlsafe(24)
    path = folder / f"import-{token}{Path(upload.name).suffix.lower()}"
    with path.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    pending = request.session.get(SESSION_KEY, {})
    pending[token] = {"kind": kind, "name": upload.name, "path": path.name}
    request.session[SESSION_KEY] = pending
    return token, path


def _pending_upload(request: HttpRequest, token: str) -> tuple[dict, Path] | None:
    entry = request.session.get(SESSION_KEY, {}).get(token) if _TOKEN.fullmatch(token) else None
    if entry is None:
        return None
    path = _upload_dir() / entry["path"]
    return (entry, path) if path.exists() else None


def _forget_upload(request: HttpRequest, token: str, path: Path) -> None:
    pending = request.session.get(SESSION_KEY, {})
    pending.pop(token, None)
    request.session[SESSION_KEY] = pending
    path.unlink(missing_ok=True)


def _render(request: HttpRequest, kind: str, status: int = 200, **context) -> HttpResponse:
    report = context.get("report")
    return render(
        request,
        "enterprises/import.html",
        {
            "nav": "import",
            "kind": kind,
            "kinds": list(KIND_LABELS.items()),
            "kind_label": KIND_LABELS[kind],
            "errors": report.errors[:MAX_ERRORS_SHOWN] if report else [],
            "accept": ",".join(SUPPORTED_SUFFIXES),
            **context,
        },
        status=status,
    )


@login_required
def import_page(request: HttpRequest) -> HttpResponse:
    require_city_manager(request.user)
    kind = request.POST.get("kind") or request.GET.get("kind") or "enterprises"
    if kind not in KINDS:
        kind = "enterprises"
    if request.method != "POST":
        return _render(request, kind)
    if request.POST.get("action") == "apply":
        return _apply(request)
    upload = request.FILES.get("file")
    if upload is None:
        return _render(request, kind, form_error=_("请选择要导入的 .xlsx 或 .csv 文件"), status=400)
    if Path(upload.name).suffix.lower() not in SUPPORTED_SUFFIXES:
        return _render(request, kind, form_error=_("仅支持 .xlsx 或 .csv 文件"), status=400)
    token, path = _store_upload(request, upload, kind)
    report = import_file(path, kind, dry_run=True, user=request.user, filename=upload.name)
    if not report.ok:
        _forget_upload(request, token, path)  # a corrected file is uploaded again
        token = ""
    return _render(request, kind, report=report, token=token)


def _apply(request: HttpRequest) -> HttpResponse:
    token = request.POST.get("token", "")
    found = _pending_upload(request, token)
    if found is None:
        messages.error(request, _("上传的文件已失效，请重新上传并预览"))
        return redirect("enterprises:import")
    entry, path = found
    kind = entry["kind"]
    report = import_file(path, kind, dry_run=False, user=request.user, filename=entry["name"])
    if report.applied:
        _forget_upload(request, token, path)
        return _render(request, kind, report=report, applied=True)
    # The data changed since the preview; the file stays so the user can look again.
    return _render(request, kind, report=report, token="")


@login_required
def import_template(request: HttpRequest, kind: str) -> HttpResponse:
    require_city_manager(request.user)
    if kind not in KINDS:
        raise Http404(_("没有这种导入模板"))
    response = HttpResponse(template_bytes(kind), content_type=XLSX_TYPE)
    response["Content-Disposition"] = (
        f"attachment; filename*=UTF-8''{quote(template_filename(kind))}"
    )
    return response
