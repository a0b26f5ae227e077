from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError, CommandParser

from chainchief.demo import build_demo_city, has_city_data, reset_city_data
from chainchief.web.demo_logins import DEMO_LOGINS, DEMO_PASSWORD

TIER_LABELS = {
    "billion": "百亿",
    "listed": "上市",
    "high_tech": "高新技术",
    "above_scale": "四上",
    "little_giant": "专精特新",
    "anchor": "链主",
}


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"日期“{value}”无法识别，应写作 2026-05-01") from exc


class Command(BaseCommand):
    help = "生成演示城市（演示数据）：产业链、园区、部门、各角色演示账号、企业及月度指标。同一种子生成同一城市。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=2026, help="随机种子（默认 2026）")
        parser.add_argument("--enterprises", type=int, default=1500, help="企业数（默认 1500）")
        parser.add_argument("--months", type=int, default=24, help="月度指标的月数（默认 24）")
        parser.add_argument("--today", help="按此日期计算月份窗口（YYYY-MM-DD，测试用）")
        parser.add_argument(
            "--if-empty", action="store_true", help="数据库已有城市数据时什么也不做"
        )
        parser.add_argument(
            "--reset", action="store_true", help="先删除全部城市数据（保留超级管理员）"
        )
        parser.add_argument(
            "--yes",
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="--reset 时不再确认",
        )

    def handle(
        self,
        *args,
        seed: int,
        enterprises: int,
        months: int,
        today: str | None,
        if_empty: bool,
        reset: bool,
        interactive: bool,
        **options,
    ) -> None:
        if enterprises < 1 or months < 0:
            raise CommandError("企业数应至少为 1，月数不能为负数")
        day = _date(today) if today else None
        if has_city_data():
            if if_empty and not reset:
                self.stdout.write("数据库中已有城市数据，跳过演示数据生成。")
                return
            if not reset:
                raise CommandError(
                    "数据库中已有城市数据。用 --reset 清空后重建，或用 --if-empty 跳过。"
                )
        if reset:
            if interactive and not self._confirm():
                raise CommandError("已取消，未做任何修改。")
            counts = reset_city_data()
            self.stdout.write(f"已清空城市数据：{sum(counts.values())} 行。")
        self.stdout.write(f"生成演示城市（种子 {seed}，企业 {enterprises} 家，{months} 个月指标）…")
        summary = build_demo_city(
            seed=seed,
            enterprises=enterprises,
            months=months,
            today=day,
            progress=lambda message: self.stdout.write(f"  {message}"),
        )
        tiers = "，".join(f"{TIER_LABELS.get(k, k)} {v}" for k, v in summary.tiers.items())
        window = (
            f"{summary.first_month:%Y-%m} 至 {summary.last_month:%Y-%m}"
            if summary.first_month
            else "无"
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"演示城市“{summary.city}”已生成（演示数据），用时 {summary.seconds:.1f} 秒：\n"
                f"  产业链 {summary.chains} 条，环节 {summary.segments} 个，企业 {summary.enterprises} 家，"
                f"月度指标 {summary.indicators} 条（{window}）\n  企业梯队：{tiers}"
            )
        )
        self.stdout.write(f"演示账号（密码均为 {DEMO_PASSWORD}）：")
        for username, label in DEMO_LOGINS:
            self.stdout.write(f"  {username:<14} {label}")
        self.stdout.write(
            "  其他产业链的链长、专职副主任：chief_<代码>、deputy_<代码>（如 chief_elec）"
        )

    def _confirm(self) -> bool:
        answer = input(
            "将删除全部城市数据（企业、产业链、园区、部门、非超级管理员用户、变更记录），"
            "输入 yes 确认："
        )
        return answer.strip().lower() in {"yes", "y", "是"}
