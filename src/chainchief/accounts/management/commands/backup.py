from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from chainchief.accounts.backup import BackupError, backup, default_path


class Command(BaseCommand):
    help = (
        "备份数据库（SQLite 在线备份 / PostgreSQL pg_dump）和上传的文件到一个 .tar.gz；"
        "网站可照常使用。默认写到数据目录下的 backups/。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("-o", "--output", help="备份文件路径（.tar.gz）")

    def handle(self, *args, output: str | None, **options) -> None:
        target = Path(output) if output else default_path()
        try:
            manifest = backup(target)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest.get("counts", {}).values())
        detail = f"，共 {rows} 行" if rows else ""
        self.stdout.write(self.style.SUCCESS(f"已备份到 {target}{detail}。"))
