"""The city's own company universe (企业名录): a registry file of non-listed companies,
imported as a background job, its business scopes matched to graph products with the
same matcher as everything else (on one core, or partitioned over Dask workers).

Files: .csv (UTF-8, UTF-8 with BOM or GBK), .xlsx (first sheet) or .parquet, one company a
row with a header row. Each import replaces the universe as a whole (all-or-nothing):
a registry is a snapshot the city buys or exports, not a list edited row by row.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.db import transaction

from chainchief.core.values import InvalidValue
from chainchief.enterprises.validators import normalize_credit_code
from chainchief.knowledge.engine.partition import match_partitioned, match_serial, text_matcher
from chainchief.knowledge.loader import NOT_IMPORTED, get_index
from chainchief.knowledge.models import UniverseCompany, UniverseProduct
from chainchief.knowledge.regions import parse_region

# Column → accepted header names (first match wins).
COLUMNS = {
    "name": ("企业名称", "名称", "公司名称", "name"),
    "credit_code": ("统一社会信用代码", "信用代码", "credit_code"),
    "address": ("地址", "注册地址", "住所", "address"),
    "business_scope": ("经营范围", "business_scope", "scope"),
    "registered_capital": ("注册资本", "注册资本（万元）", "注册资本(万元)", "registered_capital"),
    "established_on": ("成立日期", "established_on"),
    "industry": ("行业", "所属行业", "国标行业", "industry"),
    "province": ("省份", "所属省份", "province"),
    "city": ("城市", "所属城市", "city"),
}
REQUIRED = ("name", "credit_code", "business_scope")
LABELS = {
    "name": "企业名称",
    "credit_code": "统一社会信用代码",
    "business_scope": "经营范围",
    "registered_capital": "注册资本",
    "established_on": "成立日期",
}
MAX_ERRORS = 20
DASK_FROM_ROWS = 200_000  # below this a local cluster's start-up costs more than it saves


class UniverseError(ValueError):
    """The file cannot be imported; the message (Chinese) names rows, columns and reasons."""


def read_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """(row number as the user sees it, {column: text}) for each data row."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        yield from _read_csv(path)
    elif suffix == ".xlsx":
        yield from _read_xlsx(path)
    elif suffix == ".parquet":
        yield from _read_parquet(path)
    else:
        raise UniverseError(
            f"不支持的文件类型“{suffix or '无扩展名'}”：请上传 .csv、.xlsx 或 .parquet"
        )


def _mapping(header: list[str]) -> dict[str, int]:
    clean = [str(h or "").strip() for h in header]
    found = {}
    for column, names in COLUMNS.items():
        for name in names:
            if name in clean:
                found[column] = clean.index(name)
                break
    missing = [LABELS.get(c, c) for c in REQUIRED if c not in found]
    if missing:
        raise UniverseError(f"表头缺少必需的列：{'、'.join(missing)}（第 1 行）")
    return found


