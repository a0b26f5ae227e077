"""`kg import`: load a graph directory into the database, all-or-nothing and idempotent.

Every table is synchronised by its natural key (industry code, company key, product name,
relation tuple): new rows are inserted, changed rows updated, vanished rows deleted. A run
on unchanged files changes nothing; a run on identical files (same digest as the last
import) does not even read them beyond the digest. Link tables use raw `executemany`
inserts, which is what keeps the full graph under the time goal on SQLite and PostgreSQL.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, transaction
from tqdm import tqdm

from chainchief.knowledge import graph_files
from chainchief.knowledge.models import (
    Company,
    CompanyIndustry,
    CompanyProduct,
    EnterpriseProduct,
    GraphImport,
    Industry,
    IndustryUpstream,
    Product,
    ProductRelation,
)

BATCH = 5000
COMPANY_FIELDS = (
    "code",
    "raw_code",
    "short_name",
    "full_name",
    "exchange",
    "listed_on_raw",
    "listed_on",
    "province",
    "city",
    "distressed",
    "is_primary",
    "duplicate_code",
    "duplicate_note",
)


@dataclass
class ImportResult:
    unchanged: bool
    counts: dict[str, int]
    changes: dict[str, dict[str, int]] = field(default_factory=dict)
    duplicates: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0


def graph_counts() -> dict[str, int]:
    return {
        "industries": Industry.objects.count(),
        "companies": Company.objects.count(),
        "products": Product.objects.count(),
        "noisy_products": Product.objects.filter(noise=True).count(),
        "company_products": CompanyProduct.objects.count(),
        "relations": ProductRelation.objects.count(),
        "company_industries": CompanyIndustry.objects.count(),
        "industry_upstream": IndustryUpstream.objects.count(),
        "distressed": Company.objects.filter(distressed=True).count(),
        "duplicate_code_rows": Company.objects.filter(duplicate_code=True).count(),
    }


def import_graph(directory: Path, *, force: bool = False, progress: bool = True) -> ImportResult:
    started = time.perf_counter()
    directory = Path(directory)
    stamp = graph_files.digest(directory)
    last = GraphImport.objects.first()
    if not force and last and last.digest == stamp and last.counts == graph_counts():
        return ImportResult(
            unchanged=True,
            counts=last.counts,
            duplicates=last.duplicates,
            seconds=time.perf_counter() - started,
        )
    steps = tqdm(total=9, desc="读取图谱文件", unit="步", disable=not progress, file=sys.stderr)
    rows = graph_files.read_graph(directory)
    changes: dict[str, dict[str, int]] = {}
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Check foreign keys row by row, not as one huge deferred queue at COMMIT.
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        steps.update()
        steps.set_description("行业")
        changes["industries"] = _sync_industries(rows.industries)
        steps.update()
        steps.set_description("公司")
        changes["companies"] = _sync_entities(
            Company,
            "key",
            COMPANY_FIELDS,
            {k: tuple(v[f] for f in COMPANY_FIELDS) for k, v in rows.companies.items()},
        )
        steps.update()
        steps.set_description("产品")
        changes["products"] = _sync_entities(
            Product, "name", ("normalized", "noise", "noise_reason"), rows.products
        )
        steps.update()
        industry_ids = dict(Industry.objects.values_list("code", "id"))
        company_ids = dict(Company.objects.values_list("key", "id"))
        product_ids = dict(Product.objects.values_list("name", "id"))
        steps.set_description("产品关系")
        changes["relations"] = _sync_links(
            ProductRelation,
            ("from_product_id", "to_product_id", "kind"),
            {(product_ids[a], product_ids[b], kind) for a, b, kind in rows.relations},
        )
        steps.update()
        steps.set_description("主营产品")
        changes["company_products"] = _sync_links(
            CompanyProduct,
            ("company_id", "product_id"),
            {(company_ids[k], product_ids[p]): w for (k, p), w in rows.company_products.items()},
            value_field="weight",
        )
        steps.update()
        steps.set_description("所属行业")
        changes["company_industries"] = _sync_links(
            CompanyIndustry,
            ("company_id", "industry_id"),
            {(company_ids[k], industry_ids[c]) for k, c in rows.company_industries},
        )
        steps.update()
        steps.set_description("行业上游")
        changes["industry_upstream"] = _sync_links(
            IndustryUpstream,
            ("industry_id", "upstream_id"),
            {(industry_ids[a], industry_ids[b]): n for (a, b), n in rows.industry_upstream.items()},
            value_field="count",
        )
        steps.update()
        counts = graph_counts()
        changed = any(sum(c.values()) for c in changes.values())
        if changed or not last or last.digest != stamp:
            GraphImport.objects.create(
                source=str(directory),
                digest=stamp,
                counts=counts,
                changes=changes,
                duplicates=rows.duplicates,
            )
        steps.update()
    steps.close()
    return ImportResult(
        unchanged=not changed,
        counts=counts,
        changes=changes,
        duplicates=rows.duplicates,
        warnings=rows.warnings,
        seconds=time.perf_counter() - started,
    )


def _sync_industries(industries: dict[str, tuple[str, int, str]]) -> dict[str, int]:
    result = _sync_entities(
        Industry, "code", ("name", "level"), {c: (n, lv) for c, (n, lv, _) in industries.items()}
    )
    ids = dict(Industry.objects.values_list("code", "id"))
    current = dict(Industry.objects.values_list("code", "parent_id"))
    stale = []
    for code, (_, _, parent) in industries.items():
        want = ids.get(parent) if parent else None
        if current.get(code) != want:
            stale.append(Industry(id=ids[code], parent_id=want))
    Industry.objects.bulk_update(stale, ["parent"], batch_size=BATCH)
    # A parent set on a row inserted just now is part of the insert, not an update.
    result["updated"] += (
        max(0, len(stale) - result["inserted"]) if result["inserted"] else len(stale)
    )
    return result


def _sync_entities(model, key: str, fields: tuple[str, ...], wanted: dict) -> dict[str, int]:
    """Insert, update and delete rows of `model` so that {key: fields} is exactly `wanted`."""
    existing = {row[0]: (row[1], row[2:]) for row in model.objects.values_list(key, "id", *fields)}
    new = [
        model(**{key: k}, **dict(zip(fields, v, strict=True)))
        for k, v in wanted.items()
        if k not in existing
    ]
    changed = [
        model(id=existing[k][0], **dict(zip(fields, v, strict=True)))
        for k, v in wanted.items()
        if k in existing and tuple(existing[k][1]) != tuple(v)
    ]
    gone = [existing[k][0] for k in existing.keys() - wanted.keys()]
    model.objects.bulk_create(new, batch_size=_batch(len(fields) + 1))
    if changed:
        model.objects.bulk_update(changed, list(fields), batch_size=1000)
    _delete_ids(model, gone)
    return {"inserted": len(new), "updated": len(changed), "deleted": len(gone)}


def _sync_links(
    model, columns: tuple[str, ...], wanted, value_field: str | None = None
) -> dict[str, int]:
    """Like _sync_entities for link tables keyed by a tuple of ids (plus one value column)."""
    table = model._meta.db_table
    if value_field is None:
        existing = {tuple(r[1:]): (r[0], None) for r in model.objects.values_list("id", *columns)}
        wanted = dict.fromkeys(wanted)
    else:
        existing = {
            tuple(r[1:-1]): (r[0], r[-1])
            for r in model.objects.values_list("id", *columns, value_field)
        }
    insert = [(*k, v) if value_field else k for k, v in wanted.items() if k not in existing]
    updated = [
        (v, existing[k][0]) for k, v in wanted.items() if k in existing and existing[k][1] != v
    ]
    gone = [existing[k][0] for k in existing.keys() - wanted.keys()]
    _insert(table, (*columns, value_field) if value_field else columns, insert)
    if updated:
        with connection.cursor() as cursor:
            qn = connection.ops.quote_name
            cursor.executemany(
                f"UPDATE {qn(table)} SET {qn(value_field)} = %s WHERE id = %s", updated
            )
    _delete_ids(model, gone)
    return {"inserted": len(insert), "updated": len(updated), "deleted": len(gone)}


def _insert(table: str, columns: Iterable[str], rows: list[tuple]) -> None:
    qn = connection.ops.quote_name
    sql = (
        f"INSERT INTO {qn(table)} ({', '.join(qn(c) for c in columns)}) "
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(sql, rows[start : start + BATCH])


def _delete_ids(model, ids: list[int]) -> None:
    for start in range(0, len(ids), 900):
        model.objects.filter(id__in=ids[start : start + 900]).delete()


def _batch(params_per_row: int) -> int:
    limit = connection.features.max_query_params or 100_000
    return max(1, min(BATCH, limit // params_per_row))


def clear_graph() -> None:
    """Delete the whole graph (and the enterprise links to it), fast, in one transaction."""
    qn = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        for model in (
            EnterpriseProduct,
            CompanyProduct,
            ProductRelation,
            CompanyIndustry,
            IndustryUpstream,
            Product,
            Company,
            GraphImport,
        ):
            cursor.execute(f"DELETE FROM {qn(model._meta.db_table)}")
        Industry.objects.update(parent=None)
        cursor.execute(f"DELETE FROM {qn(Industry._meta.db_table)}")
