"""Writes of the settings area (系统设置): warning rules, 六个一 roles, departments, districts,
parks and users. Keyword-only arguments, plain values in; every write lands in the change log
with the acting user.

An edit carries the fingerprint of the record as it was read (a hash of its fields, see
`fingerprint`): when someone else saved it in between, the save is refused instead of
silently overwriting their change. These models have no version column, so the fingerprint
plays its part.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import ProtectedError

from chainchief.accounts import services as account_services
from chainchief.accounts.changelog import (
    acting_user,
    fingerprint,
    is_tracked,
    record_changes,
    snapshot,
)
from chainchief.accounts.models import User

STALE_MESSAGE = "该记录已被他人修改，请刷新后重试"
__all__ = ["delete_setting", "fingerprint", "save_setting"]


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
    messages (a stale record, a duplicate name, a bad code). Accounts go to the accounts
    app's user service."""
    model = type(instance)
    if model is User:
        return account_services.save_user(
            user=instance, values=values, by=by, read_fingerprint=read_fingerprint
        )
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
    instance.full_clean()
    with acting_user(by):
        instance.save()
        for name, value in m2m.items():
            getattr(instance, name).set(value)
        if not is_tracked(model):
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
    pk = instance.pk
    try:
        with transaction.atomic(), acting_user(by):
            instance.delete()
            instance.pk = pk  # delete() clears it; the log names the deleted row
    except ProtectedError as exc:
        used_by = sorted({str(o._meta.verbose_name) for o in exc.protected_objects})
        raise ValidationError(
            f"“{instance}”仍被{('、'.join(used_by))}使用，不能删除；请先修改或删除这些记录"
        ) from exc
    if not is_tracked(type(instance)):
        with acting_user(by):
            record_changes([(instance, "delete", before, None)])
