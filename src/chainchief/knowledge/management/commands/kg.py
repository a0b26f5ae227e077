"""`chainchief kg import DIR` loads the national graph; `chainchief kg stats` prints its counts."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from chainchief.knowledge.graph_files import GraphFormatError
from chainchief.knowledge.importer import graph_counts, import_graph

LABELS = {
    "industries": "申万行业",
    "companies": "上市公司（含重复代码行）",
    "products": "产品",
    "noisy_products": "其中噪声产品名",
    "company_products": "主营产品关系",
    "relations": "产品关系",
    "company_industries": "公司所属行业",
    "industry_upstream": "行业上游关系",
    "distressed": "风险警示（ST）公司",
    "duplicate_code_rows": "重复代码涉及的行",
}


class Command(BaseCommand):
    help = "全国产业图谱：import 导入（幂等）、stats 统计"
    requires_system_checks = []

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="从目录导入图谱（JSON Lines 格式）")
        imp.add_argument("directory", nargs="?", default=str(settings.CHAINCHIEF_KG_DIR))
        imp.add_argument("--force", action="store_true", help="即使文件未变也逐表比对")
        imp.add_argument("--no-progress", action="store_true")
        imp.add_argument("--show-duplicates", action="store_true", help="列出全部重复代码")
        sub.add_parser("stats", help="打印图谱数量")

    def handle(self, *args, action: str, **options):
        if action == "stats":
            self._print_counts(graph_counts())
            return
        directory = Path(options["directory"])
        if not directory.is_dir():
            raise CommandError(f"目录不存在：{directory}")
        try:
            result = import_graph(
                directory, force=options["force"], progress=not options["no_progress"]
            )
        except GraphFormatError as exc:
            raise CommandError(f"导入失败，数据库未做任何修改：{exc}") from exc
        if result.unchanged:
            self.stdout.write(f"图谱未变化，未做任何修改（{result.seconds:.1f} 秒）。")
        else:
            self.stdout.write(self.style.SUCCESS(f"图谱已导入（{result.seconds:.1f} 秒）。"))
            for table, change in result.changes.items():
                self.stdout.write(
                    f"  {LABELS.get(table, table)}：新增 {change['inserted']}，"
                    f"更新 {change['updated']}，删除 {change['deleted']}"
                )
        self._print_counts(result.counts)
        dups = result.duplicates
        if dups:
            unreliable = sum(1 for d in dups if not d["full_names_reliable"])
            self.stdout.write(
                f"重复代码 {len(dups)} 个：每个代码保留一条主记录（关系归属主记录），其余行以"
                f"“代码#序号”单独保存并标记；{unreliable} 个代码的全称均与简称不符，未解析地区。"
            )
            for dup in dups if options["show_duplicates"] else dups[:5]:
                self.stdout.write(
                    f"  {dup['code']}：主记录 {dup['primary']}；其他 {'、'.join(dup['others'])[:120]}"
                )
        if result.warnings:
            self.stdout.write(f"跳过 {len(result.warnings)} 条无法关联的关系行，例如：")
            for warning in result.warnings[:3]:
                self.stdout.write(f"  {warning}")

    def _print_counts(self, counts: dict[str, int]) -> None:
        if not counts.get("products"):
            self.stdout.write(
                "未导入全国产业图谱。运行：chainchief kg import ../shared/data/chain-kg"
            )
            return
        for key, value in counts.items():
            self.stdout.write(f"{LABELS.get(key, key)}：{value}")
