from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    GENERAL_CHIEF = "general_chief", _("总链长")
    CHAIN_CHIEF = "chain_chief", _("链长")
    CHAIN_OFFICE = "chain_office", _("产业链推进办公室")
    DEPUTY_DIRECTOR = "deputy_director", _("专职副主任")
    DEPARTMENT_HANDLER = "department_handler", _("部门经办人")
    DEPARTMENT_HEAD = "department_head", _("部门负责人")
    ENTERPRISE_CONTACT = "enterprise_contact", _("企业联系人")
    AUDITOR = "auditor", _("审计人员")


class AdminDuty(models.TextChoices):
    """三员分立: one administrator duty per account, so no account holds two."""

    NONE = "", _("无")
    SYSTEM = "system", _("系统管理员")
    SECURITY = "security", _("安全管理员")
    AUDIT = "audit", _("审计管理员")


class User(AbstractUser):
    role = models.CharField(
        _("角色"), max_length=30, choices=Role.choices, default=Role.CHAIN_OFFICE
    )
    full_name = models.CharField(_("姓名"), max_length=50, blank=True)
    title = models.CharField(_("职务"), max_length=100, blank=True)
    phone = models.CharField(_("电话"), max_length=30, blank=True)
    department = models.ForeignKey(
        "places.Department",
        verbose_name=_("所在部门"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="users",
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("所属企业"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contacts_users",
    )
    admin_duty = models.CharField(
        _("管理员职责"), max_length=10, choices=AdminDuty.choices, default="", blank=True
    )
    failed_logins = models.PositiveIntegerField(_("连续登录失败次数"), default=0)
    locked_until = models.DateTimeField(_("锁定至"), null=True, blank=True)
    password_changed_at = models.DateTimeField(_("密码修改时间"), null=True, blank=True)
    # Moves whenever what the user may see changes (role, department, enterprise, chain
    # organisation): cached fragments are keyed on it.
    scope_version = models.PositiveIntegerField(_("权限版本"), default=0)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.username

    def is_locked(self) -> bool:
        return bool(self.locked_until and self.locked_until > timezone.now())


SEAL_FIELDS = {"seq", "prev_hash", "hash"}


class AppendOnlyQuerySet(models.QuerySet):
    """Log entries are appended and sealed (hash-chained), never edited or deleted in the app."""

    def delete(self):
        raise PermissionError("日志不能删除")

    def update(self, **kwargs):
        if not set(kwargs) <= SEAL_FIELDS:
            raise PermissionError("日志不能修改")
        return super().update(**kwargs)


def _append_only_save(self, *args, **kwargs):
    if self.pk is not None and not kwargs.get("force_insert"):
        raise PermissionError("日志只能追加，不能修改")
    models.Model.save(self, *args, **kwargs)


def _no_delete(self, *args, **kwargs):
    raise PermissionError("日志不能删除")


class ChangeLog(models.Model):
    """One create, update or delete of a tracked object. Written by code, never by the UI."""

    class Action(models.TextChoices):
        CREATE = "create", _("新建")
        UPDATE = "update", _("修改")
        DELETE = "delete", _("删除")

    time = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    user_name = models.CharField(_("操作人"), max_length=150, blank=True)
    action = models.CharField(_("操作"), max_length=10, choices=Action.choices)
    # No single-column indexes on these two: every query that filters them filters the type
    # (alone or with the id), which the (object_type, object_id) index serves; each index
    # less is one B-tree fewer written per entry (an import writes tens of thousands).
    object_type = models.CharField(_("对象类型"), max_length=100)
    object_id = models.CharField(_("对象编号"), max_length=64)
    object_repr = models.CharField(_("对象"), max_length=200)
    before = models.JSONField(_("修改前"), null=True, blank=True)
    after = models.JSONField(_("修改后"), null=True, blank=True)
    # The request, job or command that made the change ("req-…", "job-…", "cmd-…"): one
    # operation's rows are shown together (同一操作).
    operation = models.CharField(_("操作编号"), max_length=64, blank=True, db_index=True)
    seq = models.PositiveBigIntegerField(null=True, blank=True, unique=True, editable=False)
    prev_hash = models.CharField(max_length=64, blank=True, editable=False)
    hash = models.CharField(max_length=64, blank=True, editable=False)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-time", "-id"]
        verbose_name = _("变更记录")
        verbose_name_plural = _("变更记录")
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.time:%Y-%m-%d %H:%M} {self.user_name} {self.get_action_display()} {self.object_repr}"

    def ledger_content(self) -> dict:
        return {
            "time": self.time.isoformat(),
            "user": self.user_name,
            "action": self.action,
            "type": self.object_type,
            "id": self.object_id,
            "repr": self.object_repr,
            "before": self.before,
            "after": self.after,
            # Rows from before the field existed hash (and verify) exactly as they did.
            **({"op": self.operation} if self.operation else {}),
        }

    save = _append_only_save
    delete = _no_delete

    def changed_fields(self) -> list[tuple[str, object, object]]:
        before, after = self.before or {}, self.after or {}
        keys = sorted(set(before) | set(after))
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]


class PasswordHistory(models.Model):
    """Hashes of a user's earlier passwords, so a reset cannot reuse the last N."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="password_history"
    )
    password = models.CharField(max_length=128)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return f"{self.user_id} {self.created:%Y-%m-%d}"


class SecurityEvent(models.Model):
    """One entry of the tamper-evident security log (等保 安全审计). Append-only: each entry
    carries the hash of the previous one; `chainchief securitylog verify` checks the chain."""

    class Kind(models.TextChoices):
        LOGIN = "login", _("登录")
        LOGOUT = "logout", _("退出")
        LOGIN_FAILED = "login_failed", _("登录失败")
        LOCKED = "locked", _("账号锁定")
        UNLOCKED = "unlocked", _("解除锁定")
        PASSWORD_CHANGED = "password_changed", _("修改密码")
        USER_CHANGED = "user_changed", _("用户变更")
        ROLE_CHANGED = "role_changed", _("角色变更")
        DEPARTMENT_CHANGED = "department_changed", _("部门变更")
        PERMISSION_CHANGED = "permission_changed", _("权限变更")
        ADMIN_ACCESS = "admin_access", _("后台访问")

    time = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    kind = models.CharField(_("事件"), max_length=30, choices=Kind.choices, db_index=True)
    actor_name = models.CharField(_("操作人"), max_length=150, blank=True)
    subject_name = models.CharField(_("对象账号"), max_length=150, blank=True, db_index=True)
    ip = models.CharField(_("IP 地址"), max_length=45, blank=True)
    detail = models.JSONField(_("详情"), default=dict, blank=True)
    operation = models.CharField(_("操作编号"), max_length=64, blank=True, db_index=True)
    seq = models.PositiveBigIntegerField(null=True, blank=True, unique=True, editable=False)
    prev_hash = models.CharField(max_length=64, blank=True, editable=False)
    hash = models.CharField(max_length=64, blank=True, editable=False)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = _("安全日志")
        verbose_name_plural = _("安全日志")

    def __str__(self) -> str:
        return f"{self.time:%Y-%m-%d %H:%M} {self.get_kind_display()} {self.subject_name}"

    def ledger_content(self) -> dict:
        return {
            "time": self.time.isoformat(),
            "kind": self.kind,
            "actor": self.actor_name,
            "subject": self.subject_name,
            "ip": self.ip,
            "detail": self.detail,
            **({"op": self.operation} if self.operation else {}),
        }

    save = _append_only_save
    delete = _no_delete
