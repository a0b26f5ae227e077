"""Writes of the project library: the only place that changes projects.

Permission checks happen in the callers (views, API, commands) through `selectors`;
these functions enforce the domain rules and raise `ProjectError` with Chinese messages.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import PurePath

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from chainchief.accounts.changelog import record_changes, snapshot
from chainchief.core.values import AREA_MU, InvalidValue, parse_date, parse_money, without_nul
from chainchief.core.versioning import StaleEdit, save_versioned
from chainchief.projects.models import (
    PIPELINE,
    Attachment,
    Kind,
    Milestone,
    ProgressEntry,
    Project,
    Stage,
    StageMove,
)

STAGE_DATE_FIELD = {
    Stage.SIGNED: "signed_on",
    Stage.STARTED: "started_on",
    Stage.IN_PRODUCTION: "production_on",
}
ATTACHMENT_SUFFIXES = {
    ".jpg", ".jpeg", ".png", ".gif", ".webp", ".pdf", ".doc", ".docx", ".xls", ".xlsx",
    ".ppt", ".pptx", ".txt", ".zip",
}  # fmt: skip
ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024
# Fields a user edits on the project form; stage, version and invested change only here.
# The dates of reached stages and the signed amount stay editable (corrections later).
EDITABLE_FIELDS = [
    "name", "kind", "chain", "segment", "is_key", "investor_name", "investor_company_code",
    "investor_enterprise", "source_region", "target_reasons", "planned_investment",
    "signed_amount", "expected_output", "expected_tax", "policy_funds", "land_mu", "district",
    "park", "department", "responsible", "planned_start_on", "planned_end_on", "signed_on",
    "started_on", "production_on", "note",
]  # fmt: skip
MONEY_FIELDS = {
    "planned_investment": "计划总投资", "signed_amount": "签约金额",
    "expected_output": "预计年产值", "expected_tax": "预计年税收", "policy_funds": "政策资金",
}  # fmt: skip
DATE_FIELDS = {
    "planned_start_on": "计划开工日期", "planned_end_on": "计划竣工日期",
    "signed_on": "签约日期", "started_on": "开工日期", "production_on": "投产日期",
}  # fmt: skip


class ProjectError(ValueError):
    """A rule was broken; the message is for the user, in Chinese. Nothing was written."""


class StageConflict(ProjectError):
    """Someone else moved or changed the project first."""


class StaleProject(StageConflict):
    """The edit was based on an old version; the message names what the other person changed."""


def stage_label(stage: str) -> str:
    return Stage(stage).label if stage in Stage.values else stage


def check_move(from_stage: str, to_stage: str, *, reason: str = "") -> None:
    """Raise ProjectError when moving from_stage → to_stage is not allowed."""
    if to_stage not in Stage.values:
        raise ProjectError(f"阶段“{to_stage}”不存在，可选：{'、'.join(Stage.values)}")
    if to_stage == from_stage:
        raise ProjectError(f"项目已处于“{stage_label(to_stage)}”阶段")
    if to_stage == Stage.DROPPED:
        if not reason.strip():
            raise ProjectError("终止项目必须填写终止原因")
        return
    if from_stage == Stage.DROPPED:
        if not reason.strip():
            raise ProjectError("恢复已终止的项目必须填写原因")
        return
    i, j = PIPELINE.index(from_stage), PIPELINE.index(to_stage)
    if j > i + 1:
        raise ProjectError(
            f"只能逐级推进：当前为“{stage_label(from_stage)}”，"
            f"下一阶段是“{stage_label(PIPELINE[i + 1])}”"
        )
    if j < i and not reason.strip():
        raise ProjectError(
            f"从“{stage_label(from_stage)}”退回到“{stage_label(to_stage)}”必须填写原因"
        )


def next_stage(stage: str) -> str | None:
    """The stage that follows in the pipeline (None at 投产 and for 终止)."""
    if stage not in PIPELINE or stage == PIPELINE[-1]:
        return None
    return PIPELINE[PIPELINE.index(stage) + 1]


def allowed_moves(stage: str) -> list[str]:
    """The stages a project in `stage` may move to (backwards ones need a reason)."""
    if stage == Stage.DROPPED:
        return list(PIPELINE)
    i = PIPELINE.index(stage)
    nxt = PIPELINE[i + 1 : i + 2]
    return nxt + PIPELINE[:i][::-1] + [Stage.DROPPED]


def move_stage(
    *,
    project: Project,
    to_stage: str,
    by,
    note: str = "",
    reason: str = "",
    moved_on: datetime.date | None = None,
    expected_version: int | None = None,
    signed_amount: Decimal | str | None = None,
    invested_to_date: Decimal | str | None = None,
) -> Project:
    """Move the project; one conditional UPDATE so that of two concurrent moves one wins and
    the other gets StageConflict. Returns the project as stored after the move.

    What a stage needs: 签约 a signed amount (given here or already on the project) and its
    date; 开工 its date; 投产 its date and the invested amount to date. Dates are `moved_on`."""
    if expected_version is not None and expected_version != project.version:
        current = Project.objects.filter(pk=project.pk).values("stage").first()
        now_label = stage_label(current["stage"]) if current else "已删除"
        raise StageConflict(
            f"项目“{project.name}”已被他人修改（当前阶段：{now_label}），"
            "您的操作未保存，请刷新页面后重试"
        )
    from_stage = project.stage
    check_move(from_stage, to_stage, reason=reason)
    today = timezone.localdate()
    moved_on = moved_on or today
    if moved_on > today:
        raise ProjectError("变更日期不能晚于今天")
    try:
        signed_amount = parse_money(signed_amount, label="签约金额")
        invested_to_date = parse_money(invested_to_date, label="累计完成投资")
    except InvalidValue as exc:
        raise ProjectError(str(exc)) from exc
    version = project.version if expected_version is None else expected_version
    changes: dict[str, object] = {"stage": to_stage, "stage_since": moved_on}
    forward = to_stage in STAGE_DATE_FIELD and _is_forward(from_stage, to_stage)
    if forward:
        changes[STAGE_DATE_FIELD[to_stage]] = moved_on
    if to_stage == Stage.SIGNED and forward:
        amount = signed_amount if signed_amount is not None else project.signed_amount
        if not amount:
            raise ProjectError("签约须填写签约金额（万元）")
        changes["signed_amount"] = amount
    elif signed_amount is not None:
        changes["signed_amount"] = signed_amount
    increment = Decimal(0)
    if invested_to_date is not None:
        if invested_to_date < project.invested:
            raise ProjectError(
                f"累计完成投资 {invested_to_date} 万元小于已填报的 {project.invested} 万元"
            )
        increment = invested_to_date - project.invested
        changes["invested"] = invested_to_date
    if to_stage == Stage.IN_PRODUCTION and forward:
        if not (invested_to_date or project.invested):
            raise ProjectError("投产须填写累计完成投资（万元）")
    if to_stage != Stage.DROPPED:
        # Going back (or reopening) forgets the dates of the stages not reached any more.
        for stage, field in STAGE_DATE_FIELD.items():
            if PIPELINE.index(stage) > PIPELINE.index(to_stage):
                changes[field] = None
    with transaction.atomic():
        before = snapshot(project)
        updated = Project.objects.filter(pk=project.pk, version=version, stage=from_stage).update(
            version=F("version") + 1, updated_at=timezone.now(), **changes
        )
        if not updated:
            current = Project.objects.filter(pk=project.pk).values("stage").first()
            now_label = stage_label(current["stage"]) if current else "已删除"
            raise StageConflict(
                f"项目“{project.name}”已被他人修改（当前阶段：{now_label}），"
                "您的操作未保存，请刷新页面后重试"
            )
        StageMove.objects.create(
            project=project,
            from_stage=from_stage,
            to_stage=to_stage,
            moved_on=moved_on,
            by=by,
            note=without_nul(note).strip(),
            reason=without_nul(reason).strip(),
        )
        if increment:
            # Period totals sum the increments of progress entries: the figure joins them.
            ProgressEntry.objects.create(
                project=project,
                reported_on=moved_on,
                text=f"变更为“{stage_label(to_stage)}”时填报累计完成投资 {invested_to_date} 万元",
                invested_to_date=invested_to_date,
                invested_increment=increment,
                by=by,
            )
        project.refresh_from_db()
        record_changes([(project, "update", before, snapshot(project))])
    return project


def _is_forward(from_stage: str, to_stage: str) -> bool:
    if from_stage == Stage.DROPPED:
        return False
    return PIPELINE.index(to_stage) > PIPELINE.index(from_stage)


def _check_fields(fields: dict) -> None:
    for key, value in fields.items():
        fields[key] = without_nul(value)
    chain, segment = fields.get("chain"), fields.get("segment")
    if segment is not None and chain is not None and segment.chain_id != chain.pk:
        raise ProjectError(f"环节“{segment.name}”不属于产业链“{chain.name}”")
    park = fields.get("park")
    if park is not None and fields.get("district") is None:
        fields["district"] = park.district
    try:
        for key, label in MONEY_FIELDS.items():
            if key in fields:
                fields[key] = parse_money(fields[key], label=label)
        if "land_mu" in fields:
            fields["land_mu"] = AREA_MU.check(fields["land_mu"], label="用地")
        for key, label in DATE_FIELDS.items():
            if key in fields:
                fields[key] = parse_date(fields[key], label=label)
    except InvalidValue as exc:
        raise ProjectError(str(exc)) from exc
    for key in ("name", "investor_name", "source_region", "investor_company_code"):
        limit = Project._meta.get_field(key).max_length
        if key in fields and len(str(fields[key] or "")) > limit:
            raise ProjectError(f"{Project._meta.get_field(key).verbose_name}不能超过 {limit} 个字")
    start, end = fields.get("planned_start_on"), fields.get("planned_end_on")
    if start and end and end < start:
        raise ProjectError("计划竣工日期不能早于计划开工日期")
    today = timezone.localdate()
    for key in STAGE_DATE_FIELD.values():
        if fields.get(key) and fields[key] > today:
            raise ProjectError(f"{Project._meta.get_field(key).verbose_name}不能晚于今天")


def create_project(*, by, stage: str = Stage.LEAD, **fields) -> Project:
    """A new project; `stage` lets an import or a 技改 project start past the lead stage."""
    if not without_nul(str(fields.get("name", ""))).strip():
        raise ProjectError("项目名称不能为空")
    if stage not in PIPELINE:
        raise ProjectError(f"新建项目的阶段不能是“{stage_label(stage)}”")
    _check_fields(fields)
    today = timezone.localdate()
    project = Project(stage=stage, stage_since=today, last_progress_on=today, created_by=by)
    for key, value in fields.items():
        setattr(project, key, value)
    for st, field in STAGE_DATE_FIELD.items():
        if PIPELINE.index(st) <= PIPELINE.index(stage) and getattr(project, field) is None:
            setattr(project, field, today)
    try:
        with transaction.atomic():
            project.save()
    except IntegrityError as exc:
        raise ProjectError(f"产业链“{project.chain}”下已有名为“{project.name}”的项目") from exc
    return project


def update_project(*, project: Project, by, version: int | None = None, **fields) -> Project:
    """Change the editable fields; never stage (that moves through move_stage). `version` is
    the one the user read: a save based on an older one raises StaleProject naming what the
    other person changed. Saving unchanged values writes (and logs) nothing."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ProjectError(f"不能直接修改：{'、'.join(sorted(unknown))}")
    merged = {k: getattr(project, k) for k in ("chain", "segment", "park", "district")}
    merged.update(fields)
    _check_fields(merged)
    fields = {**fields, **{k: merged[k] for k in fields if k in merged}}
    fields.setdefault("district", merged.get("district"))
    for key, stage in (("signed_on", Stage.SIGNED), ("started_on", Stage.STARTED),
                       ("production_on", Stage.IN_PRODUCTION)):  # fmt: skip
        reached = project.stage != Stage.DROPPED and PIPELINE.index(
            project.stage
        ) >= PIPELINE.index(stage)
        if key in fields and reached and fields[key] is None:
            raise ProjectError(
                f"项目已到达“{stage_label(stage)}”，{Project._meta.get_field(key).verbose_name}不能为空"
            )
    try:
        save_versioned(project, version=version, fields=fields, by=by)
    except StaleEdit as exc:
        raise StaleProject(str(exc)) from exc
    except IntegrityError as exc:
        raise ProjectError(f"产业链“{project.chain}”下已有名为“{project.name}”的项目") from exc
    return project


