"""Report generation as a background job (jobs app); the command runs the same function."""

from __future__ import annotations

from django.urls import reverse

from chainchief.jobs.services import JobError
from chainchief.reports import services
from chainchief.reports.models import Report


def generate_report_job(progress, *, report_id: int) -> dict:
    report = Report.objects.select_related("chain", "run__system").get(pk=report_id)
    progress.link(reverse("reports:list"))
    progress.update(0, 2, f"正在生成“{report.title}”")
    try:
        report = services.generate(report=report)
    except Exception as exc:
        services.fail(report=report, error=f"生成失败（{exc.__class__.__name__}）")
        raise JobError(f"报告“{report.title}”生成失败，请联系系统管理员查看日志") from exc
    progress.update(2, 2, "已生成")
    return {"report": report.pk, "file": report.file, "xlsx": report.xlsx}


def start_report_job(*, report: Report, user, foreground: bool = False):
    from chainchief.jobs.services import run_job_foreground, start_job

    start = run_job_foreground if foreground else start_job
    job = start(
        kind="report",
        title=f"生成报告：{report.title}",
        user=user,
        func_path="chainchief.reports.jobs.generate_report_job",
        params={"report_id": report.pk},
        chain=report.chain,
    )
    Report.objects.filter(pk=report.pk).update(job_id=str(job.pk))
    return job
