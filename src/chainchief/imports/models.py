from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class UploadStatus(models.TextChoices):
    CHECKING = "checking", _("预览中")
    CHECKED = "checked", _("已预览")
    APPLYING = "applying", _("导入中")
    APPLIED = "applied", _("已导入")
    FAILED = "failed", _("未导入")


class Upload(models.Model):
    """One uploaded file of one import spec, from preview to apply. The file is removed once
    applied, and old uploads (files and rows) are cleaned up (services.remove_old_uploads)."""

    kind = models.CharField(_("导入内容"), max_length=40)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_uploads"
    )
    filename = models.CharField(_("文件名"), max_length=255)
    file = models.FileField(upload_to="imports/%Y/%m/", max_length=255, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    status = models.CharField(
        _("状态"), max_length=10, choices=UploadStatus.choices, default=UploadStatus.CHECKING
    )
    preview = models.JSONField(null=True, blank=True)
    result = models.JSONField(null=True, blank=True)
    preview_job = models.ForeignKey(
        "jobs.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    apply_job = models.ForeignKey(
        "jobs.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("导入文件")
        verbose_name_plural = _("导入文件")

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("imports:upload", args=[self.pk])

    @property
    def current_job(self):
        return self.apply_job or self.preview_job

    @property
    def can_apply(self) -> bool:
        p = self.preview or {}
        return (
            self.status == UploadStatus.CHECKED
            and not p.get("error_count")
            and bool(p.get("created") or p.get("updated"))
            and bool(self.file)
        )
