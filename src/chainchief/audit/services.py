"""Writes of plans, audits and findings: the only place that changes them.

Permission checks happen in the callers through `audit.access`; these functions enforce the
domain rules and raise `AuditError` with Chinese messages. Rectification writes are in
`audit.rectification`, early warnings in `audit.warnings`.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable
from decimal import Decimal
from pathlib import PurePath

from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from chainchief.accounts.changelog import acting_user, record_changes, snapshot
from chainchief.audit.models import (
    AUDIT_STAGES,
    ITEM_FIELDS,
    STAGE_DATE_FIELD,
    Audit,
    AuditCommitteeMember,
    AuditDocument,
    AuditKind,
    AuditPlan,
    AuditStage,
    CadreMode,
    DocumentKind,
    Finding,
    FindingCategory,
    FocusArea,
    ItemSource,
    PlanItem,
    PlanVersion,
    Responsibility,
    VersionStatus,
)

DOCUMENT_SUFFIXES = {
    ".pdf",
    ".doc",
    ".docx",
    ".xls",
    ".xlsx",
    ".jpg",
    ".jpeg",
    ".png",
    ".zip",
    ".ofd",
}
DOCUMENT_MAX_BYTES = 50 * 1024 * 1024


class AuditError(ValueError):
    """A rule was broken; the message is for the user, in Chinese. Nothing was written."""


class Conflict(AuditError):
    """Someone else changed the object first."""


# --- committee -----------------------------------------------------------------------------


def add_committee_member(*, user, title: str = "", by) -> AuditCommitteeMember:
    """Seat `user` on the audit committee (审计委员会), which reads every plan, audit and
    finding; the change log records who seated them."""
    title = str(title or "").replace("\x00", "").strip()
    limit = AuditCommitteeMember._meta.get_field("title").max_length
    if len(title) > limit:
        raise AuditError(f"委员会职务最多 {limit} 个字，实际 {len(title)} 个")
    if not user.is_active:
        raise AuditError(f"账号“{user.display_name}”已停用，不能加入审计委员会")
    taken = AuditError(f"“{user.display_name}”已是审计委员会成员")
    if AuditCommitteeMember.objects.filter(user=user).exists():
        raise taken
    try:
        with transaction.atomic(), acting_user(by):
            return AuditCommitteeMember.objects.create(user=user, title=title)
    except IntegrityError:  # seated by someone else in between
        raise taken from None


# --- plans ---------------------------------------------------------------------------------


def create_plan(*, year: int, by, title: str = "") -> AuditPlan:
    """A plan for `year` with an empty draft (version 1)."""
    if not 2000 <= int(year) <= 2100:
        raise AuditError(f"年度“{year}”无效")
    if AuditPlan.objects.filter(year=year).exists():
        raise AuditError(f"{year} 年度审计项目计划已存在")
    with transaction.atomic():
        plan = AuditPlan.objects.create(
            year=year, title=title.strip() or f"{year}年度全市统一组织审计项目计划"
        )
        PlanVersion.objects.create(plan=plan, number=1, created_by=by)
    return plan


def current_version(plan: AuditPlan) -> PlanVersion:
    """The version being worked on: an open draft or adjustment, else the approved one."""
    return plan.versions.order_by("-number").first()


def approved_version(plan: AuditPlan) -> PlanVersion | None:
    return plan.versions.filter(status=VersionStatus.APPROVED).order_by("-number").first()


def _check_item(fields: dict) -> None:
    if not str(fields.get("name", "")).strip():
        raise AuditError("审计项目名称不能为空")
    if fields.get("kind") not in AuditKind.values:
        raise AuditError(
            f"审计类型“{fields.get('kind')}”无效，可选：{'、'.join(map(str, AuditKind.labels))}"
        )
    if fields.get("focus_area") not in FocusArea.values:
        raise AuditError(f"重点领域无效，可选：{'、'.join(map(str, FocusArea.labels))}")
    if fields.get("source", ItemSource.OWN) not in ItemSource.values:
        raise AuditError(f"项目来源无效，可选：{'、'.join(map(str, ItemSource.labels))}")
    if not str(fields.get("audited_units", "")).strip():
        raise AuditError("被审计单位不能为空")
    start, end = fields.get("planned_start"), fields.get("planned_end")
    if start and end and end < start:
        raise AuditError("计划结束日期不能早于计划开始日期")
    if fields.get("kind") == AuditKind.CADRE:
        if not str(fields.get("cadre_name", "")).strip():
            raise AuditError("经济责任审计必须填写被审计领导干部姓名")
        if fields.get("cadre_mode") not in CadreMode.values:
            raise AuditError("经济责任审计必须注明离任或任中")
        t0, t1 = fields.get("tenure_from"), fields.get("tenure_to")
        if t0 and t1 and t1 < t0:
            raise AuditError("任职止日期不能早于任职起日期")
    elif fields.get("kind") in (AuditKind.SPECIAL, AuditKind.SPECIAL_SURVEY):
        if not str(fields.get("subject", "")).strip():
            raise AuditError("专项审计（调查）必须填写审计对象（资金、政策或项目）")


def _editable_version(version: PlanVersion) -> None:
    if not version.editable:
        raise AuditError(
            f"第{version.number}版状态为“{version.get_status_display()}”，不能修改；"
            "请先发起计划调整"
        )


def _bump(version: PlanVersion, expected_lock: int | None) -> None:
    lock = version.lock if expected_lock is None else expected_lock
    updated = PlanVersion.objects.filter(
        pk=version.pk, lock=lock, status__in=[VersionStatus.DRAFT, VersionStatus.ADJUSTING]
    ).update(lock=F("lock") + 1)
    if not updated:
        raise Conflict("计划已被他人修改或已审议，您的操作未保存，请刷新页面后重试")
    version.lock = lock + 1


def add_item(*, version: PlanVersion, by, expected_lock: int | None = None, **fields) -> PlanItem:
    _editable_version(version)
    fields = {k: v for k, v in fields.items() if k in ITEM_FIELDS}
    fields.setdefault("source", ItemSource.OWN)
    _check_item(fields)
    with transaction.atomic():
        _bump(version, expected_lock)
        keys = PlanItem.objects.filter(version__plan_id=version.plan_id).values_list(
            "key", flat=True
        )
        n = max((int(k.split("-")[-1]) for k in keys if k.split("-")[-1].isdigit()), default=0)
        item = PlanItem.objects.create(
            version=version, key=f"{version.plan.year}-{n + 1:02d}", **fields
        )
    return item


def update_item(*, item: PlanItem, by, expected_lock: int | None = None, **fields) -> PlanItem:
    version = item.version
    _editable_version(version)
    unknown = set(fields) - set(ITEM_FIELDS)
    if unknown:
        raise AuditError(f"不能直接修改：{'、'.join(sorted(unknown))}")
    merged = {f: getattr(item, f) for f in ITEM_FIELDS} | fields
    _check_item(merged)
    with transaction.atomic():
        _bump(version, expected_lock)
        for key, value in fields.items():
            setattr(item, key, value)
        item.save()
    return item


def remove_item(*, item: PlanItem, by, expected_lock: int | None = None) -> None:
    _editable_version(item.version)
    with transaction.atomic():
        _bump(item.version, expected_lock)
        item.delete()


def approve_version(
    *, version: PlanVersion, by, approved_on: datetime.date | None = None,
    expected_lock: int | None = None,
) -> PlanVersion:  # fmt: skip
    """The committee approved this version (审计委员会审议通过); the one it adjusts is kept as
    已被调整."""
    _editable_version(version)
    if not version.items.exists():
        raise AuditError("计划没有任何审计项目，不能提交审议通过")
    if version.number > 1 and not version.reason.strip():
        raise AuditError("调整后的计划必须填写调整原因")
    approved_on = approved_on or timezone.localdate()
    with transaction.atomic():
        _bump(version, expected_lock)
        before = snapshot(version)
        PlanVersion.objects.filter(plan_id=version.plan_id, status=VersionStatus.APPROVED).update(
            status=VersionStatus.SUPERSEDED
        )
        PlanVersion.objects.filter(pk=version.pk).update(
            status=VersionStatus.APPROVED, approved_on=approved_on
        )
        version.refresh_from_db()
        record_changes([(version, "update", before, snapshot(version))])
    return version


def adjust_plan(*, plan: AuditPlan, reason: str, by) -> PlanVersion:
    """A new version copied from the approved one, to change and put to the committee again."""
    if not reason.strip():
        raise AuditError("调整计划必须填写调整原因")
    latest = current_version(plan)
    if latest.status != VersionStatus.APPROVED:
        raise AuditError(
            f"第{latest.number}版尚未审议通过（{latest.get_status_display()}），直接修改该版即可"
        )
    with transaction.atomic():
        version = PlanVersion.objects.create(
            plan=plan,
            number=latest.number + 1,
            status=VersionStatus.ADJUSTING,
            reason=reason.strip(),
            created_by=by,
        )
        items = [
            PlanItem(version=version, key=i.key, **{f: getattr(i, f) for f in ITEM_FIELDS})
            for i in latest.items.all()
        ]
        PlanItem.objects.bulk_create(items)
        record_changes([(i, "create", None, snapshot(i)) for i in items])
    return version


# --- audits --------------------------------------------------------------------------------

AUDIT_DETAIL_FIELDS = [
    "team_leader", "period_audited", "subject", "cadre_name", "cadre_post", "cadre_unit",
    "tenure_from", "tenure_to", "cadre_mode", "natural_resources",
]  # fmt: skip


def create_audit(
    *, by, year: int, name: str, kind: str, focus_area: str, units: Iterable = (),
    projects: Iterable = (), item_key: str = "", notice_on: datetime.date | None = None,
    **details,
) -> Audit:  # fmt: skip
    """An audit in the 准备 stage (notice issued on `notice_on`)."""
    fields = {"name": name, "kind": kind, "focus_area": focus_area, **details}
    fields["audited_units"] = "、".join(str(u) for u in units) or details.get("cadre_unit", "")
    _check_item(fields | {"audited_units": fields["audited_units"] or "-"})
    units, projects = list(units), list(projects)
    if kind == AuditKind.INVESTMENT and not projects:
        raise AuditError("投资项目审计必须关联项目库中的项目")
    with transaction.atomic():
        audit = Audit.objects.create(
            year=year,
            item_key=item_key,
            name=name.strip(),
            kind=kind,
            focus_area=focus_area,
            notice_on=notice_on or timezone.localdate(),
            created_by=by,
            **{k: v for k, v in details.items() if k in AUDIT_DETAIL_FIELDS},
        )
        audit.units.set(units)
        audit.projects.set(projects)
    return audit


def start_audit_from_item(
    *, item: PlanItem, by, units: Iterable = (), projects: Iterable = (),
    notice_on: datetime.date | None = None,
) -> Audit:  # fmt: skip
    if item.version.status not in (VersionStatus.APPROVED,):
        raise AuditError("只能按审议通过的计划实施审计")
    year = item.version.plan.year
    if Audit.objects.filter(year=year, item_key=item.key).exists():
        raise AuditError(f"计划项目 {item.key} 已经实施")
    return create_audit(
        by=by, year=year, name=item.name, kind=item.kind, focus_area=item.focus_area,
        units=units, projects=projects, item_key=item.key, notice_on=notice_on,
        **{f: getattr(item, f) for f in AUDIT_DETAIL_FIELDS},
    )  # fmt: skip


def move_audit(
    *, audit: Audit, to_stage: str, by, on: datetime.date | None = None,
    expected_version: int | None = None,
) -> Audit:  # fmt: skip
    """Forward one stage at a time; each stage dated. 审计报告 needs the report date (`on`)."""
    if to_stage not in AUDIT_STAGES:
        raise AuditError(f"阶段“{to_stage}”不存在")
    i, j = AUDIT_STAGES.index(audit.stage), AUDIT_STAGES.index(to_stage)
    if j != i + 1:
        nxt = AuditStage(AUDIT_STAGES[i + 1]).label if i + 1 < len(AUDIT_STAGES) else "无"
        raise AuditError(f"只能逐级推进：当前为“{audit.get_stage_display()}”，下一阶段是“{nxt}”")
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise AuditError("日期不能晚于今天")
    previous = getattr(audit, STAGE_DATE_FIELD[audit.stage])
    if previous and on < previous:
        raise AuditError(f"日期不能早于上一阶段日期 {previous:%Y-%m-%d}")
    if to_stage == AuditStage.ARCHIVED:
        open_rect = audit.findings.exclude(rectification__state="closed").exclude(
            rectification__outcome="continuing"
        )
        if open_rect.exists():
            raise AuditError(f"尚有 {open_rect.count()} 个问题未完成整改认定，不能归档")
    version = audit.version if expected_version is None else expected_version
    with transaction.atomic():
        before = snapshot(audit)
        updated = Audit.objects.filter(pk=audit.pk, version=version, stage=audit.stage).update(
            stage=to_stage, version=F("version") + 1, **{STAGE_DATE_FIELD[to_stage]: on}
        )
        if not updated:
            raise Conflict(f"审计项目“{audit.name}”已被他人修改，您的操作未保存，请刷新页面后重试")
        audit.refresh_from_db()
        record_changes([(audit, "update", before, snapshot(audit))])
    return audit


def add_document(*, audit: Audit, kind: str, upload, by) -> AuditDocument:
    if kind not in DocumentKind.values:
        raise AuditError("文书类型无效")
    path = store_upload(upload, folder=f"audit/{audit.pk}")
    return AuditDocument.objects.create(
        audit=audit, kind=kind, name=upload.name[:200], path=path, size=upload.size,
        uploaded_by=by,
    )  # fmt: skip


def store_upload(upload, *, folder: str) -> str:
    suffix = PurePath(upload.name).suffix.lower()
    if suffix not in DOCUMENT_SUFFIXES:
        raise AuditError(
            f"文件“{upload.name}”类型不支持，可上传：{'、'.join(sorted(DOCUMENT_SUFFIXES))}"
        )
    if upload.size > DOCUMENT_MAX_BYTES:
        raise AuditError(f"文件“{upload.name}”超过 50MB")
    return default_storage.save(f"{folder}/{uuid.uuid4().hex}{suffix}", upload)


# --- findings ------------------------------------------------------------------------------

FINDING_FIELDS = [
    "summary", "description", "category", "amount", "legal_basis", "unit",
    "responsible_person", "responsibility", "recommendation", "found_on",
]  # fmt: skip


def _check_finding(fields: dict) -> None:
    if not str(fields.get("summary", "")).strip():
        raise AuditError("问题摘要不能为空")
    category = fields.get("category")
    if not isinstance(category, FindingCategory):
        raise AuditError("必须选择问题类别")
    if fields.get("unit") is None:
        raise AuditError("必须选择责任单位")
    if fields.get("responsibility", Responsibility.DIRECT) not in Responsibility.values:
        raise AuditError("责任类型只能是直接责任或领导责任")
    amount = fields.get("amount")
    if amount is not None and Decimal(amount) < 0:
        raise AuditError("涉及金额不能为负数")


def record_finding(
    *, audit: Audit, by, projects: Iterable = (), shared_with_chains: bool = False,
    assigned_on: datetime.date | None = None, **fields,
) -> Finding:  # fmt: skip
    """A finding of `audit`; flags repeats and opens its rectification for the unit."""
    from chainchief.audit.rectification import open_rectification

    unknown = set(fields) - set(FINDING_FIELDS)
    if unknown:
        raise AuditError(f"未知字段：{'、'.join(sorted(unknown))}")
    _check_finding(fields)
    if audit.stage == AuditStage.ARCHIVED:
        raise AuditError("审计项目已归档，不能再登记问题")
    with transaction.atomic():
        n = audit.findings.count()
        finding = Finding.objects.create(
            audit=audit, number=f"{audit.year}-{audit.pk}-{n + 1:03d}",
            shared_with_chains=shared_with_chains, created_by=by, **fields,
        )  # fmt: skip
        finding.projects.set(list(projects))
        flag_repeats(finding)
        open_rectification(finding=finding, by=by, assigned_on=assigned_on or finding.found_on)
    finding.refresh_from_db()
    return finding


def update_finding(
    *, finding: Finding, by, expected_version: int | None = None, projects=None,
    shared_with_chains: bool | None = None, **fields,
) -> Finding:  # fmt: skip
    unknown = set(fields) - set(FINDING_FIELDS)
    if unknown:
        raise AuditError(f"不能直接修改：{'、'.join(sorted(unknown))}")
    merged = {f: getattr(finding, f) for f in FINDING_FIELDS} | fields
    _check_finding(merged)
    version = finding.version if expected_version is None else expected_version
    if shared_with_chains is not None:
        fields["shared_with_chains"] = shared_with_chains
    with transaction.atomic():
        if not Finding.objects.filter(pk=finding.pk, version=version).update(
            version=F("version") + 1
        ):
            raise Conflict("问题已被他人修改，您的操作未保存，请刷新页面后重试")
        for key, value in fields.items():
            setattr(finding, key, value)
        finding.version = version + 1
        finding.save()
        if projects is not None:
            finding.projects.set(list(projects))
        if {"unit", "category"} & set(fields):
            flag_repeats(finding)
    return finding


def flag_repeats(finding: Finding) -> int:
    """屡审屡犯: an earlier finding of another audit with the same unit and category flags
    both; `repeat_of` points to the earliest. Returns the number of earlier findings."""
    earlier = (
        Finding.objects.filter(unit_id=finding.unit_id, category_id=finding.category_id)
        .exclude(audit_id=finding.audit_id)
        .filter(found_on__lte=finding.found_on)
        .exclude(pk=finding.pk)
        .order_by("found_on", "id")
    )
    first = earlier.first()
    if first is None:
        if finding.is_repeat and finding.repeat_of_id:
            Finding.objects.filter(pk=finding.pk).update(is_repeat=False, repeat_of=None)
        return 0
    Finding.objects.filter(pk=finding.pk).update(is_repeat=True, repeat_of=first)
    Finding.objects.filter(pk__in=earlier.values("pk"), is_repeat=False).update(is_repeat=True)
    return earlier.count()


def share_finding(*, finding: Finding, shared: bool, by) -> Finding:
    if shared and not finding.projects.exists():
        raise AuditError("该问题未关联项目，不能共享给产业链")
    before = snapshot(finding)
    Finding.objects.filter(pk=finding.pk).update(shared_with_chains=shared)
    finding.refresh_from_db()
    record_changes([(finding, "update", before, snapshot(finding))])
    return finding
