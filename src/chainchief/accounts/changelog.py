"""The change log: every create, update and delete of a tracked model, with before and after.

Saves and deletes through the ORM are caught by signals. Bulk writes (imports) bypass
signals, so they call `record_changes` themselves with the rows they wrote; many-to-many
links are one "update" entry per relation ({name: ids before} → {name: ids after}) from
every path: the signal for `.set()/.add()`, `link_changes` for writers that bypass it.

Every entry carries the operation that made it (`operation`): the web request
(CurrentUserMiddleware, "req-<uuid>", also the X-Request-ID header), the background job
("job-<id>") or the management command ("cmd-<uuid>"), so one operation's rows are shown
together.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime
import decimal
import hashlib
import json
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models.fields.files import FieldFile
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

_acting_user: contextvars.ContextVar[Any] = contextvars.ContextVar("acting_user", default=None)
_paused: contextvars.ContextVar[bool] = contextvars.ContextVar("changelog_paused", default=False)
_operation: contextvars.ContextVar[str] = contextvars.ContextVar("operation", default="")
_tracked: set[type[models.Model]] = set()


def new_operation_id(kind: str) -> str:
    """A fresh operation id: kind "req" (web request), "cmd" (command) plus a uuid."""
    return f"{kind}-{uuid.uuid4().hex}"


@contextlib.contextmanager
def operation(operation_id: str) -> Iterator[str]:
    """Everything recorded inside the block (change log and security log) carries this id."""
    token = _operation.set(str(operation_id)[:64])
    try:
        yield operation_id
    finally:
        _operation.reset(token)


def current_operation() -> str:
    """The id of the request, job or command running now ("" outside any)."""
    return _operation.get()


@contextlib.contextmanager
def acting_user(user: Any) -> Iterator[None]:
    """Everything recorded inside the block is attributed to `user` (None: the system)."""
    token = _acting_user.set(user)
    try:
        yield
    finally:
        _acting_user.reset(token)


def current_user() -> Any:
    """The user changes are attributed to right now (None: the system)."""
    return _acting_user.get()


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """Record nothing inside the block (bulk generation of demo data, which logs a summary)."""
    token = _paused.set(True)
    try:
        yield
    finally:
        _paused.reset(token)


def is_tracked(model: type[models.Model]) -> bool:
    """Whether saves and deletes of `model` log themselves (through signals)."""
    return model in _tracked


def _skip(sender: type) -> bool:
    return sender not in _tracked or _paused.get()


def track(model: type[models.Model]) -> type[models.Model]:
    """Class decorator: record every change of this model in the change log."""
    _tracked.add(model)
    return model


def _plain(value: Any) -> Any:
    if isinstance(value, FieldFile):
        return value.name or None
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def snapshot(obj: models.Model) -> dict[str, Any]:
    """The object's concrete fields as JSON-friendly values (foreign keys as ids).

    Timestamps that change on every save (auto_now) and the optimistic-lock `version` counter
    are left out, so a save that changes
    nothing compares equal; decimals keep their field's places, so 1 and 1.00 are one value.
    """
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.name in ("password", "version") or getattr(field, "auto_now", False):
            continue
        value = getattr(obj, field.attname)
        if isinstance(field, models.DecimalField) and value is not None:
            value = f"{decimal.Decimal(value):.{field.decimal_places}f}"
        data[field.attname] = _plain(value)
    return data


def fingerprint(obj: models.Model) -> str:
    """A short hash of the record's fields as stored (empty for a new record): an edit
    carries the one it read, so a save over someone else's change is refused."""
    if obj.pk is None:
        return ""
    stored = type(obj)._default_manager.filter(pk=obj.pk).first()
    if stored is None:
        return ""
    data = json.dumps(snapshot(stored), sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(data.encode()).hexdigest()[:16]


def _object_type(obj: models.Model) -> str:
    return f"{obj._meta.app_label}.{obj._meta.model_name}"


def _entry(obj: models.Model, action: str, before: dict | None, after: dict | None):
    from chainchief.accounts.models import ChangeLog

    user = _acting_user.get()
    return ChangeLog(
        user=user,
        user_name=(user.get_username() if user is not None else "系统"),
        action=action,
        object_type=_object_type(obj),
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        before=before,
        after=after,
        operation=_operation.get(),
    )


Change = tuple[models.Model, str, dict | None, dict | None]
# The columns a change-log entry is written with (the hash chain's three come on top).
ENTRY_FIELDS = (
    "time", "user", "user_name", "action", "object_type", "object_id", "object_repr",
    "before", "after", "operation",
)  # fmt: skip


@dataclass
class PreparedChanges:
    """Change-log entries computed ahead of a write transaction: their database rows and
    the payloads their hashes cover. `write()` (inside the transaction) only chains the
    hashes and inserts."""

    rows: list[tuple]
    payloads: list[bytes]

    def write(self) -> int:
        from chainchief.accounts import ledger
        from chainchief.accounts.models import ChangeLog

        return ledger.append_rows(ChangeLog, ENTRY_FIELDS, self.rows, self.payloads)


def prepare_changes(rows: Iterable[Change]) -> PreparedChanges:
    """Build the entries for (object, action, before, after) rows now, write them later."""
    from chainchief.accounts import ledger
    from chainchief.accounts.models import ChangeLog
    from chainchief.core.bulk import db_rows

    if _paused.get():
        return PreparedChanges([], [])
    entries = [_entry(obj, action, before, after) for obj, action, before, after in rows]
    return PreparedChanges(
        db_rows(ChangeLog, entries, ENTRY_FIELDS),
        [ledger.payload(e.ledger_content()) for e in entries],
    )


def record_changes(rows: Iterable[Change]) -> int:
    """Record changes made by bulk writes: (object, action, before, after) for each.

    The entries are built first, then chained and inserted in one pass (ledger.append_rows)."""
    return prepare_changes(rows).write()


def link_changes(
    obj: models.Model, name: str, before: Iterable[int], after: Iterable[int]
) -> list[Change]:
    """The change-log row for a many-to-many relation of `obj` whose linked ids went from
    `before` to `after` (none when equal): the same row the signal writes for `.set()`."""
    old, new = sorted(before), sorted(after)
    if old == new:
        return []
    return [(obj, "update", {name: old}, {name: new})]


def _pre_save(sender, instance, raw=False, **kwargs):
    if raw or _skip(sender):
        return
    before = None
    if instance.pk is not None:
        old = sender._default_manager.filter(pk=instance.pk).first()
        before = snapshot(old) if old is not None else None
    instance._changelog_before = before


def _post_save(sender, instance, created, raw=False, **kwargs):
    if raw or _skip(sender):
        return
    before = getattr(instance, "_changelog_before", None)
    after = snapshot(instance)
    if not created and before == after:
        return
    action = "create" if created or before is None else "update"
    _entry(instance, action, before if action == "update" else None, after).save()


def _post_delete(sender, instance, **kwargs):
    if _skip(sender):
        return
    _entry(instance, "delete", snapshot(instance), None).save()


def _m2m_field_name(instance: models.Model, through: type[models.Model]) -> str | None:
    for field in instance._meta.many_to_many:
        if field.remote_field.through is through:
            return field.name
    return None


def _m2m_changed(sender, instance, action, reverse, **kwargs):
    # Links are recorded on the object that declares the many-to-many field.
    if (
        reverse
        or _skip(type(instance))
        or action
        not in ("pre_add", "pre_remove", "pre_clear", "post_add", "post_remove", "post_clear")
    ):
        return
    name = _m2m_field_name(instance, sender)
    if name is None:
        return
    ids = sorted(getattr(instance, name).values_list("pk", flat=True))
    if action.startswith("pre_"):
        instance.__dict__.setdefault("_changelog_m2m", {})[name] = ids
        return
    before = instance.__dict__.get("_changelog_m2m", {}).pop(name, None)
    if before is None:
        return
    for row in link_changes(instance, name, before, ids):
        _entry(*row).save()


def connect_signals() -> None:
    pre_save.connect(_pre_save, dispatch_uid="changelog_pre_save")
    post_save.connect(_post_save, dispatch_uid="changelog_post_save")
    post_delete.connect(_post_delete, dispatch_uid="changelog_post_delete")
    m2m_changed.connect(_m2m_changed, dispatch_uid="changelog_m2m_changed")
