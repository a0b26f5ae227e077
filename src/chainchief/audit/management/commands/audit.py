"""chainchief audit … — audit plans, the rectification ledger, warnings and the annual report.

chainchief audit plan show 2026 [--version N] [--user USERNAME]
chainchief audit ledger 2026 -o 台账.xlsx [--unit 名称] [--user USERNAME]
chainchief audit warnings [--date YYYY-MM-DD]          run the early-warning rules now
chainchief audit report 2026 -o 报告.docx [--user USERNAME]

With --user, the command sees what that user may see (audit.access); without it, it runs as
the server's administrator (all audit data).
"""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError

from chainchief.accounts.models import User
from chainchief.audit import access, selectors, services
from chainchief.audit.models import AuditPlan, Finding
from chainchief.web.excel import build_workbook


class Command(BaseCommand):
    help = "审计：年度计划、整改台账、预警、年度报告"

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        plan = sub.add_parser("plan", help="年度审计项目计划")
        plan.add_argument("what", choices=["show"])
        plan.add_argument("year", type=int)
        plan.add_argument("--version", type=int)
        plan.add_argument("--user", default="")
        ledger = sub.add_parser("ledger", help="导出整改台账 .xlsx")
        ledger.add_argument("year", type=int)
        ledger.add_argument("-o", "--output", required=True)
        ledger.add_argument("--unit", default="")
        ledger.add_argument("--user", default="")
        warn = sub.add_parser("warnings", help="立即运行审计预警规则")
        warn.add_argument("--date", default="")
        report = sub.add_parser("report", help="生成年度审计工作报告 .docx")
        report.add_argument("year", type=int)
        report.add_argument("-o", "--output", required=True)
        report.add_argument("--user", default="")

    def _user(self, username: str):
        if not username:
            return None
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"用户“{username}”不存在或已停用")
        return user

    def _require_all(self, user) -> None:
        if user is not None and not access.sees_all_audit(user):
            raise CommandError("无权查看审计计划和报告（仅审计人员和审计委员会成员）")

    def handle(self, *args, **opts) -> None:
        getattr(self, f"_{opts['action']}")(opts)

    def _plan(self, opts) -> None:
        self._require_all(self._user(opts["user"]))
        plan = AuditPlan.objects.filter(year=opts["year"]).first()
        if plan is None:
            raise CommandError(f"{opts['year']} 年度审计项目计划不存在")
        version = (
            plan.versions.filter(number=opts["version"]).first()
            if opts["version"]
            else services.current_version(plan)
        )
        if version is None:
            raise CommandError(f"第{opts['version']}版不存在")
        out = self.stdout
        out.write(f"{plan.title}  第{version.number}版  {version.get_status_display()}")
        if version.reason:
            out.write(f"调整原因：{version.reason}")
        for i in version.items.all():
            extra = f"  {i.cadre_name}（{i.get_cadre_mode_display()}）" if i.cadre_name else ""
            out.write(
                f"{i.key}  {i.name}  {i.get_kind_display()}  {i.get_focus_area_display()}  "
                f"{i.audited_units}  {i.get_source_display()}{extra}"
            )
        out.write(f"共 {version.items.count()} 个审计项目")

    def _ledger(self, opts) -> None:
        user = self._user(opts["user"])
        findings = access.visible_findings(user) if user else Finding.objects.all()
        params = {"year": str(opts["year"])}
        qs = selectors.ledger(user, params) if user else findings.filter(audit__year=opts["year"])
        if opts["unit"]:
            qs = qs.filter(unit__name=opts["unit"])
        qs = qs.select_related("audit", "category", "unit", "rectification").order_by(
            "audit_id", "number"
        )
        wb = build_workbook("整改台账", selectors.LEDGER_HEADERS, selectors.ledger_rows(qs),
                            title=f"{opts['year']}年度审计整改台账")  # fmt: skip
        wb.save(opts["output"])
        figures = selectors.ledger_figures(qs)
        rate = f"{figures['rate']}%" if figures["rate"] is not None else "—"
        self.stdout.write(f"已导出 {figures['total']} 行到 {opts['output']}；整改率 {rate}")

    def _warnings(self, opts) -> None:
        from chainchief.audit.warnings import run_rules

        day = datetime.date.fromisoformat(opts["date"]) if opts["date"] else None
        for code, n in run_rules(today=day).items():
            self.stdout.write(f"{code}: {n}")

    def _report(self, opts) -> None:
        """The report mechanism's job in the foreground; the report also lands in the 报告 list."""
        user = self._user(opts["user"])
        self._require_all(user)
        from django.core.files.storage import default_storage

        from chainchief.reports import jobs, services
        from chainchief.reports.models import Kind, Report

        try:
            report = services.request_report(
                kind=Kind.AUDIT_ANNUAL, period=str(opts["year"]), by=user
            )
        except services.ReportError as exc:
            raise CommandError(str(exc)) from None
        job = jobs.start_report_job(report=report, user=user, foreground=True)
        report = Report.objects.get(pk=report.pk)
        if report.status != Report.Status.DONE:
            raise CommandError(job.error or report.error or "生成失败")
        with default_storage.open(report.file, "rb") as src, open(opts["output"], "wb") as fh:
            fh.write(src.read())
        self.stdout.write(f"已生成 {opts['output']}")
