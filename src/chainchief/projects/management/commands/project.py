"""chainchief project list|create|move|import — the project library from the command line.

chainchief project list [--chain CODE] [--stage S] [--json]
chainchief project create --chain CODE --name NAME [--kind K] [--segment ID] [--investor N]
                          [--region R] [--investment 5亿元] [--user USERNAME]
chainchief project move ID STAGE [--note N] [--reason R] [--user USERNAME]
chainchief project import FILE [--dry-run] [--user USERNAME]
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from chainchief.accounts.changelog import acting_user
from chainchief.accounts.models import Role, User
from chainchief.accounts.scoping import editable_chains
from chainchief.enterprises.validators import InvalidValue, parse_money
from chainchief.projects import importing, selectors, services
from chainchief.projects.models import Kind, Project


class Command(BaseCommand):
    help = "项目库：列出、新建、变更阶段、导入"

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        ls = sub.add_parser("list", help="列出项目")
        ls.add_argument("--chain", default="")
        ls.add_argument("--stage", default="")
        ls.add_argument("--warning", default="", choices=["", "red", "yellow", "any", "none"])
        ls.add_argument("--json", action="store_true")
        ls.add_argument("--user", default="")
        cr = sub.add_parser("create", help="新建项目")
        cr.add_argument("--chain", required=True)
        cr.add_argument("--name", required=True)
        cr.add_argument("--kind", default=Kind.ATTRACTION, choices=Kind.values)
        cr.add_argument("--segment", type=int)
        cr.add_argument("--investor", default="")
        cr.add_argument("--region", default="")
        cr.add_argument("--investment", default="", help="计划总投资，如 3500（万元）或 5亿元")
        cr.add_argument("--user", default="")
        mv = sub.add_parser("move", help="变更阶段")
        mv.add_argument("id", type=int)
        mv.add_argument("stage")
        mv.add_argument("--note", default="")
        mv.add_argument("--reason", default="")
        mv.add_argument("--user", default="")
        im = sub.add_parser("import", help="从 .xlsx 导入项目")
        im.add_argument("file")
        im.add_argument("--dry-run", action="store_true")
        im.add_argument("--user", default="")

    def _user(self, username: str) -> User:
        if username:
            user = User.objects.filter(username=username, is_active=True).first()
            if user is None:
                raise CommandError(f"用户“{username}”不存在或已停用")
            return user
        # Without --user the command acts as the chain office (an administrator's shell).
        user = User.objects.filter(role=Role.CHAIN_OFFICE, is_active=True).order_by("id").first()
        if user is None:
            user = User.objects.filter(is_superuser=True).order_by("id").first()
        if user is None:
            raise CommandError("没有可用的产业链推进办公室用户，请用 --user 指定")
        return user

    def handle(self, *args, **opts) -> None:
        user = self._user(opts["user"])
        with acting_user(user):
            getattr(self, f"_{opts['action']}")(user, opts)

    def _list(self, user: User, opts) -> None:
        qs = selectors.project_list(
            user, {"chain": opts["chain"], "stage": opts["stage"], "warning": opts["warning"]}
        )
        rows = [
            {
                "id": p.pk,
                "name": p.name,
                "chain": p.chain.code,
                "kind": p.kind,
                "stage": p.stage,
                "investor": p.investor_name,
                "planned_investment": str(p.planned_investment or ""),
                "invested": str(p.invested),
                "warning": p.warning,
                "warnings": selectors.warning_labels(p),
            }  # fmt: skip
            for p in qs.iterator(chunk_size=1000)
        ]
        if opts["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for r in rows:
            warn = f" [{'、'.join(r['warnings'])}]" if r["warnings"] else ""
            self.stdout.write(f"{r['id']:>6}  {r['chain']:<8} {r['stage']:<13} {r['name']}{warn}")
        self.stdout.write(f"共 {len(rows)} 个项目")

    def _create(self, user: User, opts) -> None:
        chain = editable_chains(user).filter(code=opts["chain"]).first()
        if chain is None:
            raise CommandError(f"产业链“{opts['chain']}”不存在或无权修改")
        segment = None
        if opts["segment"]:
            segment = chain.segments.filter(pk=opts["segment"]).first()
            if segment is None:
                raise CommandError(f"产业链“{chain.name}”下没有编号为 {opts['segment']} 的环节")
        try:
            project = services.create_project(
                by=user, name=opts["name"], kind=opts["kind"], chain=chain, segment=segment,
                investor_name=opts["investor"], source_region=opts["region"],
                planned_investment=parse_money(opts["investment"]),
            )  # fmt: skip
        except (services.ProjectError, InvalidValue) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"已新建项目 {project.pk}：{project.name}（{project.get_stage_display()}）"
        )

    def _move(self, user: User, opts) -> None:
        project = Project.objects.filter(pk=opts["id"]).first()
        if project is None or not selectors.visible_projects(user).filter(pk=project.pk).exists():
            raise CommandError(f"项目 {opts['id']} 不存在或无权查看")
        if not selectors.can_edit_project(user, project):
            raise CommandError(f"用户“{user.username}”无权修改项目 {project.pk}")
        try:
            project = services.move_stage(
                project=project, to_stage=opts["stage"], by=user, note=opts["note"],
                reason=opts["reason"],
            )  # fmt: skip
        except services.ProjectError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"项目 {project.pk} 已变更为“{project.get_stage_display()}”")

    def _import(self, user: User, opts) -> None:
        report = importing.import_file(opts["file"], user=user, dry_run=opts["dry_run"])
        for error in report.errors:
            self.stderr.write(str(error))
        if report.errors:
            raise CommandError(f"有 {len(report.errors)} 处错误，未导入任何数据")
        counts = f"新增 {report.created} 个，更新 {report.updated} 个，未变 {report.unchanged} 个"
        if opts["dry_run"]:
            self.stdout.write(f"预览（未写入）：{counts}")
            return
        self.stdout.write(f"导入完成：{counts}")
