"""Who may see and change audit data: the one check for pages, API, exports and commands.

- 审计人员 (Role.AUDITOR) and superusers: see and edit plans, audits, findings, warnings;
  confirm and review rectifications.
- 审计委员会 members (AuditCommitteeMember): read everything.
- the audited unit's handlers and head (部门经办人, 部门负责人 of the finding's responsible
  unit, `scoping.is_department_member`): see their own unit's findings and act on their
  rectification; nothing else.
- the chain office, chain chiefs and deputy directors: a finding only when the bureau
  shared it AND it concerns a project of a chain they see.
- nobody else sees audit data. Outside scope every page answers 404.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from chainchief.accounts.models import Role
from chainchief.accounts.scoping import is_department_member, visible_chain_ids

CHAIN_ROLES = {Role.CHAIN_OFFICE, Role.CHAIN_CHIEF, Role.DEPUTY_DIRECTOR}


def _active(user) -> bool:
    return bool(user.is_authenticated and user.is_active)


def is_auditor(user) -> bool:
    """Bureau staff: edit audits and findings, confirm and review rectifications."""
    return _active(user) and (user.is_superuser or user.role == Role.AUDITOR)


def is_committee_member(user) -> bool:
    if not _active(user):
        return False
    from chainchief.audit.models import AuditCommitteeMember

    return AuditCommitteeMember.objects.filter(user_id=user.pk).exists()


def sees_all_audit(user) -> bool:
    """Plans, audits, every finding, warnings and the reports."""
    return is_auditor(user) or is_committee_member(user)


def is_unit_handler(user) -> bool:
    """A handler or the head of a department: the unit of its own findings."""
    return is_department_member(user)


def has_audit_access(user) -> bool:
    """Shows the 审计 menu: anyone who may see at least one finding."""
    return sees_all_audit(user) or visible_findings(user).exists()


def visible_findings(user) -> QuerySet:
    from chainchief.audit.models import Finding

    if not _active(user):
        return Finding.objects.none()
    if sees_all_audit(user):
        return Finding.objects.all()
    if is_unit_handler(user):
        return Finding.objects.filter(unit_id=user.department_id)
    if user.role in CHAIN_ROLES:
        chain_ids = visible_chain_ids(user)
        q = Q(shared_with_chains=True)
        if chain_ids is not None:
            shared = Finding.objects.filter(q, projects__chain_id__in=chain_ids)
        else:
            shared = Finding.objects.filter(q, projects__isnull=False)
        return Finding.objects.filter(pk__in=shared.values("pk"))
    return Finding.objects.none()


def can_act_on_rectification(user, finding) -> bool:
    """The responsible unit's handlers and head file the plan and report progress."""
    return is_unit_handler(user) and user.department_id == finding.unit_id


def require_sees_all(user) -> None:
    """Plans, audits, warnings, reports: 404 for everyone outside the bureau and committee."""
    if not sees_all_audit(user):
        raise Http404("页面不存在或无权查看")


def require_auditor(user) -> None:
    """A write of the bureau: 404 for those who cannot see it, 403 for committee members."""
    require_sees_all(user)
    if not is_auditor(user):
        raise PermissionDenied("仅审计人员可执行此操作")


def get_finding_for_user(user, **lookup):
    finding = visible_findings(user).filter(**lookup).first()
    if finding is None:
        raise Http404("问题不存在或无权查看")
    return finding


def get_rw_finding_for_user(user, **lookup):
    finding = get_finding_for_user(user, **lookup)
    if not is_auditor(user):
        raise PermissionDenied("仅审计人员可修改审计发现问题")
    return finding
