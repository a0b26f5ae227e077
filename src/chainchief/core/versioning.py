"""Optimistic versioning of edits: every edit carries the version it read, and a save based
on an old version is refused, naming what the other person changed (from the change log).

Models that use it have `version = models.PositiveIntegerField(default=1)`. The save locks
the row (PostgreSQL) or the database (SQLite, IMMEDIATE transactions), compares the version,
and writes only when something changed, so saving a form unchanged logs nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.db import models, transaction

from chainchief.accounts.changelog import acting_user, snapshot
from chainchief.core.values import without_nul

STALE_MESSAGE = "该记录已被他人修改，请刷新后重试"


class StaleEdit(ValueError):
    """The record changed since the user read it; nothing was written."""

    def __init__(self, changes: list[str]):
        self.changes = changes
        detail = f"（他人修改了：{'；'.join(changes)}）" if changes else ""
        super().__init__(f"{STALE_MESSAGE}{detail}")


def _label(model: type[models.Model], attname: str) -> str:
    for field in model._meta.get_fields():
        if getattr(field, "attname", getattr(field, "name", None)) == attname:
            return str(getattr(field, "verbose_name", attname))
    return attname


def _shown(value: Any) -> str:
    if value in (None, "", []):
        return "空"
    text = str(value)
    return text if len(text) <= 40 else text[:40] + "…"


def changes_since(obj: models.Model, version: int) -> list[str]:
    """What others changed on `obj` after `version`, field by field, from the change log:
    every versioned save bumps the version once and logs one update, so the last
    (current - read) updates of the object are the ones the user did not see."""
    from chainchief.accounts.models import ChangeLog

    missed = max(0, int(getattr(obj, "version", 0) or 0) - int(version or 0))
    if not missed:
        return []
    entries = list(
        ChangeLog.objects.filter(
            object_type=f"{obj._meta.app_label}.{obj._meta.model_name}",
            object_id=str(obj.pk),
            action="update",
        ).order_by("-id")[:missed]
    )
    entries.reverse()
    first: dict[str, Any] = {}
    last: dict[str, Any] = {}
    who: dict[str, str] = {}
    for entry in entries:
        before, after = entry.before or {}, entry.after or {}
        for key in after:
            if key == "version" or before.get(key) == after.get(key):
                continue
            first.setdefault(key, before.get(key))
            last[key] = after.get(key)
            who[key] = entry.user_name
    return [
        f"{_label(type(obj), key)}：{_shown(first[key])} → {_shown(last[key])}（{who[key]}）"
        for key in last
        if first[key] != last[key]
    ]


def edit_answer(
    save: Callable[[], object], *, stale: type[Exception], invalid: type[Exception]
) -> tuple[int, dict[str, str]] | None:
    """The JSON API's one answer to a versioned edit (PATCH): runs `save` and returns None
    when it went through, else the error answer: 409 with the StaleEdit message (naming what
    the other person changed) when the record changed since the user read it, 400 with the
    reason for `invalid` input. `stale` is the app's wrapper of StaleEdit."""
    try:
        save()
    except stale as exc:
        return 409, {"detail": str(exc)}
    except invalid as exc:
        return 400, {"detail": str(exc)}
    return None


def save_versioned(
    obj: models.Model,
    *,
    version: int | None,
    fields: Mapping[str, Any],
    m2m: Mapping[str, Iterable[models.Model]] | None = None,
    by,
) -> bool:
    """Apply `fields` (and many-to-many sets) to `obj` if its stored version is still
    `version`; bump the version when anything changed. Returns whether anything changed.
    Raises StaleEdit when someone saved in between. A None version skips the check (new
    objects and internal callers that hold the row already)."""
    model = type(obj)
    fields = {key: without_nul(value) for key, value in fields.items()}
    with transaction.atomic(), acting_user(by):
        if obj.pk is None:
            for key, value in fields.items():
                setattr(obj, key, value)
            obj.save()
            for name, values in (m2m or {}).items():
                getattr(obj, name).set(list(values))
            return True
        current = model._default_manager.select_for_update().get(pk=obj.pk)
        if version is not None and current.version != version:
            raise StaleEdit(changes_since(current, version))
        before = snapshot(current)
        for key, value in fields.items():
            setattr(current, key, value)
        changed = snapshot(current) != before
        m2m_changed = False
        for name, values in (m2m or {}).items():
            wanted = sorted(v.pk for v in values)
            if sorted(getattr(current, name).values_list("pk", flat=True)) != wanted:
                m2m_changed = True
        if changed or m2m_changed:
            current.version = current.version + 1
            current.save()
            for name, values in (m2m or {}).items():
                getattr(current, name).set(list(values))
        # The caller's object reflects what is stored now.
        obj.__dict__.update(
            {f.attname: getattr(current, f.attname) for f in model._meta.concrete_fields}
        )
        return changed or m2m_changed
