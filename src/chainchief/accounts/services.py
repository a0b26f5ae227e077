"""Writes of the accounts app: unlocking, roles and administrator duties. Each writes its
security-log entry (the user model's signals log role, department and permission changes)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from chainchief.accounts import securitylog
from chainchief.accounts.changelog import acting_user
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
