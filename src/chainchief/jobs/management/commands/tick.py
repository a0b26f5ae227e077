from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError

from chainchief.jobs.models import JobStatus
from chainchief.jobs.services import run_job_foreground
from chainchief.jobs.ticks import get_tick, registered_ticks


class Command(BaseCommand):
    help = "立即在前台运行每日任务（全部，或 --name 指定的一项）。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--name", help="只运行这一项每日任务")
        parser.add_argument("--date", help="按这一天运行（YYYY-MM-DD，默认今天）")
        parser.add_argument("--list", action="store_true", help="列出已登记的每日任务")

    def handle(self, *args, name: str | None, date: str | None, list: bool, **options) -> None:
        ticks = registered_ticks()
        if list:
            for tick in ticks:
                self.stdout.write(f"{tick.name}\t{tick.func_path}")
            return
        if name:
            tick = get_tick(name)
            if tick is None:
                known = "、".join(t.name for t in ticks) or "（无）"
                raise CommandError(f"没有名为 {name} 的每日任务；已登记：{known}")
            ticks = [tick]
        try:
            day = datetime.date.fromisoformat(date) if date else datetime.date.today()
        except ValueError as exc:
            raise CommandError(f"日期格式应为 YYYY-MM-DD：{date}") from exc
        failed = 0
        for tick in ticks:
            job = run_job_foreground(
                kind="tick",
                title=f"每日任务 {tick.name} {day.isoformat()}",
                user=None,
                func_path=tick.func_path,
                params={"today": day.isoformat()},
                stream=self.stderr,
            )
            if job.status == JobStatus.SUCCEEDED:
                self.stdout.write(self.style.SUCCESS(f"{tick.name}：完成 {job.result or ''}"))
            else:
                failed += 1
                self.stdout.write(
                    self.style.ERROR(f"{tick.name}：{job.get_status_display()} {job.error}")
                )
        if not ticks:
            self.stdout.write("没有已登记的每日任务。")
        if failed:
            raise CommandError(f"{failed} 项每日任务未成功")
