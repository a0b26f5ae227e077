"""Foundation figures (issue 2) on a generated city, SQLite, the real server.

1. 10,000 enterprises written to an .xlsx in the import template's columns and imported
   through the importer (goal ≤ 20 s); the same file imported again changes nothing.
2. 24 months of indicators: 23 months bulk-created, the latest month (10,000 rows) imported
   from .xlsx — 240,000 rows in all.
3. `chainchief serve` (gunicorn) on that data folder; 10 logged-in clients request the
   cockpit, the enterprise list and a searched + filtered + sorted list; median and p95
   latency (goal p95 ≤ 150 ms) and the server's peak memory (master + workers).

    python benchmarks/bench_foundation.py [--quick] [--enterprises N] [--requests N]
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import sys
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (  # noqa: E402
    Client,
    Figure,
    Server,
    load,
    print_figures,
    quick_mode,
    section,
    setup_django,
    temp_data_dir,
    timed,
)

SEED = 20260101
MONTHS = 24
CONCURRENCY = 10
IMPORT_GOAL_S = 20.0
P95_GOAL_MS = 150.0
USERNAME, PASSWORD = "bench_office", "Bench#pass2026x"

DISTRICTS = [
    ("430405", "珠晖区"),
    ("430406", "雁峰区"),
    ("430407", "石鼓区"),
    ("430408", "蒸湘区"),
    ("430412", "南岳区"),
    ("430421", "衡阳县"),
    ("430422", "衡南县"),
    ("430423", "衡山县"),
    ("430424", "衡东县"),
    ("430426", "祁东县"),
    ("430481", "耒阳市"),
    ("430482", "常宁市"),
]
PARKS = [
    ("衡阳高新技术产业开发区", "430407"),
    ("衡阳白沙洲工业园区", "430405"),
    ("衡阳松木经济开发区", "430408"),
    ("耒阳经济开发区", "430481"),
    ("常宁水口山经济开发区", "430482"),
    ("衡山经济开发区", "430423"),
    ("祁东经济开发区", "430426"),
    ("衡阳综合保税区", "430407"),
]
# (code, name, segment names — unique across chains so a bare name resolves, products)
CHAINS = [
    (
        "C01",
        "输变电装备",
        ["变压器", "互感器", "开关设备", "电线电缆", "绝缘材料", "智能电网"],
        ["油浸式变压器", "干式变压器", "电流互感器", "高压开关柜", "电力电缆"],
    ),
    (
        "C02",
        "新材料",
        ["硬质合金", "有色金属冶炼", "先进陶瓷", "特种钢材", "化工新材料", "稀土材料"],
        ["硬质合金刀具", "精铅", "氧化锆陶瓷", "无缝钢管", "聚氨酯"],
    ),
    (
        "C03",
        "汽车及零部件",
        ["整车制造", "动力总成", "汽车电子", "车身内饰", "底盘系统", "新能源电池"],
        ["专用车", "变速箱", "车载控制器", "座椅", "锂电池模组"],
    ),
    (
        "C04",
        "电子信息",
        ["集成电路", "电子元器件", "显示器件", "通信设备", "智能终端", "软件服务"],
        ["功率芯片", "片式电容", "液晶模组", "光通信模块", "平板电脑"],
    ),
    (
        "C05",
        "核技术应用",
        ["核燃料", "核仪器仪表", "辐照加工", "核医学", "核安全装备", "铀矿勘探"],
        ["铀浓缩组件", "辐射探测仪", "辐照灭菌服务", "放射性药物", "核级阀门"],
    ),
    (
        "C06",
        "生物医药",
        ["原料药", "化学制剂", "中药饮片", "医疗器械", "生物制品", "医药流通"],
        ["头孢原料药", "注射液", "中药饮片", "医用敷料", "疫苗"],
    ),
    (
        "C07",
        "轻纺服装",
        ["棉纺", "化纤", "服装加工", "家纺", "印染", "鞋帽箱包"],
        ["纯棉纱线", "涤纶短纤", "职业装", "床上用品", "运动鞋"],
    ),
    (
        "C08",
        "盐卤化工",
        ["岩盐开采", "氯碱化工", "纯碱", "精细化工", "盐化工新材料", "化肥"],
        ["工业盐", "烧碱", "纯碱", "氯化钙", "复合肥"],
    ),
    (
        "C09",
        "装备制造",
        ["工程机械", "数控机床", "农业机械", "起重设备", "通用零部件", "环保装备"],
        ["挖掘机", "数控车床", "插秧机", "桥式起重机", "齿轮"],
    ),
    (
        "C10",
        "文化旅游",
        ["景区运营", "文化创意", "旅游商品", "会展服务", "酒店餐饮", "数字文旅"],
        ["景区门票", "文创产品", "特色食品", "会展策划", "民宿"],
    ),
]
WORDS = [
    "华",
    "湘",
    "衡",
    "岳",
    "雁",
    "蒸",
    "耒",
    "常",
    "祁",
    "恒",
    "达",
    "盛",
    "鑫",
    "宏",
    "远",
    "泰",
    "峰",
    "源",
    "瑞",
    "博",
    "新",
    "科",
    "中",
    "南",
    "金",
    "联",
    "信",
    "汇",
    "合",
    "隆",
]
KINDS = ["电气", "材料", "机械", "科技", "电子", "化工", "药业", "纺织", "实业", "装备"]
TIERS = ["高新技术企业:2023-11-20", "四上企业", "专精特新:2024-06-30", "上市企业", "百亿企业"]
HEADERS = [
    "企业名称",
    "统一社会信用代码",
    "行政区划代码",
    "所在园区",
    "所属产业链",
    "所属环节",
    "企业梯队",
    "主要产品",
    "经营范围",
    "成立日期",
]
INDICATOR_HEADERS = [
    "统一社会信用代码",
    "月份",
    "产值（万元）",
    "营业收入（万元）",
    "税收（万元）",
    "从业人数",
]


# ---------------------------------------------------------------- generated city


def credit_code(i: int, district: str) -> str:
    from chainchief.enterprises.validators import make_credit_code

    return make_credit_code(f"91{district}MA{i:07d}")


def enterprise_rows(n: int) -> list[list[object]]:
    rng = random.Random(SEED)
    anchors_left = {code: 3 for code, *_ in CHAINS}
    rows = []
    for i in range(1, n + 1):
        district = DISTRICTS[i % len(DISTRICTS)][0]
        chain_items = rng.sample(CHAINS, 2 if rng.random() < 0.2 else 1)
        kind = KINDS[i % len(KINDS)]
        name = f"衡阳{rng.choice(WORDS)}{rng.choice(WORDS)}{kind}{i:05d}有限公司"
        tiers = [t for t in TIERS if rng.random() < 0.12]
        first = chain_items[0][0]
        if anchors_left[first] and rng.random() < 0.01:
            anchors_left[first] -= 1
            tiers.append(f"链主企业（{first}）")
        products = rng.sample(chain_items[0][3], 2)
        park = rng.choice(PARKS)[0] if rng.random() < 0.6 else ""
        rows.append(
            [
                name,
                credit_code(i, district),
                district,
                park,
                "、".join(c[0] for c in chain_items),
                "、".join(rng.sample(chain_items[0][2], rng.randint(1, 2))),
                "、".join(tiers),
                "、".join(products),
                f"{products[0]}的研发、生产和销售；货物进出口。",
                datetime.date(1995 + i % 30, 1 + i % 12, 1 + i % 28),
            ]
        )
    return rows


def write_xlsx(path: Path, headers: list[str], rows: list[list[object]]) -> Path:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("数据")
    ws.append(headers)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def months_back(n: int) -> list[datetime.date]:
    """The n months before this one, oldest first."""
    today = datetime.date.today()
    index = today.year * 12 + today.month - 1
    return [datetime.date((index - k) // 12, (index - k) % 12 + 1, 1) for k in range(n, 0, -1)]


def indicator_values(rng: random.Random, base: float, month_index: int) -> tuple:
    output = base * (1 + 0.006 * month_index) * rng.uniform(0.85, 1.15)
    return (
        Decimal(f"{output:.2f}"),
        Decimal(f"{output * rng.uniform(0.9, 1.05):.2f}"),
        Decimal(f"{output * rng.uniform(0.02, 0.06):.2f}"),
        int(base / 20) + rng.randint(5, 50),
    )


def build_reference_data() -> None:
    from chainchief.accounts.models import Role, User
    from chainchief.chains.models import Chain, Segment, Stage
    from chainchief.places.models import District, Park

    for code, name in DISTRICTS:
        District.objects.create(code=code, name=name)
    districts = {d.code: d for d in District.objects.all()}
    for name, district in PARKS:
        Park.objects.create(name=name, district=districts[district])
    stages = [
        Stage.UPSTREAM,
        Stage.UPSTREAM,
        Stage.MIDSTREAM,
        Stage.MIDSTREAM,
        Stage.DOWNSTREAM,
        Stage.DOWNSTREAM,
    ]
    for sort, (code, name, segments, products) in enumerate(CHAINS):
        chain = Chain.objects.create(code=code, name=f"{name}产业链", sort=sort)
        for stage, segment in zip(stages, segments, strict=True):
            Segment.objects.create(
                chain=chain, stage=stage, name=segment, terms=[segment, *products[:1]]
            )
    user = User.objects.create(username=USERNAME, full_name="压测办公室", role=Role.CHAIN_OFFICE)
    user.set_password(PASSWORD)
    user.save()


def importer():
    """`import_file(path, kind, dry_run, user)` from the importing module (or its spec classes)."""
    try:
        from chainchief.enterprises.importing import import_file

        return import_file
    except ImportError:
        from chainchief.enterprises.imports.enterprise_spec import EnterpriseImporter
        from chainchief.enterprises.imports.indicator_spec import IndicatorImporter

        def import_file(path, kind, dry_run, user):
            cls = EnterpriseImporter if kind.startswith("enterprise") else IndicatorImporter
            return cls().run(path, dry_run=dry_run, user=user)

        return import_file


def run_import(path: Path, kind: str, user, *, dry_run: bool = False):
    report = importer()(path, kind, dry_run, user)
    if report.errors:
        shown = "\n".join(f"     {e}" for e in report.errors[:10])
        raise RuntimeError(f"the {kind} import reported {len(report.errors)} errors:\n{shown}")
    print(f"   {report.summary()}")
    return report


def bulk_indicators(months: list[datetime.date]) -> int:
    from chainchief.enterprises.models import Enterprise, MonthlyIndicator

    rng = random.Random(SEED + 1)
    batch: list[MonthlyIndicator] = []
    written = 0
    for enterprise_id in Enterprise.objects.order_by("id").values_list("id", flat=True):
        base = rng.lognormvariate(7, 1.1)  # 万元 a month: most small, a few large
        for k, month in enumerate(months):
            output, revenue, tax, employees = indicator_values(rng, base, k)
            batch.append(
                MonthlyIndicator(
                    enterprise_id=enterprise_id,
                    month=month,
                    output_value=output,
                    revenue=revenue,
                    tax=tax,
                    employees=employees,
                )
            )
        if len(batch) >= 20_000:
            MonthlyIndicator.objects.bulk_create(batch, batch_size=2_000)
            written += len(batch)
            batch = []
    MonthlyIndicator.objects.bulk_create(batch, batch_size=2_000)
    return written + len(batch)


def latest_month_rows(month: datetime.date) -> list[list[object]]:
    from chainchief.enterprises.models import Enterprise

    rng = random.Random(SEED + 2)
    rows = []
    for code in Enterprise.objects.order_by("id").values_list("credit_code", flat=True):
        output, revenue, tax, employees = indicator_values(rng, rng.lognormvariate(7, 1.1), MONTHS)
        rows.append(
            [code, month.strftime("%Y-%m"), float(output), float(revenue), float(tax), employees]
        )
    return rows


# ---------------------------------------------------------------- the run


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--quick", action="store_true", help="2,000 enterprises, 100 requests a page"
    )
    parser.add_argument("--enterprises", type=int, default=0)
    parser.add_argument("--requests", type=int, default=0, help="requests per page (bounded load)")
    args, _ = parser.parse_known_args(sys.argv[1:])
    quick = args.quick or quick_mode()
    n = args.enterprises or (2_000 if quick else 10_000)
    per_page = args.requests or (100 if quick else 300)
    figures: list[Figure] = []
    load_before = os.getloadavg()[0]  # other work on the machine skews latency; say so

    with temp_data_dir("foundation") as data:
        section(
            f"Generated city: {n:,} enterprises, {MONTHS} months of indicators (SQLite, {data})"
        )
        with timed("migrate"):
            setup_django(data)
        from chainchief.accounts.models import User
        from chainchief.enterprises.models import Enterprise, MonthlyIndicator

        build_reference_data()
        user = User.objects.get(username=USERNAME)

        with timed(f"write enterprises .xlsx ({n:,} rows)"):
            rows = enterprise_rows(n)
            xlsx = write_xlsx(data / "enterprises.xlsx", HEADERS, rows)
        with timed("import enterprises .xlsx") as t_import:
            run_import(xlsx, "enterprises", user)
        assert Enterprise.objects.count() == n, Enterprise.objects.count()
        figures.append(
            Figure(
                f"import {n:,} enterprises (.xlsx)",
                t_import["seconds"],
                "s",
                IMPORT_GOAL_S if n <= 10_000 else None,
            )
        )
        with timed("import the same file again") as t_again:
            again = run_import(xlsx, "enterprises", user)
        figures.append(
            Figure(
                "re-import the same file",
                t_again["seconds"],
                "s",
                note=f"{again.created + again.updated} changes (expected 0)",
            )
        )
        figures[-1].failed = bool(again.created or again.updated)

        months = months_back(MONTHS)
        with timed(f"bulk-create indicators ({n:,} × {MONTHS - 1} months)") as t_bulk:
            bulk = bulk_indicators(months[:-1])
        figures.append(Figure(f"bulk-create {bulk:,} indicator rows", t_bulk["seconds"], "s"))
        ind_xlsx = write_xlsx(
            data / "indicators.xlsx", INDICATOR_HEADERS, latest_month_rows(months[-1])
        )
        with timed(f"import indicators .xlsx ({months[-1]:%Y-%m}, {n:,} rows)") as t_ind:
            run_import(ind_xlsx, "indicators", user)
        total = MonthlyIndicator.objects.count()
        assert total == n * MONTHS, total
        figures.append(
            Figure(
                f"import {n:,} indicator rows (.xlsx)",
                t_ind["seconds"],
                "s",
                note=f"{total:,} indicator rows in all",
            )
        )

        from django.db import connections

        connections.close_all()
        section(
            f"Server: chainchief serve (gunicorn), {CONCURRENCY} clients, {per_page} requests a page"
        )
        pages = [
            ("cockpit /", "/"),
            ("enterprise list", "/enterprises/"),
            (
                "list: search+filter+sort",
                "/enterprises/?q=%E7%94%B5%E6%B0%94&chain=C01&tier=high_tech&sort=-output",
            ),
            ("list: page 50", "/enterprises/?page=50"),
        ]
        with Server(data) as server:
            clients = [Client(server.port) for _ in range(CONCURRENCY)]
            for client in clients:
                client.login(USERNAME, PASSWORD)
            for label, path in pages:
                # One client alone: the server's own time per page, without queueing.
                alone = load(clients[:1], path, total=max(20, per_page // 5), warmup=2)
                result = load(clients, path, total=per_page, warmup=1)
                print(
                    f"   {label:<26} 1 client: median {alone.median_ms:6.1f} ms | {CONCURRENCY} clients: "
                    f"median {result.median_ms:6.1f} ms  p95 {result.p95_ms:6.1f} ms  "
                    f"{result.rps:5.1f} req/s  errors {result.errors + alone.errors}",
                    flush=True,
                )
                figures.append(Figure(f"{label}: 1 client, median", alone.median_ms, "ms"))
                figures.append(
                    Figure(f"{label}: {CONCURRENCY} clients, median", result.median_ms, "ms")
                )
                figures.append(
                    Figure(
                        f"{label}: {CONCURRENCY} clients, p95",
                        result.p95_ms,
                        "ms",
                        P95_GOAL_MS,
                        note=f"{len(result.latencies)} ok, {result.errors} errors, {result.rps:.0f} req/s",
                    )
                )
                if result.errors or alone.errors:
                    figures[-1].failed = True
                    print(server.log_tail(), flush=True)
        figures.append(
            Figure(
                "server peak RSS (master + workers)",
                server.peak_rss_kib / 1024,
                "MiB",
                note=f"sum of per-process peaks {server.peak_hwm_kib / 1024:,.0f} MiB",
            )
        )

    ok = print_figures(
        f"Foundation figures ({n:,} enterprises, {n * MONTHS:,} indicator rows, SQLite; "
        f"{os.cpu_count()} CPUs, load average {load_before:.1f} before the run)",
        figures,
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
