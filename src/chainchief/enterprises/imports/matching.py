"""Product matching runs by itself after an enterprise import or an edit of an enterprise's
products or business scope: a background job (progress on /jobs/<id>/) calling the knowledge
app's `match_enterprises` in batches. Without the national graph there is nothing to match
against, and no job is started."""

from __future__ import annotations

from chainchief.jobs.models import Job

BATCH = 500


def graph_imported() -> bool:
    from chainchief.knowledge.models import GraphImport

    return GraphImport.objects.exists()


def start_matching(*, enterprise_ids: list[int], user) -> Job | None:
    """Start matching these enterprises in the background; None when there is no graph."""
    from chainchief.jobs.services import start_job

    ids = sorted(set(enterprise_ids))
    if not ids or not graph_imported():
        return None
    title = f"产品匹配：{len(ids)} 家企业" if len(ids) > 1 else "产品匹配：1 家企业"
    return start_job(
        kind="matching",
        title=title,
        user=user,
        func_path="chainchief.enterprises.imports.matching.match_job",
        params={"enterprise_ids": ids},
    )


def match_job(progress, *, enterprise_ids: list[int]) -> dict:
    from chainchief.knowledge.services import match_enterprises

    total, links, done = len(enterprise_ids), 0, 0
    progress.update(0, total, "正在匹配图谱产品")
    for start in range(0, total, BATCH):
        if progress.cancelled():
            break
        batch = enterprise_ids[start : start + BATCH]
        links += match_enterprises(enterprise_ids=batch)["links"]
        done += len(batch)
        progress.update(done, total, f"已匹配 {done} / {total} 家企业")
    return {"企业": done, "产品关联": links}


def last_matching_job(enterprise_id: int) -> Job | None:
    """The latest matching job that covered this enterprise (for the enterprise page)."""
    for job in Job.objects.filter(kind="matching").order_by("-id")[:50]:
        if enterprise_id in (job.params or {}).get("enterprise_ids", []):
            return job
    return None
