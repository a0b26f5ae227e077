"""chainchief evaluation run|load|dump — the review meeting's evaluation from the command line.

chainchief evaluation run 2026-Q3 [--system ID] [--publish] [--user USERNAME]
chainchief evaluation load FILE.yaml
chainchief evaluation dump ID [-o FILE.yaml]
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from chainchief.accounts.changelog import acting_user
from chainchief.accounts.models import Role, User
from chainchief.evaluation import jobs, services
from chainchief.evaluation.models import ChainResult, IndicatorSystem, Run
from chainchief.evaluation.periods import PeriodError, parse_period
from chainchief.evaluation.yaml_io import SystemFileError, dump_system_yaml, load_system_yaml


class Command(BaseCommand):
    help = "点评会考评：计算、载入或导出指标体系"

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        run = sub.add_parser("run", help="计算一期考评（生成新版本）")
        run.add_argument("period", help="2026-Q3、2026Q3、2026-07 或 2026")
        run.add_argument("--system", type=int, help="指标体系编号（默认：该年度唯一的指标体系）")
        run.add_argument("--publish", action="store_true", help="计算后发布（冻结）")
        run.add_argument("--user", default="")
        load = sub.add_parser("load", help="从 YAML 载入指标体系（全部成功或全部不载入）")
        load.add_argument("file")
        dump = sub.add_parser("dump", help="把指标体系导出为 YAML")
        dump.add_argument("id", type=int)
        dump.add_argument("-o", "--output", default="")

    def _user(self, username: str) -> User:
        if username:
            user = User.objects.filter(username=username, is_active=True).first()
            if user is None:
                raise CommandError(f"用户“{username}”不存在或已停用")
            return user
        user = User.objects.filter(role=Role.CHAIN_OFFICE, is_active=True).order_by("id").first()
        return user or User.objects.filter(is_superuser=True).order_by("id").first()

    def handle(self, *args, **opts) -> None:
        getattr(self, f"_{opts['action']}")(opts)

    def _run(self, opts) -> None:
        try:
            period = parse_period(opts["period"])
        except PeriodError as exc:
            raise CommandError(str(exc)) from None
        if opts["system"]:
            system = IndicatorSystem.objects.filter(pk=opts["system"]).first()
        else:
            systems = list(IndicatorSystem.objects.filter(year=period.year))
            if len(systems) > 1:
                raise CommandError(
                    f"{period.year} 年有 {len(systems)} 个指标体系，请用 --system 指定："
                    + "、".join(f"{s.pk} {s.name}" for s in systems)
                )
            system = systems[0] if systems else None
        if system is None:
            raise CommandError(
                f"没有 {period.year} 年的指标体系，请先用 chainchief evaluation load 载入"
            )
        user = self._user(opts["user"])
        with acting_user(user):
            try:
                run = services.create_run(system=system, period=period.code, by=user)
            except services.EvaluationError as exc:
                raise CommandError(str(exc)) from None
            job = jobs.start_run_job(run=run, user=user, publish=opts["publish"], foreground=True)
        run = Run.objects.get(pk=run.pk)
        if job.status != "succeeded":
            raise CommandError(job.error or run.error or "计算失败")
        self.stdout.write(
            f"考评 #{run.pk}：{system.name} {run.period} 第{run.number}版（{run.get_status_display()}）"
        )
        for r in ChainResult.objects.filter(run=run).select_related("chain").order_by("rank"):
            veto = f"  否决：{r.veto_reason}" if r.veto_reason else ""
            self.stdout.write(f"{r.rank:>3}  {r.chain.name:<12} {r.total:>8}  {r.grade}{veto}")

    def _load(self, opts) -> None:
        try:
            system = load_system_yaml(Path(opts["file"]).read_text(encoding="utf-8-sig"))
        except (OSError, SystemFileError) as exc:
            raise CommandError(f"未载入：{exc}") from None
        self.stdout.write(
            f"已载入指标体系 #{system.pk} “{system}”，{system.indicators.count()} 项指标"
        )

    def _dump(self, opts) -> None:
        system = IndicatorSystem.objects.filter(pk=opts["id"]).first()
        if system is None:
            raise CommandError(f"指标体系 #{opts['id']} 不存在")
        text = dump_system_yaml(system)
        if opts["output"]:
            Path(opts["output"]).write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text)
