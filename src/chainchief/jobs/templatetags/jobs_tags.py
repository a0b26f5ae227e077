from __future__ import annotations

from django import template

from chainchief.jobs.models import Job

register = template.Library()


@register.simple_tag
def last_job_about(kind: str, key: str, value: int) -> Job | None:
    """The latest job of `kind` whose params list `value` under `key` (e.g. the matching job
    that covered an enterprise): `{% last_job_about "matching" "enterprise_ids" e.pk as job %}`."""
    for job in Job.objects.filter(kind=kind).order_by("-id")[:50]:
        if value in ((job.params or {}).get(key) or []):
            return job
    return None
