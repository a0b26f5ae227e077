"""Writes of rectification (审计整改): the audit side of a case of kind 审计整改.

The unit files its plan within `plan_days` (30) of assignment; the bureau confirms it within
`confirm_days` (10); the plan's completion date may lie at most 60 days (立行立改), one year
(分阶段整改) or five years (持续整改) after assignment (RectificationLimits, configurable).
The bureau's closing review (认定) judges 已整改 (closes with 对账销号: a closing record
signed by the reviewer), 部分整改, 未整改 (red, escalated when past due) or 持续整改 (with
an allowed reason). Each step is mirrored on the finding's case (`audit.cases`).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from chainchief.accounts.changelog import record_changes, snapshot
from chainchief.audit import cases
from chainchief.audit.models import (
    ContinuingReason,
    Evidence,
    Finding,
    Outcome,
    Rectification,
    RectificationLimits,
    RectificationProgress,
    RectKind,
    RectState,
)
from chainchief.audit.services import AuditError, Conflict, store_upload


def open_rectification(*, finding: Finding, by, assigned_on: datetime.date) -> Rectification:
    """Assign the finding to its responsible unit: the case is created and the 30-day clock
    for the plan starts."""
    limits = RectificationLimits.current()
    rect = Rectification.objects.create(
        finding=finding,
        assigned_on=assigned_on,
        plan_due_on=assigned_on + datetime.timedelta(days=limits.plan_days),
    )
    case = cases.open_case(finding=finding, rect=rect, by=by)
    if case is not None:
        Rectification.objects.filter(pk=rect.pk).update(case_id=case.pk)
        rect.case_id = case.pk
    return rect


def _save(rect: Rectification, expected_version: int | None, from_states, **changes) -> None:
    version = rect.version if expected_version is None else expected_version
    before = snapshot(rect)
    updated = Rectification.objects.filter(
        pk=rect.pk, version=version, state__in=list(from_states)
    ).update(version=F("version") + 1, **changes)
    if not updated:
        raise Conflict("整改事项已被他人处理，您的操作未保存，请刷新页面后重试")
    rect.refresh_from_db()
    record_changes([(rect, "update", before, snapshot(rect))])


def latest_due_on(rect: Rectification, kind: str) -> datetime.date:
    return rect.assigned_on + datetime.timedelta(days=RectificationLimits.current().max_days(kind))


def file_plan(
    *, rect: Rectification, by, kind: str, measures: str, responsible_person: str,
    due_on: datetime.date, filed_on: datetime.date | None = None,
    expected_version: int | None = None,
) -> Rectification:  # fmt: skip
    """The unit files its plan (措施, 责任人, 完成时限); the bureau has `confirm_days` to confirm."""
    if rect.state != RectState.AWAITING_PLAN:
        raise AuditError(f"整改事项处于“{rect.get_state_display()}”状态，不能报送整改方案")
    if kind not in RectKind.values:
        raise AuditError(f"整改类型无效，可选：{'、'.join(map(str, RectKind.labels))}")
    if not measures.strip():
        raise AuditError("整改措施不能为空")
    if not responsible_person.strip():
        raise AuditError("整改责任人不能为空")
    filed_on = filed_on or timezone.localdate()
    if filed_on > timezone.localdate():
        raise AuditError("报送日期不能晚于今天")
    if due_on is None or due_on < filed_on:
        raise AuditError("完成时限不能早于报送日期")
    latest = latest_due_on(rect, kind)
    if due_on > latest:
        days = RectificationLimits.current().max_days(kind)
        raise AuditError(
            f"{RectKind(kind).label}的完成时限最长为交办后 {days} 天（{latest:%Y-%m-%d}），"
            f"填写的 {due_on:%Y-%m-%d} 超出"
        )
    limits = RectificationLimits.current()
    with transaction.atomic():
        _save(
            rect, expected_version, [RectState.AWAITING_PLAN],
            state=RectState.AWAITING_CONFIRMATION, kind=kind, measures=measures.strip(),
            responsible_person=responsible_person.strip(), due_on=due_on, plan_filed_on=filed_on,
            confirm_due_on=filed_on + datetime.timedelta(days=limits.confirm_days),
        )  # fmt: skip
        cases.step(rect, "plan_filed", by=by, comment=measures.strip(), on=filed_on)
    return rect


def confirm_plan(
    *, rect: Rectification, by, accept: bool = True, comment: str = "",
    on: datetime.date | None = None, expected_version: int | None = None,
) -> Rectification:  # fmt: skip
    """The bureau confirms the plan (整改开始) or sends it back with its reasons."""
    if rect.state != RectState.AWAITING_CONFIRMATION:
        raise AuditError(f"整改事项处于“{rect.get_state_display()}”状态，没有待确认的方案")
    on = on or timezone.localdate()
    if not accept and not comment.strip():
        raise AuditError("退回整改方案必须说明理由")
    with transaction.atomic():
        if accept:
            _save(rect, expected_version, [RectState.AWAITING_CONFIRMATION],
                  state=RectState.IN_PROGRESS, confirmed_on=on)  # fmt: skip
        else:
            _save(rect, expected_version, [RectState.AWAITING_CONFIRMATION],
                  state=RectState.AWAITING_PLAN, plan_filed_on=None, confirm_due_on=None)  # fmt: skip
        cases.step(rect, "plan_confirmed" if accept else "plan_returned", by=by,
                   comment=comment.strip(), on=on)  # fmt: skip
    return rect


def report_progress(
    *, rect: Rectification, by, text: str, money_recovered: Decimal = Decimal(0),
    rules_made: int = 0, people_held: int = 0, files: Sequence = (),
    reported_on: datetime.date | None = None,
) -> RectificationProgress:  # fmt: skip
    """A progress report with evidence files (整改佐证材料); the figures add up on the ledger."""
    if rect.state not in (RectState.IN_PROGRESS, RectState.AWAITING_CONFIRMATION):
        raise AuditError(f"整改事项处于“{rect.get_state_display()}”状态，不能报告进展")
    if not text.strip():
        raise AuditError("整改进展不能为空")
    money_recovered = Decimal(money_recovered or 0)
    if money_recovered < 0 or rules_made < 0 or people_held < 0:
        raise AuditError("整改金额、制度建设和追责问责人数不能为负数")
    reported_on = reported_on or timezone.localdate()
    if reported_on > timezone.localdate():
        raise AuditError("报告日期不能晚于今天")
    paths = [(f, store_upload(f, folder=f"audit/rect/{rect.pk}")) for f in files]
    with transaction.atomic():
        progress = RectificationProgress.objects.create(
            rectification=rect, reported_on=reported_on, text=text.strip(),
            money_recovered=money_recovered, rules_made=rules_made, people_held=people_held,
            by=by,
        )  # fmt: skip
        for upload, path in paths:
            Evidence.objects.create(
                rectification=rect, progress=progress, name=upload.name[:200], path=path,
                size=upload.size, uploaded_by=by,
            )  # fmt: skip
        before = snapshot(rect)
        Rectification.objects.filter(pk=rect.pk).update(
            money_recovered=F("money_recovered") + money_recovered,
            rules_made=F("rules_made") + rules_made,
            people_held=F("people_held") + people_held,
            evidence_count=F("evidence_count") + len(paths),
            version=F("version") + 1,
        )
        rect.refresh_from_db()
        record_changes([(rect, "update", before, snapshot(rect))])
    return progress


def submit_for_review(
    *, rect: Rectification, by, comment: str = "", expected_version: int | None = None
) -> Rectification:
    """The unit reports the rectification done and asks the bureau for its 认定."""
    if rect.state != RectState.IN_PROGRESS:
        raise AuditError(f"整改事项处于“{rect.get_state_display()}”状态，不能提请认定")
    if not rect.progress.exists():
        raise AuditError("请先报告整改进展并上传佐证材料，再提请认定")
    with transaction.atomic():
        _save(rect, expected_version, [RectState.IN_PROGRESS], state=RectState.UNDER_REVIEW)
        cases.step(rect, "submitted", by=by, comment=comment.strip() or "整改完成，提请认定")
    return rect


def review(
    *, rect: Rectification, by, outcome: str, reason: str = "", closing_record: str = "",
    on: datetime.date | None = None, expected_version: int | None = None,
) -> Rectification:  # fmt: skip
    """The bureau's 认定. 已整改 closes with 对账销号; 持续整改 needs an allowed reason;
    部分整改 and 未整改 send it back to the unit (未整改 past the deadline escalates)."""
    if rect.state != RectState.UNDER_REVIEW:
        raise AuditError(f"整改事项处于“{rect.get_state_display()}”状态，须单位提请认定后才能认定")
    if outcome not in Outcome.values:
        raise AuditError(f"认定结果无效，可选：{'、'.join(map(str, Outcome.labels))}")
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise AuditError("认定日期不能晚于今天")
    changes: dict[str, object] = {
        "outcome": outcome, "reviewed_on": on, "reviewer": by, "outcome_reason": "",
    }  # fmt: skip
    if outcome == Outcome.DONE:
        if not closing_record.strip():
            raise AuditError("认定已整改须填写对账销号记录（核对的佐证材料和金额）")
        signer = getattr(by, "display_name", "") or getattr(by, "username", "")
        changes.update(
            state=RectState.CLOSED, closed_on=on, escalated=False,
            closing_record=f"{closing_record.strip()}\n——{signer} {on:%Y-%m-%d} 对账销号",
        )  # fmt: skip
    elif outcome == Outcome.CONTINUING:
        if reason not in ContinuingReason.values:
            raise AuditError(
                f"认定持续整改须选择原因：{'、'.join(map(str, ContinuingReason.labels))}"
            )
        changes.update(state=RectState.IN_PROGRESS, outcome_reason=reason)
    else:
        changes["state"] = RectState.IN_PROGRESS
        if outcome == Outcome.NOT_DONE and rect.due_on and on > rect.due_on:
            changes["escalated"] = True
    with transaction.atomic():
        _save(rect, expected_version, [RectState.UNDER_REVIEW], **changes)
        cases.step(rect, f"review_{outcome}", by=by, comment=closing_record or reason, on=on)
    return rect


def escalate_overdue(*, today: datetime.date | None = None) -> int:
    """Nightly: open rectifications past their deadline turn red (escalated to the unit's
    head and the committee's dashboard). Idempotent."""
    today = today or timezone.localdate()
    open_rects = Rectification.objects.exclude(state=RectState.CLOSED).filter(escalated=False)
    overdue_plan = open_rects.filter(state=RectState.AWAITING_PLAN, plan_due_on__lt=today)
    overdue_done = open_rects.exclude(state=RectState.AWAITING_PLAN).filter(due_on__lt=today)
    ids = list(overdue_plan.values_list("pk", flat=True)) + list(
        overdue_done.values_list("pk", flat=True)
    )
    if ids:
        Rectification.objects.filter(pk__in=ids).update(escalated=True)
    return len(ids)
