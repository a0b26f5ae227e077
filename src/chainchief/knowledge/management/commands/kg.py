"""`chainchief kg import DIR` loads the national graph; `chainchief kg stats` prints its counts;
`chainchief kg universe import FILE` loads the city's registry of non-listed companies."""

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
        universe = sub.add_parser("universe", help="城市企业名录（非上市企业）")
        usub = universe.add_subparsers(dest="universe_action", required=True)
        uimp = usub.add_parser("import", help="导入名录文件（.csv/.xlsx/.parquet），整体替换")
        uimp.add_argument("file")
        mode = uimp.add_mutually_exclusive_group()
        mode.add_argument(
            "--dask", action="store_true", help="用 Dask 分区匹配（默认本机 2 个进程）"
        )
        mode.add_argument("--serial", action="store_true", help="单核匹配")
        uimp.add_argument(
            "--scheduler",
            default="",
            help="Dask 分布式调度器地址（如 tcp://10.0.0.5:8786）；默认取设置 CHAINCHIEF_DASK_SCHEDULER",
        )
        uimp.add_argument("--workers", type=int, default=2, help="本机 Dask 进程数（默认 2）")

    def handle(self, *args, action: str, **options):
        if action == "universe":
            self._universe(options)
            return
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

    def _universe(self, options) -> None:
        """The same job function as the page's upload, run in the foreground."""
        from chainchief.jobs.models import JobStatus
        from chainchief.jobs.services import run_job_foreground

        path = Path(options["file"]).resolve()
        if not path.is_file():
            raise CommandError(f"文件不存在：{path}")
        job = run_job_foreground(
            kind="knowledge.universe",
            title=f"导入企业名录：{path.name}",
            user=None,
            func_path="chainchief.knowledge.universe.import_universe_job",
            params={
                "path": str(path),
                "scheduler": options["scheduler"],
                "dask": True if options["dask"] else (False if options["serial"] else None),
                "workers": options["workers"],
            },
            stream=self.stderr,
        )
        if job.status != JobStatus.SUCCEEDED:
            raise CommandError(f"导入失败，未做任何修改：{job.error}")
        r = job.result or {}
        mode = "Dask 分区" if r.get("mode") == "dask" else "单核"
        if r.get("note"):
            self.stderr.write(r["note"])
        self.stdout.write(
            self.style.SUCCESS(
                f"企业名录已导入：{r.get('companies', 0)} 家，其中 {r.get('matched', 0)} 家的经营范围"
                f"匹配到图谱产品（{r.get('links', 0)} 条产品关联，{mode}匹配）。"
            )
        )

    def _print_counts(self, counts: dict[str, int]) -> None:
        if not counts.get("products"):
            self.stdout.write(
                "未导入全国产业图谱。运行：chainchief kg import ../shared/data/chain-kg"
            )
            return
        for key, value in counts.items():
            self.stdout.write(f"{LABELS.get(key, key)}：{value}")
