from __future__ import annotations

from django.db.models import QuerySet

from chainchief.accounts.scoping import visible_jobs


def jobs_of(user, *, status: str = "", kind: str = "", mine_only: bool = True) -> QuerySet:
    qs = visible_jobs(user).select_related("user", "chain")
    if mine_only:
        qs = qs.filter(user=user)
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    return qs
