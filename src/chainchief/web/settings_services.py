"""Writes of the settings area (系统设置): warning rules, 六个一 roles, departments, districts,
parks and users. Keyword-only arguments, plain values in; every write lands in the change log
with the acting user.

An edit carries the fingerprint of the record as it was read (a hash of its fields, see
`fingerprint`): when someone else saved it in between, the save is refused instead of
silently overwriting their change. These models have no version column, so the fingerprint
plays its part.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import ProtectedError

from chainchief.accounts import changelog
from chainchief.accounts.changelog import acting_user, record_changes, snapshot
from chainchief.accounts.models import User

STALE_MESSAGE = "该记录已被他人修改，请刷新后重试"


def fingerprint(obj: models.Model) -> str:
    """A short hash of the record's fields as stored (empty for a new record)."""
    if obj.pk is None:
        return ""
    stored = type(obj)._default_manager.filter(pk=obj.pk).first()
    if stored is None:
        return ""
    data = json.dumps(snapshot(stored), sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(data.encode()).hexdigest()[:16]


def _tracked(model: type[models.Model]) -> bool:
    # Models decorated with @track log themselves through signals; the others we log here.
    return model in changelog._tracked


def _check_fresh(instance: models.Model, read_fingerprint: str | None) -> None:
    if instance.pk is None or read_fingerprint is None:
        return
    if fingerprint(instance) != read_fingerprint:
        raise ValidationError(STALE_MESSAGE)


@transaction.atomic
def save_setting(
    *,
    instance: models.Model,
    values: dict[str, Any],
    by: User,
    read_fingerprint: str | None = None,
) -> models.Model:
    """Set `values` on `instance` (new or existing), validate and save it.

    Many-to-many values (lists) are set after the save. Raises ValidationError with Chinese
    messages (a stale record, a duplicate name, a bad code)."""
    model = type(instance)
    if instance.pk is not None:
        # Lock the row so two saves cannot both pass the freshness check.
        model._default_manager.select_for_update().filter(pk=instance.pk).first()
    _check_fresh(instance, read_fingerprint)
    before = snapshot(model._default_manager.get(pk=instance.pk)) if instance.pk else None
    m2m = {}
    for name, value in values.items():
        field = model._meta.get_field(name)
        if field.many_to_many:
            m2m[name] = value
        else:
            setattr(instance, name, value)
    instance.full_clean(exclude=["password"] if model is User else None)
    with acting_user(by):
        instance.save()
        for name, value in m2m.items():
            getattr(instance, name).set(value)
    if not _tracked(model):
        after = snapshot(instance)
        if before is None:
            record_changes([(instance, "create", None, after)])
        elif before != after:
            record_changes([(instance, "update", before, after)])
    return instance


@transaction.atomic
def delete_setting(*, instance: models.Model, by: User, read_fingerprint: str | None = None):
    """Delete a record; a record still in use is refused with what uses it."""
    _check_fresh(instance, read_fingerprint)
    before = snapshot(instance)
    try:
        with transaction.atomic(), acting_user(by):
            instance.delete()
    except ProtectedError as exc:
        used_by = sorted({str(o._meta.verbose_name) for o in exc.protected_objects})
        raise ValidationError(
            f"“{instance}”仍被{('、'.join(used_by))}使用，不能删除；请先修改或删除这些记录"
        ) from exc
    if not _tracked(type(instance)):
        record_changes([(instance, "delete", before, None)])


@transaction.atomic
def create_user(*, username: str, password: str, values: dict[str, Any], by: User) -> User:
    """A new account with its role; the password is checked by the city's password rules."""
    from django.contrib.auth.password_validation import validate_password

    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(f"用户名“{username}”已被使用")
    user = User(username=username)
    for name, value in values.items():
        setattr(user, name, value)
    validate_password(password, user)
    user.set_password(password)
    return save_setting(instance=user, values={}, by=by)


@transaction.atomic
def set_user_active(*, user: User, active: bool, by: User) -> User:
    """Deactivate (停用) or reactivate an account; accounts are never deleted, so the change
    log and the records they signed keep their author."""
    if user.pk == by.pk and not active:
        raise ValidationError("不能停用自己的账号")
    return save_setting(instance=user, values={"is_active": active}, by=by)
