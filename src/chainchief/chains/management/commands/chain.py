from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from chainchief.chains.models import Chain
from chainchief.chains.yaml_io import ChainFileError, dump_chain_yaml, load_chain_yaml


class Command(BaseCommand):
    help = "产业链：导出/导入图谱 YAML（dump、load），列出产业链（list）；图谱分析见 propose、gaps、targets。"

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("list", help="列出产业链")
        dump = sub.add_parser("dump", help="把产业链图谱导出为 YAML")
        dump.add_argument("code")
        dump.add_argument("-o", "--output", help="输出文件（默认打印到屏幕）")
        load = sub.add_parser("load", help="从 YAML 文件新建或更新产业链")
        load.add_argument("file")
        propose = sub.add_parser("propose", help="从一个核心产品生成产业链图谱草稿")
        propose.add_argument("product")
        gaps = sub.add_parser("gaps", help="缺链、弱链分析")
        gaps.add_argument("code")
        gaps.add_argument("--json", action="store_true", dest="as_json")
        targets = sub.add_parser("targets", help="招商目标排序")
        targets.add_argument("code")
        targets.add_argument("--segment", type=int)
        targets.add_argument("--top", type=int, default=20)
        targets.add_argument("--json", action="store_true", dest="as_json")

    def handle(self, *args, action: str, **options) -> None:
        getattr(self, f"_{action}")(**options)

    def _list(self, **options) -> None:
        for chain in Chain.objects.all():
            self.stdout.write(f"{chain.code:<12} {chain.name}  （{chain.get_status_display()}）")

    def _dump(self, code: str, output: str | None = None, **options) -> None:
        chain = Chain.objects.filter(code=code).first()
        if chain is None:
            raise CommandError(f"产业链代码“{code}”不存在")
        text = dump_chain_yaml(chain)
        if output:
            Path(output).write_text(text, encoding="utf-8")
            self.stderr.write(f"已导出到 {output}")
        else:
            self.stdout.write(text, ending="")

    def _load(self, file: str, **options) -> None:
        try:
            text = Path(file).read_text(encoding="utf-8")
            result = load_chain_yaml(text)
        except FileNotFoundError as exc:
            raise CommandError(f"文件不存在：{file}") from exc
        except (ChainFileError, UnicodeDecodeError) as exc:
            raise CommandError(f"导入失败，未做任何修改：{exc}") from exc
        verb = "新建" if result.created else "更新"
        self.stdout.write(
            self.style.SUCCESS(f"已{verb}产业链 {result.chain.code} {result.chain.name}")
        )
        for warning in result.warnings:
            self.stdout.write(self.style.WARNING(warning))

    def _propose(self, product: str, **options) -> None:
        from chainchief.knowledge import commands

        commands.propose_command(product, self.stdout)

    def _gaps(self, code: str, as_json: bool = False, **options) -> None:
        from chainchief.knowledge import commands

        commands.gaps_command(code, as_json, self.stdout)

    def _targets(
        self, code: str, segment: int | None, top: int, as_json: bool = False, **options
    ) -> None:
        from chainchief.knowledge import commands

        commands.targets_command(
            code, segment_id=segment, top=top, as_json=as_json, stdout=self.stdout
        )
