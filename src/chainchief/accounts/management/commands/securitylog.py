from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from chainchief.accounts import ledger
from chainchief.accounts.models import ChangeLog, SecurityEvent

LOGS = {"security": (SecurityEvent, "安全日志"), "changelog": (ChangeLog, "变更记录")}


class Command(BaseCommand):
    help = "安全日志与变更记录的哈希链：verify 校验（先把新记录接入链中），seal 只接入新记录。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "action", choices=["verify", "seal"], help="verify 校验；seal 封存新记录"
        )
        parser.add_argument(
            "--log", choices=[*LOGS, "all"], default="all", help="哪一份日志（默认两份都校验）"
        )

    def handle(self, *args, action: str, log: str, **options) -> None:
        broken = []
        for key in LOGS if log == "all" else [log]:
            model, label = LOGS[key]
            sealed = ledger.seal(model)
            if action == "seal":
                self.stdout.write(f"{label}：新封存 {sealed} 条。")
                continue
            verdict = ledger.verify(model)
            if verdict.ok:
                self.stdout.write(
                    self.style.SUCCESS(f"{label}：哈希链完整，已校验 {verdict.checked} 条。")
                )
            else:
                broken.append(f"{label}在第 {verdict.broken_at} 条处断开：{verdict.reason}")
        if broken:
            raise CommandError("；".join(broken) + "。日志可能被篡改，请立即报告安全管理员。")
