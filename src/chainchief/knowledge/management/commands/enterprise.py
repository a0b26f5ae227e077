"""`chainchief enterprise supply ID [--json]` and `chainchief enterprise match`."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from chainchief.knowledge.commands import match_command, supply_command


class Command(BaseCommand):
    help = "企业：supply 本地配套率；match 将企业主要产品与经营范围匹配到图谱产品"
    requires_system_checks = []

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        supply = sub.add_parser("supply", help="链主企业的本地配套率")
        supply.add_argument("enterprise_id", type=int)
        supply.add_argument("--json", action="store_true")
        sub.add_parser("match", help="重新匹配全部企业的图谱产品")

    def handle(self, *args, action: str, **options):
        if action == "supply":
            supply_command(options["enterprise_id"], options["json"], self.stdout)
        else:
            match_command(self.stdout)