def _check_attachment(upload: UploadedFile) -> None:
    suffix = PurePath(upload.name).suffix.lower()
    if suffix not in ATTACHMENT_SUFFIXES:
        raise ProjectError(f"附件“{upload.name}”的类型不允许，可上传图片、PDF、Office 文档或压缩包")
    if upload.size > ATTACHMENT_MAX_BYTES:
        raise ProjectError(f"附件“{upload.name}”超过 20 MB")


def _store_attachment(entry: ProgressEntry, upload: UploadedFile) -> Attachment:
    suffix = PurePath(upload.name).suffix.lower()
    stored = default_storage.save(
        f"projects/{entry.reported_on:%Y/%m}/{uuid.uuid4().hex}{suffix}", upload
    )
    return Attachment.objects.create(
        entry=entry, path=stored, size=upload.size, name=upload.name[:200]
    )


def add_progress(
    *,
    project: Project,
    by,
    text: str,
    reported_on: datetime.date | None = None,
    invested_to_date: Decimal | None = None,
    files: Sequence[UploadedFile] = (),
) -> ProgressEntry:
    today = timezone.localdate()
    reported_on = reported_on or today
    if not text.strip():
        raise ProjectError("进展情况不能为空")
    if reported_on > today:
        raise ProjectError("进展日期不能晚于今天")
    try:
        invested_to_date = parse_money(invested_to_date, label="累计完成投资")
        reported_on = parse_date(reported_on, label="进展日期")
    except InvalidValue as exc:
        raise ProjectError(str(exc)) from exc
    for upload in files:
        _check_attachment(upload)
    with transaction.atomic():
        locked = Project.objects.select_for_update().get(pk=project.pk)
        increment = Decimal(0)
        if invested_to_date is not None:
            if invested_to_date < 0:
                raise ProjectError("累计完成投资不能为负数")
            if invested_to_date < locked.invested:
                raise ProjectError(
                    f"累计完成投资 {invested_to_date} 万元小于上次填报的 {locked.invested} 万元"
                )
            increment = invested_to_date - locked.invested
        entry = ProgressEntry.objects.create(
            project=locked,
            reported_on=reported_on,
            text=without_nul(text).strip(),
            invested_to_date=invested_to_date,
            invested_increment=increment,
            by=by,
        )
        for upload in files:
            _store_attachment(entry, upload)
        before = snapshot(locked)
        Project.objects.filter(pk=locked.pk).update(
            invested=locked.invested + increment,
            last_progress_on=max(locked.last_progress_on, reported_on),
            updated_at=timezone.now(),
        )
        locked.refresh_from_db()
        record_changes([(locked, "update", before, snapshot(locked))])
    project.refresh_from_db()
    return entry


