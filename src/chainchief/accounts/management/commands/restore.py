from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from chainchief.accounts.backup import BackupError, restore


class Command(BaseCommand):
    help = "用 chainchief backup 生成的备份文件恢复数据库和上传的文件（会覆盖当前数据，请先停止网站）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="备份文件（.tar.gz）")
        parser.add_argument("--yes", action="store_true", help="不再询问，直接覆盖")

    def handle(self, *args, file: str, yes: bool, **options) -> None:
        if not yes and input("恢复会覆盖当前数据库和上传文件，确定吗？输入 yes 继续：") != "yes":
            raise CommandError("已取消。")
        try:
            manifest = restore(Path(file))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(f"已从 {file} 恢复（备份时间 {manifest['created']}）。")
        )
