"""The security log: log-ins, log-outs, failures, lock-outs, unlocks, password changes and
changes of users, roles, departments and permissions. Each event is sealed into the hash
chain as it is written (see ledger.py)."""

from __future__ import annotations

from typing import Any

from django.db import models

from chainchief.accounts import ledger
from chainchief.accounts.changelog import current_operation, current_user
from chainchief.accounts.models import PasswordHistory, SecurityEvent, User
from chainchief.places.models import Department

# Fields whose change alters what a user may see or do.
SCOPE_FIELDS = ("role", "department_id", "enterprise_id", "is_superuser", "is_active", "admin_duty")
USER_FIELDS = ("username", "full_name", "title", "phone", "email", "is_staff")


def client_ip(request) -> str:
    if request is None:
        return ""
    return (request.META.get("REMOTE_ADDR") or "")[:45]


def _name(user) -> str:
    if user is None or not getattr(user, "is_authenticated", False):
        return ""
    return user.get_username()


def record(
    kind: str,
    *,
    subject: Any = "",
    actor: Any = None,
    request=None,
    **detail: Any,
) -> SecurityEvent:
    """Append one event; `subject` and `actor` are users or usernames (actor defaults to the
    request's user or the user acting in this block)."""
    if actor is None:
        actor = getattr(request, "user", None) if request is not None else current_user()
    event = SecurityEvent.objects.create(
        kind=kind,
        actor_name=actor if isinstance(actor, str) else _name(actor),
        subject_name=(subject if isinstance(subject, str) else subject.get_username())[:150],
        ip=client_ip(request),
        detail=detail,
        operation=current_operation(),
    )
    ledger.seal(SecurityEvent)
    return event


def _user_pre_save(sender, instance: User, raw=False, **kwargs) -> None:
    if raw or instance.pk is None:
        instance._security_before = None
        return
    instance._security_before = (
        User.objects.filter(pk=instance.pk).values("password", *SCOPE_FIELDS, *USER_FIELDS).first()
    )
    before = instance._security_before
    if before is None:
        return
    if before["password"] != instance.password:
        if before["password"]:
            PasswordHistory.objects.create(user_id=instance.pk, password=before["password"])
        from django.utils import timezone

        instance.password_changed_at = timezone.now()
    if any(before[f] != getattr(instance, f) for f in SCOPE_FIELDS):
        instance.scope_version = (instance.scope_version or 0) + 1


def _user_post_save(sender, instance: User, created: bool, raw=False, **kwargs) -> None:
    if raw:
        return
    if created:
        record(
            SecurityEvent.Kind.USER_CHANGED,
            subject=instance,
            action="create",
            role=instance.role,
            admin_duty=instance.admin_duty,
        )
        return
    before = getattr(instance, "_security_before", None)
    if before is None:
        return
    changes = {
        f: [before[f], getattr(instance, f)]
        for f in (*SCOPE_FIELDS, *USER_FIELDS)
        if before[f] != getattr(instance, f)
    }
    if before["password"] != instance.password:
        record(SecurityEvent.Kind.PASSWORD_CHANGED, subject=instance)
    if "role" in changes or "admin_duty" in changes:
        record(
            SecurityEvent.Kind.ROLE_CHANGED,
            subject=instance,
            changes=_pick(changes, "role", "admin_duty"),
        )
    if "department_id" in changes:
        record(
            SecurityEvent.Kind.DEPARTMENT_CHANGED,
            subject=instance,
            changes=_pick(changes, "department_id"),
        )
    rest = {k: v for k, v in changes.items() if k not in ("role", "admin_duty", "department_id")}
    if rest:
        kind = (
            SecurityEvent.Kind.PERMISSION_CHANGED
            if set(rest) & {"is_superuser", "is_active", "enterprise_id", "is_staff"}
            else SecurityEvent.Kind.USER_CHANGED
        )
        record(kind, subject=instance, changes=rest)


def _pick(changes: dict, *names: str) -> dict:
    return {k: changes[k] for k in names if k in changes}


def _user_post_delete(sender, instance: User, **kwargs) -> None:
    record(SecurityEvent.Kind.USER_CHANGED, subject=instance, action="delete")


def _department_saved(sender, instance: Department, created: bool, raw=False, **kwargs) -> None:
    if not raw:
        record(
            SecurityEvent.Kind.DEPARTMENT_CHANGED,
            subject="",
            action="create" if created else "update",
            department=instance.name,
        )


def _department_deleted(sender, instance: Department, **kwargs) -> None:
    record(
        SecurityEvent.Kind.DEPARTMENT_CHANGED, subject="", action="delete", department=instance.name
    )


def _user_m2m(sender, instance, action, reverse, pk_set=None, **kwargs) -> None:
    if (
        reverse
        or not isinstance(instance, User)
        or action not in ("post_add", "post_remove", "post_clear")
    ):
        return
    User.objects.filter(pk=instance.pk).update(scope_version=models.F("scope_version") + 1)
    record(
        SecurityEvent.Kind.PERMISSION_CHANGED,
        subject=instance,
        relation=sender._meta.model_name,
        action=action,
        ids=sorted(pk_set or []),
    )


def _org_member_changed(sender, instance, **kwargs) -> None:
    """A chain organisation role grants or removes scope: move that user's scope version."""
    user_id = getattr(instance, "user_id", None)
    if user_id:
        User.objects.filter(pk=user_id).update(scope_version=models.F("scope_version") + 1)
        user = User.objects.filter(pk=user_id).first()
        record(
            SecurityEvent.Kind.PERMISSION_CHANGED,
            subject=user or str(user_id),
            chain_org=str(instance)[:100],
            action="delete" if "created" not in kwargs else "save",
        )
    else:
        # A department's role moves the scope of all its handlers.
        department_id = getattr(instance, "department_id", None)
        if department_id:
            User.objects.filter(department_id=department_id).update(
                scope_version=models.F("scope_version") + 1
            )


def _logged_in(sender, request, user, **kwargs) -> None:
    record(SecurityEvent.Kind.LOGIN, subject=user, actor=user, request=request)


def _logged_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        record(SecurityEvent.Kind.LOGOUT, subject=user, actor=user, request=request)


def connect_signals() -> None:
    from django.contrib.auth.models import Group, Permission  # noqa: F401
    from django.contrib.auth.signals import user_logged_in, user_logged_out
    from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

    from chainchief.chains.models import ChainOrgMember

    pre_save.connect(_user_pre_save, sender=User, dispatch_uid="security_user_pre")
    post_save.connect(_user_post_save, sender=User, dispatch_uid="security_user_post")
    post_delete.connect(_user_post_delete, sender=User, dispatch_uid="security_user_del")
    post_save.connect(_department_saved, sender=Department, dispatch_uid="security_dept_save")
    post_delete.connect(_department_deleted, sender=Department, dispatch_uid="security_dept_del")
    m2m_changed.connect(_user_m2m, sender=User.groups.through, dispatch_uid="security_groups")
    m2m_changed.connect(
        _user_m2m, sender=User.user_permissions.through, dispatch_uid="security_perms"
    )
    post_save.connect(_org_member_changed, sender=ChainOrgMember, dispatch_uid="security_org_save")
    post_delete.connect(_org_member_changed, sender=ChainOrgMember, dispatch_uid="security_org_del")
    user_logged_in.connect(_logged_in, dispatch_uid="security_logged_in")
    user_logged_out.connect(_logged_out, dispatch_uid="security_logged_out")
