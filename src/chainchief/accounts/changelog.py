"""The change log: every create, update and delete of a tracked model, with before and after.

Saves and deletes through the ORM are caught by signals. Bulk writes (imports) bypass
signals, so they call `record_changes` themselves with the rows they wrote.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime
import decimal
from collections.abc import Iterable, Iterator
from typing import Any

from django.db import models
from django.db.models.fields.files import FieldFile
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

_acting_user: contextvars.ContextVar[Any] = contextvars.ContextVar("acting_user", default=None)
_paused: contextvars.ContextVar[bool] = contextvars.ContextVar("changelog_paused", default=False)
_tracked: set[type[models.Model]] = set()


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
    )


def record_changes(rows: Iterable[tuple[models.Model, str, dict | None, dict | None]]) -> int:
    """Record changes made by bulk writes: (object, action, before, after) for each."""
    from chainchief.accounts.models import ChangeLog

    if _paused.get():
        return 0
    entries = [_entry(obj, action, before, after) for obj, action, before, after in rows]
    ChangeLog.objects.bulk_create(entries, batch_size=1000)
    return len(entries)


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
    if before is None or before == ids:
        return
    _entry(instance, "update", {name: before}, {name: ids}).save()


def connect_signals() -> None:
    pre_save.connect(_pre_save, dispatch_uid="changelog_pre_save")
    post_save.connect(_post_save, dispatch_uid="changelog_post_save")
    post_delete.connect(_post_delete, dispatch_uid="changelog_post_delete")
    m2m_changed.connect(_m2m_changed, dispatch_uid="changelog_m2m_changed")