def _read_csv(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise UniverseError("文件编码无法识别：请另存为 UTF-8 或 GBK 编码的 CSV")
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header is None:
        raise UniverseError("文件为空")
    mapping = _mapping(header)
    for number, row in enumerate(reader, 2):
        if any(cell.strip() for cell in row):
            yield number, {c: (row[i] if i < len(row) else "") for c, i in mapping.items()}


def _read_xlsx(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    rows = book.worksheets[0].iter_rows(values_only=True)
    header = next(rows, None)
    if header is None:
        raise UniverseError("文件为空")
    mapping = _mapping(list(header))
    for number, row in enumerate(rows, 2):
        if any(v not in (None, "") for v in row):
            yield number, {c: _cell(row[i] if i < len(row) else None) for c, i in mapping.items()}
    book.close()


def _read_parquet(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    import pyarrow.parquet as pq

    parquet = pq.ParquetFile(path)
    mapping = _mapping(parquet.schema_arrow.names)
    names = parquet.schema_arrow.names
    number = 1
    for batch in parquet.iter_batches(
        batch_size=50_000, columns=[names[i] for i in mapping.values()]
    ):
        columns = {c: batch.column(names[i]).to_pylist() for c, i in mapping.items()}
        for n in range(batch.num_rows):
            number += 1
            yield number, {c: _cell(values[n]) for c, values in columns.items()}


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()[:10]
    return str(value)


def _capital(text: str) -> float | None:
    """注册资本 as written (`500`, `500万元`, `1.2亿元`, `500万人民币`) → 万元."""
    text = text.strip().replace(",", "").replace("人民币", "").replace("元", "")
    if not text:
        return None
    factor = 1.0
    if text.endswith("亿"):
        factor, text = 10_000.0, text[:-1]
    elif text.endswith("万"):
        text = text[:-1]
    value = float(text)  # ValueError → reported by the caller
    if value < 0:
        raise ValueError
    return value * factor


def _date(text: str) -> datetime.date | None:
    text = text.strip().replace("/", "-").replace(".", "-")[:10]
    if not text:
        return None
    return datetime.date.fromisoformat(text)


def parse_rows(rows) -> tuple[list[dict], list[str]]:
    """Clean records and the errors (row, column, reason), at most MAX_ERRORS of them."""
    records: list[dict] = []
    errors: list[str] = []
    seen: dict[str, int] = {}

    def error(number: int, column: str, reason: str) -> None:
        if len(errors) < MAX_ERRORS:
            errors.append(f"第 {number} 行“{LABELS.get(column, column)}”：{reason}")

    for number, row in rows:
        name = row.get("name", "").strip()
        if not name:
            error(number, "name", "不能为空")
        try:
            code = normalize_credit_code(row.get("credit_code", ""))
        except InvalidValue as exc:
            error(number, "credit_code", str(exc))
            code = ""
        if code in seen:
            error(number, "credit_code", f"与第 {seen[code]} 行重复")
        elif code:
            seen[code] = number
        try:
            capital = _capital(row.get("registered_capital", ""))
        except ValueError:
            error(number, "registered_capital", f"“{row['registered_capital']}”不是金额（万元）")
            capital = None
        try:
            established = _date(row.get("established_on", ""))
        except ValueError:
            error(number, "established_on", f"“{row['established_on']}”不是日期（如 2015-06-30）")
            established = None
        province, city = row.get("province", "").strip(), row.get("city", "").strip()
        if not province:
            province, city = parse_region(row.get("address", "") or name)
        records.append(
            {
                "credit_code": code,
                "name": name[:200],
                "address": row.get("address", "").strip()[:300],
                "province": province[:20],
                "city": (city or "")[:20],
                "business_scope": row.get("business_scope", "").strip(),
                "registered_capital": capital,
                "established_on": established,
                "industry": row.get("industry", "").strip()[:100],
            }
        )
    return records, errors


def import_universe(
    path: Path,
    *,
    progress=None,
    dask: bool | None = None,
    scheduler: str = "",
    workers: int = 2,
) -> dict:
    """Read, check, match and store a registry file; returns counts. Raises UniverseError
    (nothing written) when the file has errors or the graph is not imported."""
    index = get_index()
    if index.empty:
        raise UniverseError(NOT_IMPORTED + "，无法匹配经营范围。")
    report = progress or (lambda done, total=None, message="": None)
    report(0, None, "正在读取文件")
    records, errors = parse_rows(read_rows(Path(path)))
    if errors:
        more = "（仅列出前 20 处）" if len(errors) >= MAX_ERRORS else ""
        raise UniverseError("文件有错误，未导入任何数据" + more + "：\n" + "\n".join(errors))
    if not records:
        raise UniverseError("文件中没有企业数据")
    total = len(records)
    scheduler = scheduler or getattr(settings, "CHAINCHIEF_DASK_SCHEDULER", "")
    use_dask = dask if dask is not None else (bool(scheduler) or total >= DASK_FROM_ROWS)
    matcher = text_matcher(index)
    texts = [r["business_scope"] for r in records]

    def matched(done: int) -> None:
        report(done, total, f"正在匹配经营范围（{'Dask 分区' if use_dask else '单核'}）")

    if use_dask:
        found = match_partitioned(
            matcher, texts, scheduler=scheduler, workers=workers, progress=matched
        )
    else:
        found = match_serial(matcher, texts, progress=matched)
    report(total, total, "正在写入数据库")
    with transaction.atomic():
        UniverseProduct.objects.all().delete()
        UniverseCompany.objects.all().delete()
        companies = UniverseCompany.objects.bulk_create(
            [UniverseCompany(**r) for r in records], batch_size=2000
        )
        links = [
            UniverseProduct(company_id=c.pk, product_id=pid, matched_text=text[:300])
            for c, products in zip(companies, found, strict=True)
            for pid, text in products.items()
        ]
        UniverseProduct.objects.bulk_create(links, batch_size=5000)
    matched_companies = sum(1 for products in found if products)
    return {
        "companies": total,
        "matched": matched_companies,
        "links": len(links),
        "mode": "dask" if use_dask else "serial",
    }


def import_universe_job(
    progress, *, path: str, scheduler: str = "", dask: bool | None = None, workers: int = 2
) -> dict:
    """The job function (jobs.services.start_job) of the page's upload and the command."""
    from chainchief.jobs.services import JobError

    try:
        result = import_universe(
            Path(path), progress=progress.update, scheduler=scheduler, dask=dask, workers=workers
        )
    except UniverseError as exc:
        raise JobError(str(exc)) from exc
    progress.link("/knowledge/universe/")
    return result


def universe_stats() -> dict:
    last = UniverseCompany.objects.order_by("-imported_at").values_list("imported_at", flat=True)
    return {
        "companies": UniverseCompany.objects.count(),
        "matched": UniverseProduct.objects.values("company").distinct().count(),
        "imported_at": last.first(),
    }
