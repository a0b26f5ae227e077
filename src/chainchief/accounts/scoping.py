"""One permission check for pages, exports, the API and commands: which chains and
enterprises a user may see, and which they may change.

- chain office (产业链推进办公室) and general chiefs (总链长) see every chain; the office edits all.
- chain chiefs and deputy directors see and edit the chains whose organisation they hold a
  scope-granting role in (链长, 专职副主任 …).
- department handlers and department heads (部门负责人) see the chains whose organisation
  includes their department, read-only.
- auditors see everything, read-only.
- an enterprise contact sees only their own enterprise, and no chain pages.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from chainchief.accounts.models import AdminDuty, Role, User

SEE_ALL = {Role.CHAIN_OFFICE, Role.GENERAL_CHIEF, Role.AUDITOR}
EDIT_ALL = {Role.CHAIN_OFFICE}
CHAIN_SCOPED = {Role.CHAIN_CHIEF, Role.DEPUTY_DIRECTOR}
# Roles scoped to their own department: the handler (经办人) and its head (部门负责人). A role
# value set: whether a USER is in a department's scope is is_department_member(user), only.
DEPARTMENT_SCOPED = {Role.DEPARTMENT_HANDLER, Role.DEPARTMENT_HEAD}


def _chain_model():
    from chainchief.chains.models import Chain

    return Chain


def _enterprise_model():
    from chainchief.enterprises.models import Enterprise

    return Enterprise


def is_department_member(user) -> bool:
    """A handler (经办人) or head (部门负责人) of a department: the user's department scope
    (its projects, its cases, its audit findings) is decided here and nowhere else."""
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.role in DEPARTMENT_SCOPED
        and user.department_id
    )


def visible_chains(user: User) -> QuerySet:
    Chain = _chain_model()
    if not user.is_authenticated or not user.is_active:
        return Chain.objects.none()
    if user.is_superuser or user.role in SEE_ALL:
        return Chain.objects.all()
    if user.role in CHAIN_SCOPED:
        return Chain.objects.filter(
            org_members__user=user, org_members__role__grants_scope=True
        ).distinct()
    if is_department_member(user):
        return Chain.objects.filter(org_members__department_id=user.department_id).distinct()
    return Chain.objects.none()


def editable_chains(user: User) -> QuerySet:
    Chain = _chain_model()
    if not user.is_authenticated or not user.is_active:
        return Chain.objects.none()
    if user.is_superuser or user.role in EDIT_ALL:
        return Chain.objects.all()
    if user.role in CHAIN_SCOPED:
        return visible_chains(user)
    return Chain.objects.none()


def visible_chain_ids(user: User) -> set[int] | None:
    """None means every chain (no filter needed)."""
    if user.is_superuser or user.role in SEE_ALL:
        return None
    return set(visible_chains(user).values_list("id", flat=True))


def can_edit_chain(user: User, chain) -> bool:
    return editable_chains(user).filter(pk=chain.pk).exists()


def can_manage_city(user: User) -> bool:
    """Layout, departments, users, imports of the whole city, the change log."""
    return user.is_authenticated and (user.is_superuser or user.role in EDIT_ALL)


def edits_some_chain(user: User) -> bool:
    """May create records (enterprises, projects) in at least one chain."""
    return can_manage_city(user) or editable_chains(user).exists()


def can_manage_users(user: User) -> bool:
    """System administrator (系统管理员): users and settings."""
    return _active(user) and (user.is_superuser or user.admin_duty == AdminDuty.SYSTEM)


def can_edit_settings(user: User) -> bool:
    """The one rule of the settings area (系统设置): the chain office, or the system
    administrator (三员分立)."""
    return can_manage_city(user) or can_manage_users(user)


def can_manage_security(user: User) -> bool:
    """Security administrator (安全管理员): roles, permissions, lock-outs. The chain office may
    also unlock its colleagues (see can_unlock)."""
    return _active(user) and (user.is_superuser or user.admin_duty == AdminDuty.SECURITY)


def can_unlock(user: User) -> bool:
    return can_manage_security(user) or can_manage_city(user)


def can_read_logs(user: User) -> bool:
    """Audit administrator (审计管理员), auditors and the chain office read the change log and
    the security log (read-only, all of it)."""
    return _active(user) and (
        user.is_superuser
        or user.admin_duty == AdminDuty.AUDIT
        or user.role in (Role.AUDITOR, Role.CHAIN_OFFICE)
    )


def _active(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def visible_enterprises(user: User) -> QuerySet:
    Enterprise = _enterprise_model()
    if not user.is_authenticated or not user.is_active:
        return Enterprise.objects.none()
    if user.role == Role.ENTERPRISE_CONTACT and not user.is_superuser:
        if not user.enterprise_id:
            return Enterprise.objects.none()
        return Enterprise.objects.filter(pk=user.enterprise_id)
    chain_ids = visible_chain_ids(user)
    if chain_ids is None:
        return Enterprise.objects.all()
    # Semi-joins, not a join with DISTINCT: each side is answered from an index, so a
    # chain-scoped user's lists do not scan every enterprise of a large city.
    on_chains = Enterprise.chains.through.objects.filter(chain_id__in=chain_ids)
    return Enterprise.objects.filter(
        Q(pk__in=on_chains.values("enterprise_id")) | Q(liaison_official=user)
    )


def editable_enterprises(user: User) -> QuerySet:
    Enterprise = _enterprise_model()
    if not user.is_authenticated or not user.is_active:
        return Enterprise.objects.none()
    if user.is_superuser or user.role in EDIT_ALL:
        return Enterprise.objects.all()
    if user.role in CHAIN_SCOPED:
        ids = editable_chains(user).values("id")
        return Enterprise.objects.filter(chains__in=ids).distinct()
    return Enterprise.objects.none()


def get_chain_for_user(user: User, **lookup):
    """The chain if the user may see it; 404 otherwise (never reveals it exists)."""
    chain = visible_chains(user).filter(**lookup).first()
    if chain is None:
        raise Http404("产业链不存在或无权查看")
    return chain


def get_rw_chain_for_user(user: User, **lookup):
    chain = get_chain_for_user(user, **lookup)
    if not can_edit_chain(user, chain):
        raise PermissionDenied("无权修改该产业链")
    return chain


def get_enterprise_for_user(user: User, **lookup):
    enterprise = visible_enterprises(user).filter(**lookup).first()
    if enterprise is None:
        raise Http404("企业不存在或无权查看")
    return enterprise


def sees_other_enterprises(user: User) -> bool:
    """An enterprise contact sees only its own enterprise, never lists naming others."""
    return user.is_authenticated and (user.is_superuser or user.role != Role.ENTERPRISE_CONTACT)


def get_supply_enterprise_for_user(user: User, **lookup):
    """The enterprise for its local-supply table (which names other local enterprises): the
    page and the API both call this; 404 for an enterprise's own contact."""
    enterprise = get_enterprise_for_user(user, **lookup)
    if not sees_other_enterprises(user):
        raise Http404("企业不存在或无权查看")
    return enterprise


def get_rw_enterprise_for_user(user: User, **lookup):
    enterprise = get_enterprise_for_user(user, **lookup)
    if not editable_enterprises(user).filter(pk=enterprise.pk).exists():
        raise PermissionDenied("无权修改该企业")
    return enterprise


def require_city_manager(user: User) -> None:
    if not can_manage_city(user):
        raise PermissionDenied("仅产业链推进办公室可执行此操作")


def visible_jobs(user: User) -> QuerySet:
    """Background jobs: one's own; the chain office sees every job (nightly ticks too)."""
    from chainchief.jobs.models import Job

    if not user.is_authenticated or not user.is_active:
        return Job.objects.none()
    if can_manage_city(user):
        return Job.objects.all()
    return Job.objects.filter(user=user)


def get_job_for_user(user: User, **lookup):
    job = visible_jobs(user).filter(**lookup).first()
    if job is None:
        raise Http404("任务不存在或无权查看")
    return job
