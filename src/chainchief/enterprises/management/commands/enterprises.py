from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from chainchief.enterprises.importing import (
    KINDS,
    enterprise_export_rows,
    import_file,
    indicator_export_rows,
    template_bytes,
)
from chainchief.enterprises.models import Enterprise
from chainchief.web.excel import build_workbook

MAX_ERRORS_PRINTED = 500


class Command(BaseCommand):
    help = "企业库：导入（import）、导出（export）企业名录或月度指标，生成导入模板（template）。"

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="从 .xlsx 或 .csv 导入；有任何错误则不导入")
        imp.add_argument("file")
        imp.add_argument("--kind", choices=sorted(KINDS), default="enterprises")
        imp.add_argument("--dry-run", action="store_true", help="只检查并报告，不写入")
        imp.add_argument("--user", help="记入变更记录的操作人（用户名）")
        exp = sub.add_parser("export", help="导出为 .xlsx（与导入模板的列相同）")
        exp.add_argument("file")
        exp.add_argument("--kind", choices=sorted(KINDS), default="enterprises")
        exp.add_argument("--chain", help="只导出该产业链（代码）的企业")
        tpl = sub.add_parser("template", help="生成空白导入模板 .xlsx")
        tpl.add_argument("file")
        tpl.add_argument("--kind", choices=sorted(KINDS), default="enterprises")

    def handle(self, *args, action: str, **options) -> None:
        getattr(self, f"_{action}")(**options)

    def _import(
        self, file: str, kind: str, dry_run: bool, user: str | None = None, **options
    ) -> None:
        if not Path(file).is_file():
            raise CommandError(f"文件不存在：{file}")
        acting = None
        if user:
            acting = get_user_model().objects.filter(username=user).first()
            if acting is None:
                raise CommandError(f"用户“{user}”不存在")
        report = import_file(file, kind, dry_run=dry_run, user=acting)
        for error in report.errors[:MAX_ERRORS_PRINTED]:
            self.stdout.write(str(error))
        if len(report.errors) > MAX_ERRORS_PRINTED:
            self.stdout.write(f"……另有 {len(report.errors) - MAX_ERRORS_PRINTED} 处错误未列出")
        line = f"{report.summary()}，用时 {report.seconds:.1f} 秒"
        if report.errors:
            raise CommandError(f"{line}。文件有错误，未导入任何数据。")
        self.stdout.write(self.style.SUCCESS(line))

    def _export(self, file: str, kind: str, chain: str | None = None, **options) -> None:
        queryset = Enterprise.objects.all()
        if chain:
            if not queryset.filter(chains__code=chain).exists() and not _chain_exists(chain):
                raise CommandError(f"产业链代码“{chain}”不存在")
            queryset = queryset.filter(chains__code=chain)
        rows_of = enterprise_export_rows if kind == "enterprises" else indicator_export_rows
        headers, rows = rows_of(queryset.order_by("name"))
        count = 0

        def counted():
            nonlocal count
            for row in rows:
                count += 1
                yield row

        title = "企业" if kind == "enterprises" else "月度指标"
        build_workbook(title, headers, counted()).save(file)
        self.stdout.write(self.style.SUCCESS(f"已导出 {count} 行到 {file}"))

    def _template(self, file: str, kind: str, **options) -> None:
        Path(file).write_bytes(template_bytes(kind))
        self.stdout.write(self.style.SUCCESS(f"已生成模板 {file}"))


def _chain_exists(code: str) -> bool:
    from chainchief.chains.models import Chain

    return Chain.objects.filter(code=code).exists()
