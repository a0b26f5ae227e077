"""Documents the chain office would otherwise write by hand (专题汇报, 产业链发展报告, 招商分析报告,
点评会材料; and the audit bureau's 年度审计工作报告, period = the year), generated in the background from the platform's data, and the templates
(.docx) the office restyles and uploads."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chainchief.accounts.changelog import track


class Kind(models.TextChoices):
    BRIEF = "brief", _("专题汇报")
    DEVELOPMENT = "development", _("产业链发展报告")
    INVESTMENT = "investment", _("招商分析报告")
    MEETING = "meeting", _("点评会材料")
    AUDIT_ANNUAL = "audit_annual", _("年度审计工作报告")


@track
class Report(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("生成中")
        DONE = "done", _("已生成")
        FAILED = "failed", _("生成失败")

    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("标题"), max_length=200)
    chain = models.ForeignKey(
        "chains.Chain",
        verbose_name=_("产业链"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    run = models.ForeignKey(
        "evaluation.Run",
        verbose_name=_("考评"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
    )
    period = models.CharField(_("期间"), max_length=10, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    file = models.CharField(_("文档"), max_length=300, blank=True)
    xlsx = models.CharField(_("表格"), max_length=300, blank=True)
    pdf = models.CharField(_("PDF"), max_length=300, blank=True)
    template_name = models.CharField(_("所用模板"), max_length=200, blank=True)
    error = models.TextField(_("错误"), blank=True)
    job_id = models.CharField(_("后台任务"), max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("生成人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("生成时间"), auto_now_add=True, db_index=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("报告")
        verbose_name_plural = _("报告")

    def __str__(self) -> str:
        return self.title


@track
class ReportTemplate(models.Model):
    """A .docx whose styles (fonts, headings, letterhead in the header) the documents use."""

    kind = models.CharField(
        _("适用报告"), max_length=20, choices=[("default", _("全部报告")), *Kind.choices]
    )
    name = models.CharField(_("名称"), max_length=200)
    path = models.CharField(_("文件"), max_length=300)
    active = models.BooleanField(_("启用"), default=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = _("报告模板")
        verbose_name_plural = _("报告模板")

    def __str__(self) -> str:
        return self.name
