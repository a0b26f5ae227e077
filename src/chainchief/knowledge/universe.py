"""The city's own company universe (企业名录): a registry file of non-listed companies,
imported through the one import framework (spec `universe` in knowledge/importing.py:
upload, preview job, 确认导入, apply job, clean-up of old uploads), its business scopes
matched to graph products with the same matcher as everything else (on one core, or
partitioned over Dask workers). Each import replaces the universe as a whole: a registry
is a snapshot the city buys or exports, not a list edited row by row.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from django.conf import settings

from chainchief.knowledge.engine.partition import match_partitioned, match_serial, text_matcher
from chainchief.knowledge.models import UniverseCompany, UniverseProduct

DASK_FROM_ROWS = 200_000  # below this a local cluster's start-up costs more than it saves


def match_scopes(
    index,
    texts: list[str],
    *,
    progress: Callable[[int, int | None, str], None],
    dask: bool | None = None,
    scheduler: str = "",
    workers: int = 2,
) -> tuple[list[dict[int, str]], str]:
    """pid → matched text per business scope, and the mode used ("serial" or "dask")."""
    total = len(texts)
    scheduler = scheduler or getattr(settings, "CHAINCHIEF_DASK_SCHEDULER", "")
    use_dask = dask if dask is not None else (bool(scheduler) or total >= DASK_FROM_ROWS)
    matcher = text_matcher(index)

    def matched(done: int) -> None:
        progress(done, total, f"正在匹配经营范围（{'Dask 分区' if use_dask else '单核'}）")

    if use_dask:
        found = match_partitioned(
            matcher, texts, scheduler=scheduler, workers=workers, progress=matched
        )
    else:
        found = match_serial(matcher, texts, progress=matched)
    return found, "dask" if use_dask else "serial"


def replace_universe(records: list[dict], found: list[dict[int, str]]) -> int:
    """The registry replaced as a whole (call inside the import's transaction); the links."""
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
    return len(links)


def import_universe_job(
    progress, *, path: str, scheduler: str = "", dask: bool | None = None, workers: int = 2
) -> dict:
    """`chainchief kg universe import FILE`: the framework's spec run in the foreground,
    with the command's matching options."""
    from chainchief.jobs.services import JobError
    from chainchief.knowledge.importing import UniverseImporter

    spec = UniverseImporter(None)
    spec.dask, spec.scheduler, spec.workers = dask, scheduler, workers
    report = spec.run(Path(path), dry_run=False, progress=progress)
    if not report.applied:
        errors = "\n".join(str(e) for e in report.errors[:20])
        more = "（仅列出前 20 处）" if len(report.errors) > 20 else ""
        raise JobError(f"文件有错误，未导入任何数据{more}：\n{errors}")
    progress.link("/knowledge/universe/")
    return spec.outcome


def universe_stats() -> dict:
    last = UniverseCompany.objects.order_by("-imported_at").values_list("imported_at", flat=True)
    return {
        "companies": UniverseCompany.objects.count(),
        "matched": UniverseProduct.objects.values("company").distinct().count(),
        "imported_at": last.first(),
    }


def remove_legacy_files(progress=None, *, today: str = "") -> dict:
    """Nightly tick: registry files stored by the old upload path (MEDIA_ROOT/universe/,
    before the import framework took the registry over) go once older than
    CHAINCHIEF_IMPORT_KEEP_HOURS, like every other upload."""
    import time

    folder = Path(settings.MEDIA_ROOT) / "universe"
    cutoff = time.time() - 3600 * int(getattr(settings, "CHAINCHIEF_IMPORT_KEEP_HOURS", 24))
    removed = 0
    for path in folder.glob("*") if folder.is_dir() else ():
        if path.is_file() and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            removed += 1
    return {"removed_files": removed}
