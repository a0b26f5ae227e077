"""The city's own company universe (企业名录): a registry file of non-listed companies,
imported through the one import framework (spec `universe` in knowledge/importing.py:
upload, preview job, 确认导入, apply job, clean-up of old uploads), its business scopes
matched to graph products with the same matcher as everything else (on one core, or
partitioned over Dask workers). Each import replaces the universe as a whole: a registry
is a snapshot the city buys or exports, not a list edited row by row.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from django.conf import settings

from chainchief.knowledge.engine import partition
from chainchief.knowledge.engine.partition import (
    Matches,
    match_file_partitioned,
    match_serial,
    matcher_spec,
    write_texts,
)
from chainchief.knowledge.models import UniverseCompany, UniverseProduct

logger = logging.getLogger(__name__)

DASK_FROM_ROWS = 200_000  # below this a local cluster's start-up costs more than it saves
LINK_BATCH = 5000


def wants_dask(total: int, *, dask: bool | None = None, scheduler: str = "") -> bool:
    """Dask when asked, when a scheduler is set, or from DASK_FROM_ROWS rows."""
    scheduler = scheduler or getattr(settings, "CHAINCHIEF_DASK_SCHEDULER", "")
    return dask if dask is not None else (bool(scheduler) or total >= DASK_FROM_ROWS)


class ClusterStart:
    """A Dask connection started in the background (a local cluster takes seconds to start:
    the import prepares its rows meanwhile). `get` gives (client, cluster) or raises what
    the start raised; `close` closes what was started, once."""

    def __init__(self, *, scheduler: str = "", workers: int = 2) -> None:
        scheduler = scheduler or getattr(settings, "CHAINCHIEF_DASK_SCHEDULER", "")
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="dask-start")
        self._future = self._pool.submit(partition.connect, scheduler=scheduler, workers=workers)
        self._closed = False

    def get(self):
        return self._future.result()

    def prepare(self, spec: partition.MatcherSpec) -> Future:
        """In the background, once the cluster is up: the spec sent to every worker and its
        matcher built there (partition.prepare_workers); the future gives the scattered spec."""
        return self._pool.submit(lambda: partition.prepare_workers(self.get()[0], spec))

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._pool.shutdown(wait=True)
        try:
            client, cluster = self._future.result()
        except Exception:
            return  # nothing started
        client.close()
        if cluster is not None:
            cluster.close()


def match_scopes(
    index,
    texts: list[str],
    *,
    progress: Callable[[int, int | None, str], None],
    dask: bool | None = None,
    scheduler: str = "",
    workers: int = 2,
    cluster: ClusterStart | None = None,
) -> tuple[Matches, str, str]:
    """The matches of each business scope (row id → product ids), the mode used ("serial"
    or "dask") and a note (why the cluster was not used when it was meant to be).

    With Dask the scopes are written once to a parquet file of row groups (in
    CHAINCHIEF_DASK_SHARED_DIR when set: a folder a remote scheduler's workers also see);
    each worker reads its own row groups and builds the automaton once. `cluster`: a
    connection the caller started early (closed here); otherwise one starts now, while
    the file is written. When the cluster cannot start or fails, the matching runs on one
    core and the note says so."""
    total = len(texts)
    use_dask = cluster is not None or wants_dask(total, dask=dask, scheduler=scheduler)

    def reporter(label: str) -> Callable[[int], None]:
        return lambda done: progress(done, total, f"正在匹配经营范围（{label}）")

    note = ""
    if use_dask:
        cluster = cluster or ClusterStart(scheduler=scheduler, workers=workers)
        path = None
        try:
            spec = matcher_spec(index, texts)
            ready = cluster.prepare(spec)  # the workers build their matchers meanwhile
            path = write_texts(texts, getattr(settings, "CHAINCHIEF_DASK_SHARED_DIR", "") or None)
            client, _ = cluster.get()
            found = match_file_partitioned(
                spec, path, client=client, shared=ready.result(), progress=reporter("Dask 分区")
            )
            return found, "dask", note
        except Exception as exc:  # no cluster: the import still completes, on one core
            logger.warning("Dask matching failed, falling back to one core", exc_info=True)
            note = f"Dask 集群未能启动或运行失败（{type(exc).__name__}: {str(exc)[:150]}），已改用单核匹配"
            progress(0, total, note)
        finally:
            cluster.close()
            if path is not None:
                path.unlink(missing_ok=True)
    found = match_serial(matcher_spec(index, texts), texts, progress=reporter("单核"))
    return found, "serial", note


def replace_universe(records: list[dict], found: Matches, norm: dict[int, str]) -> int:
    """The registry replaced as a whole (call inside the import's transaction); the links,
    written in batches as they are read from the matches."""
    UniverseProduct.objects.all().delete()
    UniverseCompany.objects.all().delete()
    companies = UniverseCompany.objects.bulk_create(
        [UniverseCompany(**r) for r in records], batch_size=2000
    )
    written = 0
    batch: list[UniverseProduct] = []
    for row, pid in found.links():
        batch.append(
            UniverseProduct(
                company_id=companies[row].pk, product_id=pid, matched_text=norm[pid][:300]
            )
        )
        if len(batch) >= LINK_BATCH:
            UniverseProduct.objects.bulk_create(batch)
            written += len(batch)
            batch = []
    UniverseProduct.objects.bulk_create(batch)
    return written + len(batch)


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