def add_milestone(
    *,
    project: Project,
    by,
    name: str,
    planned_on: datetime.date,
    planned_investment: Decimal | None = None,
) -> Milestone:
    if not name.strip():
        raise ProjectError("节点名称不能为空")
    if len(name.strip()) > 100:
        raise ProjectError("节点名称不能超过 100 个字")
    try:
        planned_investment = parse_money(planned_investment, label="计划累计投资")
        planned_on = parse_date(planned_on, label="计划日期")
    except InvalidValue as exc:
        raise ProjectError(str(exc)) from exc
    if planned_on is None:
        raise ProjectError("请填写节点的计划日期")
    return Milestone.objects.create(
        project=project,
        name=without_nul(name).strip(),
        planned_on=planned_on,
        planned_investment=planned_investment,
    )


def complete_milestone(
    *, milestone: Milestone, by, actual_on: datetime.date | None = None
) -> Milestone:
    actual_on = actual_on or timezone.localdate()
    if actual_on > timezone.localdate():
        raise ProjectError("实际完成日期不能晚于今天")
    milestone.actual_on = actual_on
    milestone.save(update_fields=["actual_on"])
    return milestone


def delete_milestone(*, milestone: Milestone, by) -> None:
    milestone.delete()


def create_lead_from_target(
    *,
    chain,
    segment,
    investor_name: str,
    investor_company_code: str,
    source_region: str,
    reasons: Iterable[str],
    by,
) -> Project:
    """A lead from a target of the engine, with its reasons. A second click for the same
    company and chain returns the lead already there instead of a duplicate."""
    investor_name = investor_name.strip()
    if not investor_name:
        raise ProjectError("目标企业名称不能为空")
    code = (investor_company_code or "").strip()
    if code:
        existing = (
            Project.objects.filter(chain=chain, investor_company_code=code)
            .exclude(stage=Stage.DROPPED)
            .order_by("-id")
            .first()
        )
        if existing is not None:
            return existing
    base = f"{investor_name}·{segment.name if segment else chain.name}招商项目"
    name, n = base, 1
    while Project.objects.filter(chain=chain, name=name).exists():
        n += 1
        name = f"{base}（{n}）"
    return create_project(
        by=by,
        name=name,
        kind=Kind.ATTRACTION,
        chain=chain,
        segment=segment,
        investor_name=investor_name,
        investor_company_code=code,
        source_region=(source_region or "").strip(),
        target_reasons=[r.strip() for r in reasons if r and r.strip()],
        department=_lead_department(chain),
    )


def _lead_department(chain):
    member = (
        chain.org_members.filter(role__code="lead_department", department__isnull=False)
        .select_related("department")
        .first()
    )
    return member.department if member else None
