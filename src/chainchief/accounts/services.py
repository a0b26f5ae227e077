"""Writes of the accounts app: accounts (create, edit, deactivate), unlocking, roles and
administrator duties. Each writes its security-log entry (the user model's signals log role,
department and permission changes) and its change-log entry (users are not tracked by
signals, so these services record them)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from chainchief.accounts import securitylog
from chainchief.accounts.changelog import acting_user, fingerprint, record_changes, snapshot
from chainchief.accounts.models import AdminDuty, Role, SecurityEvent, User
from chainchief.accounts.scoping import can_manage_security, can_unlock


def unlock_user(*, user: User, by: User, request=None) -> User:
    """Lift a lock-out (office or security administrator); logged."""
    if not can_unlock(by):
        raise PermissionDenied("仅产业链推进办公室或安全管理员可以解锁账号")
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(failed_logins=0, locked_until=None)
        securitylog.record(SecurityEvent.Kind.UNLOCKED, subject=user, actor=by, request=request)
    user.refresh_from_db(fields=["failed_logins", "locked_until"])
    return user


def set_role(*, user: User, role: str, admin_duty: str, by: User) -> User:
    """Change a user's role and administrator duty (security administrator). One duty per
    account (三员分立); nobody changes their own."""
    if not can_manage_security(by):
        raise PermissionDenied("仅安全管理员可以修改角色和权限")
    if user.pk == by.pk:
        raise ValidationError("不能修改自己的角色或管理员职责")
    if role not in Role.values:
        raise ValidationError(f"角色“{role}”不存在")
    if admin_duty not in AdminDuty.values:
        raise ValidationError(f"管理员职责“{admin_duty}”不存在")
    if admin_duty and user.is_superuser:
        raise ValidationError("超级管理员不能再兼任系统、安全或审计管理员（三员分立）")
    user.role, user.admin_duty = role, admin_duty
    with transaction.atomic(), acting_user(by):
        user.save(update_fields=["role", "admin_duty", "scope_version"])
    return user


STALE_MESSAGE = "该记录已被他人修改，请刷新后重试"


@transaction.atomic
def save_user(
    *, user: User, values: dict[str, Any], by: User, read_fingerprint: str | None = None
) -> User:
    """Set `values` on an account (new or existing), validate and save it; the change log
    gets the before and after (never the password). An edit carrying the fingerprint it read
    (see changelog.fingerprint) is refused when someone saved the account in between."""
    if user.pk is not None:
        # Lock the row so two saves cannot both pass the freshness check.
        User.objects.select_for_update().filter(pk=user.pk).first()
        if read_fingerprint is not None and fingerprint(user) != read_fingerprint:
            raise ValidationError(STALE_MESSAGE)
    before = snapshot(User.objects.get(pk=user.pk)) if user.pk else None
    links = {k: v for k, v in values.items() if User._meta.get_field(k).many_to_many}
    for name, value in values.items():
        if name not in links:
            setattr(user, name, value)
    user.full_clean(exclude=["password"])
    with acting_user(by):
        user.save()
        for name, value in links.items():  # groups, permissions: the security log notes them
            getattr(user, name).set(value)
        after = snapshot(user)
        if before is None:
            record_changes([(user, "create", None, after)])
        elif before != after:
            record_changes([(user, "update", before, after)])
    return user


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
    return save_user(user=user, values={}, by=by)


@transaction.atomic
def set_user_active(*, user: User, active: bool, by: User) -> User:
    """Deactivate (停用) or reactivate an account; accounts are never deleted, so the change
    log and the records they signed keep their author."""
    if user.pk == by.pk and not active:
        raise ValidationError("不能停用自己的账号")
    return save_user(user=user, values={"is_active": active}, by=by)
