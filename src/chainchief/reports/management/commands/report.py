"""chainchief report chain|development|investment|meeting — generate a report in the foreground
(the same job function the page starts) and copy it to -o; it also lands in the 报告 list.

chainchief report chain CODE --period 2026Q3 -o 专题汇报.docx
chainchief report development CODE --period 2026Q3 -o 发展报告.docx
chainchief report investment CODE --period 2026Q3 -o 招商分析.docx
chainchief report meeting --run ID -o pack.docx          (pack.xlsx and pack.pdf beside it)
"""

from __future__ import annotations

from pathlib import Path

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError

from chainchief.accounts.changelog import acting_user
from chainchief.accounts.models import Role, User
from chainchief.chains.models import Chain
from chainchief.evaluation.models import Run
from chainchief.reports import jobs, services
from chainchief.reports.models import Kind, Report

KINDS = {"chain": Kind.BRIEF, "development": Kind.DEVELOPMENT, "investment": Kind.INVESTMENT}


class Command(BaseCommand):
    help = "生成报告：专题汇报、产业链发展报告、招商分析报告、点评会材料"

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        for name, label in (
            ("chain", "专题汇报"),
            ("development", "产业链发展报告"),
            ("investment", "招商分析报告"),
        ):
            p = sub.add_parser(name, help=label)
            p.add_argument("code")
            p.add_argument("--period", required=True)
            p.add_argument("-o", "--output", required=True)
            p.add_argument("--user", default="")
        m = sub.add_parser("meeting", help="点评会材料（.docx 和同名 .xlsx、.pdf）")
        m.add_argument("--run", type=int, required=True)
        m.add_argument("-o", "--output", required=True)
        m.add_argument("--user", default="")

    def handle(self, *args, **opts) -> None:
        username = opts["user"]
        user = (
            User.objects.filter(username=username, is_active=True).first()
            if username
            else User.objects.filter(role=Role.CHAIN_OFFICE, is_active=True).order_by("id").first()
        )
        if username and user is None:
            raise CommandError(f"用户“{username}”不存在或已停用")
        with acting_user(user):
            try:
                if opts["action"] == "meeting":
                    run = Run.objects.select_related("system").filter(pk=opts["run"]).first()
                    if run is None:
                        raise CommandError(f"考评 #{opts['run']} 不存在")
                    report = services.request_report(kind=Kind.MEETING, run=run, by=user)
                else:
                    chain = Chain.objects.filter(code=opts["code"]).first()
                    if chain is None:
                        raise CommandError(f"产业链“{opts['code']}”不存在")
                    report = services.request_report(
                        kind=KINDS[opts["action"]], chain=chain, period=opts["period"], by=user
                    )
            except services.ReportError as exc:
                raise CommandError(str(exc)) from None
            job = jobs.start_report_job(report=report, user=user, foreground=True)
        report = Report.objects.get(pk=report.pk)
        if report.status != Report.Status.DONE:
            raise CommandError(job.error or report.error or "生成失败")
        out = Path(opts["output"])
        out.write_bytes(default_storage.open(report.file, "rb").read())
        self.stdout.write(f"已生成 {out}")
        if report.xlsx:
            xlsx = out.with_suffix(".xlsx")
            xlsx.write_bytes(default_storage.open(report.xlsx, "rb").read())
            self.stdout.write(f"已生成 {xlsx}")
        if report.pdf:
            pdf = out.with_suffix(".pdf")
            pdf.write_bytes(default_storage.open(report.pdf, "rb").read())
            self.stdout.write(f"已生成 {pdf}")
