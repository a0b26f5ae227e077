"""Uploads of any import spec: store → preview (a job) → apply (a job) → clean up.

The request only stores the file and starts a job; reading, checking and writing run in the
worker with progress on the upload's page (/imports/<id>/), so no request blocks.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from chainchief.imports.base import ImportReport
from chainchief.imports.models import Upload, UploadStatus
from chainchief.imports.registry import get_spec
from chainchief.imports.tables import SUFFIXES_TEXT, SUPPORTED_SUFFIXES, size_error
from chainchief.jobs.services import JobError, start_job


class UploadRefused(Exception):
    """The upload cannot be taken; the message (Chinese) says why."""


def _keep_hours() -> int:
    return int(getattr(settings, "CHAINCHIEF_IMPORT_KEEP_HOURS", 24))


def store_upload(*, user, kind: str, uploaded_file) -> Upload:
    """Keep the file and start its preview job."""
    spec = get_spec(kind)
    if spec is None:
        raise UploadRefused(f"没有“{kind}”这种导入内容")
    if not spec.allowed(user):
        raise PermissionDenied(f"无权导入{spec.title}")
    if uploaded_file is None:
        raise UploadRefused(f"请选择要导入的 {SUFFIXES_TEXT} 文件")
    name = Path(uploaded_file.name or "").name[:200]
    suffix = Path(name).suffix.lower()
    if suffix == ".xls":
        raise UploadRefused("不支持旧版 .xls 文件，请在 Excel 中另存为 .xlsx")
    if suffix not in SUPPORTED_SUFFIXES:
        raise UploadRefused(f"仅支持 {SUFFIXES_TEXT} 文件")
    problem = size_error(uploaded_file.size or 0, spec.max_bytes)
    if problem:
        raise UploadRefused(problem)
    remove_old_uploads()
    upload = Upload(kind=kind, user=user, filename=name, size=uploaded_file.size or 0)
    upload.file.save(f"upload{suffix}", uploaded_file, save=False)
    upload.save()
    job = start_job(
        kind="import",
        title=f"预览导入：{spec.title} · {name}",
        user=user,
        func_path="chainchief.imports.services.preview_upload",
        params={"upload_id": upload.pk},
    )
    Upload.objects.filter(pk=upload.pk).update(preview_job=job)
    upload.refresh_from_db()
    return upload


def start_apply(*, upload: Upload, by) -> Upload:
    """Write a previewed upload (all or nothing) in a job."""
    if upload.user_id != by.pk:
        raise PermissionDenied("只能确认自己上传的文件")
    if not upload.can_apply:
        raise UploadRefused("该文件不能导入：请先预览，且预览中没有错误")
    claimed = Upload.objects.filter(pk=upload.pk, status=UploadStatus.CHECKED).update(
        status=UploadStatus.APPLYING
    )
    if not claimed:
        raise UploadRefused("该文件已在导入中")
    spec = get_spec(upload.kind)
    job = start_job(
        kind="import",
        title=f"导入：{spec.title} · {upload.filename}",
        user=by,
        func_path="chainchief.imports.services.apply_upload",
        params={"upload_id": upload.pk},
    )
    Upload.objects.filter(pk=upload.pk).update(apply_job=job)
    upload.refresh_from_db()
    return upload


def _run(progress, upload: Upload, *, dry_run: bool) -> ImportReport:
    spec = get_spec(upload.kind)
    if spec is None or not spec.allowed(upload.user):
        raise JobError("无权导入该内容")
    if not upload.file:
        raise JobError("上传的文件已被清理，请重新上传")
    try:
        path = upload.file.path
    except (NotImplementedError, ValueError) as exc:
        raise JobError("上传的文件已被清理，请重新上传") from exc
    if not Path(path).exists():
        raise JobError("上传的文件已被清理，请重新上传")
    progress.link(upload.get_absolute_url())
    return spec(upload.user).run(
        path, dry_run=dry_run, user=upload.user, filename=upload.filename, progress=progress
    )


def preview_upload(progress, *, upload_id: int) -> dict:
    """Job: read and check every row; write nothing."""
    upload = Upload.objects.select_related("user").get(pk=upload_id)
    try:
        report = _run(progress, upload, dry_run=True)
    except JobError:
        Upload.objects.filter(pk=upload.pk).update(status=UploadStatus.FAILED)
        raise
    status = UploadStatus.CHECKED if report.ok and not report.cancelled else UploadStatus.FAILED
    Upload.objects.filter(pk=upload.pk).update(preview=report.as_json(), status=status)
    if status == UploadStatus.FAILED:
        _drop_file(upload)  # a corrected file is uploaded again
    return {"数据行": report.total_rows, "错误": len(report.errors)}


def apply_upload(progress, *, upload_id: int) -> dict:
    """Job: read and check again against the database as it is now, then write it all."""
    upload = Upload.objects.select_related("user").get(pk=upload_id)
    try:
        report = _run(progress, upload, dry_run=False)
    except JobError:
        Upload.objects.filter(pk=upload.pk).update(status=UploadStatus.FAILED)
        raise
    status = UploadStatus.APPLIED if report.applied else UploadStatus.FAILED
    Upload.objects.filter(pk=upload.pk).update(result=report.as_json(), status=status)
    if report.applied:
        _drop_file(upload)
    return {
        "新增": report.created,
        "更新": report.updated,
        "无变化": report.unchanged,
        "错误": len(report.errors),
    }


def _drop_file(upload: Upload) -> None:
    if upload.file:
        upload.file.delete(save=False)
        Upload.objects.filter(pk=upload.pk).update(file="")


def remove_old_uploads(now: datetime.datetime | None = None) -> int:
    """Delete the files of uploads older than CHAINCHIEF_IMPORT_KEEP_HOURS (default 24) and
    the records older than 30 days; returns how many files were removed."""
    now = now or timezone.now()
    removed = 0
    cutoff = now - datetime.timedelta(hours=_keep_hours())
    for upload in Upload.objects.filter(created_at__lt=cutoff).exclude(file=""):
        upload.file.delete(save=False)
        Upload.objects.filter(pk=upload.pk).update(file="")
        removed += 1
    Upload.objects.filter(created_at__lt=now - datetime.timedelta(days=30)).delete()
    return removed


def cleanup_tick(progress, *, today: str) -> dict:
    """Nightly tick: old uploads go (see remove_old_uploads)."""
    return {"removed_files": remove_old_uploads()}
