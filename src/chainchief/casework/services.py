"""Writes of the supervision workflow: the only place that changes cases.

`transition` is the state machine: it checks that the step exists for the case's kind,
starts from the case's state, and that the user may take it (`selectors.actor_roles`);
then one conditional UPDATE carrying the version the caller read, so that of two
concurrent transitions one wins and the other gets `CaseConflict`. Every step writes a
`CaseEvent` (dated, signed, commented), the change log and the notifications.
Errors are `CaseError` with a Chinese message; nothing is written then.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable, Sequence
from pathlib import PurePath

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from chainchief.accounts.changelog import acting_user, record_changes, snapshot
from chainchief.casework import calendar, notify
from chainchief.casework.actions import ACTIONS
from chainchief.casework.categories import check_category
from chainchief.casework.kinds import URGENCIES, Action, CaseKind, get_kind
from chainchief.casework.models import (
    Case,
    CaseAttachment,
    CaseEvent,
    CaseUnit,
    Clock,
    Rating,
    State,
    TimeLimit,
)
from chainchief.casework.selectors import actor_roles
from chainchief.places.models import Department

ATTACHMENT_SUFFIXES = {
    ".jpg", ".jpeg", ".png", ".gif", ".webp", ".pdf", ".doc", ".docx", ".xls", ".xlsx",
    ".ppt", ".pptx", ".txt", ".zip",
}  # fmt: skip
ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024


class CaseError(ValueError):
    """A rule was broken; the message is for the user, in Chinese. Nothing was written."""


class CaseConflict(CaseError):
    """Someone else changed the case first."""


def state_label(state: str) -> str:
    return str(State(state).label) if state in State.values else state


def actions_of(kind: CaseKind) -> dict[str, Action]:
    found = dict(ACTIONS)
    found.update({a.code: a for a in kind.extra_actions})
    return found


def answer_limit(kind: CaseKind, category: str, urgency: str, *, table: list | None = None) -> int:
    """Working days to answer: the office's `TimeLimit` rows first (`table`: those rows read
    already), then the kind's table; a (category, urgency) pair wins, else the stricter of
    category and urgency, else default."""
    rows = TimeLimit.objects.filter(kind=kind.code) if table is None else table
    table: dict = dict(kind.answer_days)
    for row in rows:
        if row.category and row.urgency:
            table[(row.category, row.urgency)] = row.days
        elif row.category or row.urgency:
            table[row.category or row.urgency] = row.days
        else:
            table["default"] = row.days
    if (category, urgency) in table:
        return int(table[(category, urgency)])
    partial = [table[k] for k in (category, urgency) if k and k in table]
    if partial:
        return int(min(partial))
    return int(table.get("default", 10))


# ---------------------------------------------------------------------------------------
# Creating a case


def _check_attachment(upload: UploadedFile) -> None:
    suffix = PurePath(upload.name).suffix.lower()
    if suffix not in ATTACHMENT_SUFFIXES:
        raise CaseError(f"附件“{upload.name}”的类型不允许，可上传图片、PDF、Office 文档或压缩包")
    if upload.size > ATTACHMENT_MAX_BYTES:
        raise CaseError(f"附件“{upload.name}”超过 20 MB")


def _store_attachments(case: Case, event: CaseEvent | None, files: Sequence[UploadedFile]):
    for upload in files:
        suffix = PurePath(upload.name).suffix.lower()
        stored = default_storage.save(
            f"cases/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}{suffix}", upload
        )
        CaseAttachment.objects.create(
            case=case, event=event, path=stored, size=upload.size, name=upload.name[:200]
        )


def create_case(
    *,
    by,
    title: str,
    text: str,
    kind: str = "problem",
    category: str = "",
    enterprise=None,
    chain=None,
    level: str = "city",
    urgency: str = "normal",
    source: str = "enterprise",
    raised_on: datetime.date | None = None,
    files: Sequence[UploadedFile] = (),
    extra: dict | None = None,
    is_demo: bool = False,
) -> Case:
    """A new case, 待受理, with the accept clock running from `raised_on`."""
    spec = _kind(kind)
    title, text = (title or "").strip(), (text or "").strip()
    if not title:
        raise CaseError("标题不能为空")
    if len(title) > 200:
        raise CaseError("标题不能超过 200 字")
    if not text:
        raise CaseError("诉求内容不能为空")
    problem = check_category(spec.code, category)
    if problem:
        raise CaseError(problem)
    if urgency not in dict(URGENCIES):
        raise CaseError(f"紧急程度“{urgency}”不存在，可选：一般、紧急、特急")
    if enterprise is None and chain is None and spec.subject_required:
        raise CaseError("请选择企业或产业链（链上共性问题可不选企业）")
    if chain is None and enterprise is not None:
        chain = enterprise.chains.order_by("id").first()
    today = timezone.localdate()
    raised_on = raised_on or today
    if raised_on > today:
        raise CaseError("提出日期不能晚于今天")
    for upload in files:
        _check_attachment(upload)
    case = Case(
        kind=spec.code,
        title=title,
        text=text,
        category=category,
        enterprise=enterprise,
        chain=chain,
        level=level,
        urgency=urgency,
        source=source,
        raised_by=by,
        raised_on=raised_on,
        clock=Clock.ACCEPT,
        clock_started_on=raised_on,
        limit_days=spec.accept_days,
        due_on=calendar.add_working_days(raised_on, spec.accept_days),
        extra=extra or {},
        is_demo=is_demo,
    )
    with transaction.atomic(), acting_user(by):
        case.save()
        case.number = f"{spec.prefix}{raised_on.year}{case.pk:06d}"
        Case.objects.filter(pk=case.pk).update(number=case.number)
        event = CaseEvent.objects.create(
            case=case,
            action="raise",
            label="提出",
            to_state=State.PENDING,
            on=raised_on,
            by=by,
            by_name=_signature(by),
            comment=text,
        )
        _store_attachments(case, event, files)
        notify.case_raised(case)
    return case


def _kind(code: str) -> CaseKind:
    try:
        return get_kind(code)
    except ValueError as exc:
        raise CaseError(str(exc)) from None


def _signature(user) -> str:
    if user is None:
        return "系统"
    name = getattr(user, "display_name", "") or user.get_username()
    dept = getattr(user, "department", None) if getattr(user, "department_id", None) else None
    ent = getattr(user, "enterprise", None) if getattr(user, "enterprise_id", None) else None
    org = dept or ent
    return f"{name}（{org}）" if org else name


# ---------------------------------------------------------------------------------------
# The state machine


def _actors(kind: CaseKind, step: Action) -> set[str]:
    """Who may take the step; the kind decides who rates (回访)."""
    if step.code == "rate":
        return set(kind.raters)
    return set(step.actors)


def allowed_actions(case: Case, user) -> list[Action]:
    """The steps `user` may take on `case` now (for buttons; transition checks again)."""
    kind = _kind(case.kind)
    roles = actor_roles(user, case)
    return [
        a
        for a in actions_of(kind).values()
        if case.state in a.sources
        and roles & _actors(kind, a)
        and _precondition(case, kind, a) is None
    ]


def _precondition(case: Case, kind: CaseKind, action: Action, today=None) -> str | None:
    """Why the step cannot be taken now (None: it can)."""
    today = today or timezone.localdate()
    code = action.code
    if code == "hand_back" and case.assigned_on:
        used = calendar.working_days_between(case.assigned_on, today)
        if used > kind.hand_back_days:
            return f"退回须在交办后 {kind.hand_back_days} 个工作日内提出，已过 {used} 个工作日"
    if code == "request_extension":
        if case.extension_requested_days:
            return "已有延期申请待审批"
        if case.extensions >= kind.max_extensions:
            return f"延期最多 {kind.max_extensions} 次，已延期 {case.extensions} 次"
        if case.due_on and today > case.due_on and not case.paused_since:
            return f"已超过办理期限（{case.due_on}），不能再申请延期"
    if code in ("approve_extension", "refuse_extension") and not case.extension_requested_days:
        return "没有待审批的延期申请"
    if code == "request_info" and case.paused_since:
        return "已在等待企业补充，计时已停止"
    if code == "supply_info" and case.pause_reason != "enterprise":
        return "承办单位没有请企业补充材料"
    if code == "reopen" and case.rating != Rating.UNSATISFIED:
        return "只有回访不满意的事项才能重办"
    if code == "rate" and case.rating:
        return "已回访评价，请办结或重办"
    if code == "start" and not case.lead_department_id:
        return "尚未确定主办单位"
    return None


def transition(
    *,
    case: Case,
    action: str,
    by,
    version: int,
    comment: str = "",
    on: datetime.date | None = None,
    lead_department: Department | None = None,
    co_departments: Iterable[Department] = (),
    days: int | None = None,
    rating: str = "",
    files: Sequence[UploadedFile] = (),
    as_system: bool = False,
) -> Case:
    """Take one step of the workflow. `version` is the case version the caller read."""
    kind = _kind(case.kind)
    steps = actions_of(kind)
    if action not in steps:
        raise CaseError(f"操作“{action}”不存在")
    step = steps[action]
    from_state = case.state
    if from_state not in step.sources:
        allowed = "、".join(state_label(s) for s in step.sources)
        raise CaseError(
            f"事项处于“{state_label(from_state)}”状态，不能{step.label}（仅限：{allowed}）"
        )
    roles = {"system"} if as_system else actor_roles(by, case)
    if not roles & _actors(kind, step):
        raise CaseError(f"您无权对该事项执行“{step.label}”")
    comment = (comment or "").strip()
    if step.needs_comment and not comment:
        raise CaseError(f"{step.label}必须填写意见或理由")
    today = timezone.localdate()
    on = on or today
    if on > today:
        raise CaseError("操作日期不能晚于今天")
    why_not = _precondition(case, kind, step, on)
    if why_not:
        raise CaseError(why_not)
    for upload in files:
        _check_attachment(upload)

    changes: dict[str, object] = {}
    to_state = step.target or from_state
    data: dict[str, object] = {}
    units: list[tuple[Department, str]] | None = None

    if action == "assign":
        if lead_department is None:
            raise CaseError("交办必须选择主办单位")
        co = [d for d in co_departments if d.pk != lead_department.pk]
        units = [(lead_department, CaseUnit.Role.LEAD)] + [(d, CaseUnit.Role.CO) for d in co]
        clock = _answer_clock(kind, case, on)
        limit = clock["limit_days"]
        changes.update(lead_department=lead_department, assigned_on=on, **clock)
        data = {"lead": lead_department.name, "co": [d.name for d in co], "limit": limit}
    elif action == "hand_back":
        changes.update(
            lead_department=None,
            assigned_on=None,
            hand_back_count=F("hand_back_count") + 1,
            extension_requested_days=None,
            **_clock(Clock.ACCEPT, on, kind.accept_days),
        )
        units = []
    elif action == "reject":
        changes.update(clock=Clock.NONE, due_on=None, paused_since=None, card="", closed_on=on)
    elif action == "request_info":
        changes.update(paused_since=on, pause_reason="enterprise")
    elif action == "supply_info":
        changes.update(_resume(case, on))
    elif action == "request_extension":
        if not days or days < 1 or days > 30:
            raise CaseError("延期天数须为 1 至 30 个工作日")
        changes.update(extension_requested_days=days)
        data = {"days": days}
    elif action == "approve_extension":
        granted = case.extension_requested_days or 0
        changes.update(
            extension_requested_days=None,
            extensions=F("extensions") + 1,
            limit_days=case.limit_days + granted,
            due_on=calendar.add_working_days(case.due_on, granted) if case.due_on else None,
            card="",
            card_since=None,
        )
        data = {"days": granted}
    elif action == "refuse_extension":
        changes.update(extension_requested_days=None)
    elif action == "answer":
        if case.paused_since:
            changes.update(_resume(case, on))
        due = changes.get("due_on", case.due_on)
        paused = int(changes.get("paused_days", case.paused_days))
        changes.update(
            answer=comment,
            answered_on=on,
            clock=Clock.NONE,
            closed_on_time=bool(due and on <= due),
            working_days_used=max(0, calendar.working_days_between(case.raised_on, on) - paused),
            card="",
            card_since=None,
            extension_requested_days=None,
        )
    elif action == "rate":
        if rating not in Rating.values:
            raise CaseError("请选择评价：满意、基本满意或不满意")
        behalf = "raiser" not in roles
        changes.update(rating=rating, rating_comment=comment, rated_on_behalf=behalf)
        if rating != Rating.UNSATISFIED:
            to_state = _close(case, kind, by, changes, on)
        data = {"rating": rating, "on_behalf": behalf}
    elif action == "close":
        to_state = _close(case, kind, by, changes, on)
    elif action == "reopen":
        clock = _answer_clock(kind, case, on)
        limit = clock["limit_days"]
        changes.update(
            reopen_count=F("reopen_count") + 1,
            rating="",
            rating_comment="",
            rated_on_behalf=False,
            answered_on=None,
            closed_on=None,
            closed_on_time=None,
            working_days_used=None,
            **clock,
        )
        data = {"limit": limit}
    if action in kind.subject_deadline_steps:
        subject_clock = _subject_clock(kind, case, on)
        if subject_clock:
            changes.update(subject_clock)
            data = {**data, "due_on": subject_clock["due_on"].isoformat()}
    if to_state in (State.NOT_ACCEPTED,):
        changes.setdefault("closed_on", on)
    if step.target and step.target not in (State.CLOSED,):
        to_state = step.target
    changes["state"] = to_state

    with transaction.atomic(), acting_user(by):
        before = snapshot(case)
        updated = Case.objects.filter(pk=case.pk, version=version, state=from_state).update(
            version=F("version") + 1, updated_at=timezone.now(), **changes
        )
        if not updated:
            current = Case.objects.filter(pk=case.pk).values("state").first()
            now_label = state_label(current["state"]) if current else "已删除"
            raise CaseConflict(
                f"事项“{case.title}”已被他人处理（当前状态：{now_label}），"
                "您的操作未保存，请刷新页面后重试"
            )
        if units is not None:
            case.units.all().delete()
            CaseUnit.objects.bulk_create(
                [CaseUnit(case=case, department=d, role=r) for d, r in units]
            )
        if action == "answer_part":
            unit = case.units.filter(
                department_id=getattr(by, "department_id", None), role=CaseUnit.Role.CO
            ).first()
            if unit:
                unit.answer, unit.answered_on, unit.answered_by = comment, on, by
                unit.save()
        if action == "answer":
            case.units.filter(role=CaseUnit.Role.LEAD).update(
                answer=comment, answered_on=on, answered_by=by
            )
        event = CaseEvent.objects.create(
            case=case,
            action=action,
            label=step.label,
            from_state=from_state,
            to_state=to_state,
            on=on,
            by=None if as_system else by,
            by_name="系统" if as_system else _signature(by),
            comment=comment,
            data=data,
        )
        _store_attachments(case, event, files)
        case.refresh_from_db()
        record_changes([(case, "update", before, snapshot(case))])
        notify.after_transition(case, event)
    return case


def _clock(which: str, start: datetime.date, limit: int) -> dict[str, object]:
    return {
        "clock": which,
        "clock_started_on": start,
        "limit_days": limit,
        "due_on": calendar.add_working_days(start, limit),
        "paused_since": None,
        "pause_reason": "",
        "card": "",
        "card_since": None,
    }


def _answer_clock(kind: CaseKind, case: Case, on: datetime.date) -> dict[str, object]:
    """The one deadline computation of the answer clock: the kind's subject deadline when it
    gives one, else the time-limit table from `on`."""
    return _subject_clock(kind, case, on) or _clock(
        Clock.ANSWER, on, answer_limit(kind, case.category, case.urgency)
    )


def _subject_clock(kind: CaseKind, case: Case, on: datetime.date) -> dict[str, object] | None:
    """The clock running from assignment to the date the kind reads off the case's subject
    (kinds.CaseKind.subject_deadline); None when the kind or the subject sets none."""
    due = kind.subject_deadline(case) if kind.subject_deadline else None
    if due is None:
        return None
    start = case.assigned_on or on
    clock = _clock(Clock.ANSWER, start, max(1, calendar.working_days_between(start, due)))
    clock["due_on"] = due
    return clock


def _resume(case: Case, on: datetime.date) -> dict[str, object]:
    """Restart a stopped clock: the working days it stood still move the deadline."""
    if not case.paused_since:
        return {}
    stood = calendar.working_days_between(case.paused_since, on)
    return {
        "paused_since": None,
        "pause_reason": "",
        "paused_days": case.paused_days + stood,
        "due_on": calendar.add_working_days(case.due_on, stood) if case.due_on else None,
    }


def _close(case: Case, kind: CaseKind, by, changes: dict, on: datetime.date) -> str:
    if kind.closing_review is not None:
        refusal = kind.closing_review(case, by)
        if refusal:
            raise CaseError(str(refusal))
    changes.update(closed_on=on, clock=Clock.NONE)
    return State.CLOSED


# ---------------------------------------------------------------------------------------
# Escalation (督办): computed from the clock


def card_for(case: Case, today: datetime.date, kind: CaseKind | None = None) -> str:
    """黄牌 when less than the kind's yellow fraction of the limit is left, 红牌 when overdue;
    no card while the clock stands still or the case is not open."""
    if case.state not in (State.PENDING, State.ASSIGNED, State.IN_PROGRESS):
        return ""
    if case.paused_since or not case.due_on:
        return ""
    if today > case.due_on:
        return "red"
    kind = kind or get_kind(case.kind)
    left = calendar.working_days_between(today, case.due_on)
    if left < kind.yellow_fraction * case.limit_days:
        return "yellow"
    return ""


def tick(*, today: datetime.date | None = None) -> dict[str, int]:
    """Bring every open case's card up to date and send the reminders (催办) it calls for.
    Idempotent: running it twice on a day changes and sends nothing more."""
    today = today or timezone.localdate()
    counts = {"checked": 0, "yellow": 0, "red": 0, "changed": 0, "reminders": 0}
    fields = ("id", "kind", "state", "due_on", "limit_days", "paused_since", "card")
    open_cases = Case.objects.filter(
        state__in=[State.PENDING, State.ASSIGNED, State.IN_PROGRESS]
    ).only(*fields)
    to_update: dict[str, list[int]] = {"": [], "yellow": [], "red": []}
    kinds: dict[str, CaseKind] = {}
    for case in open_cases.iterator(chunk_size=2000):
        counts["checked"] += 1
        if case.kind not in kinds:
            kinds[case.kind] = get_kind(case.kind)
        card = card_for(case, today, kinds[case.kind])
        if card:
            counts[card] += 1
        if card != case.card:
            to_update[card].append(case.pk)
    with transaction.atomic():
        for card, ids in to_update.items():
            for i in range(0, len(ids), 500):
                chunk = ids[i : i + 500]
                Case.objects.filter(pk__in=chunk).update(
                    card=card, card_since=today if card else None
                )
                counts["changed"] += len(chunk)
        raised = to_update["yellow"] + to_update["red"]
        if raised:
            counts["reminders"] = notify.escalations(
                Case.objects.filter(pk__in=raised).select_related("chain", "lead_department")
            )
    return counts


def remind(*, case: Case, by, comment: str) -> Case:
    """催办 by a dispatcher (the tick's reminders are automatic)."""
    return transition(case=case, action="remind", by=by, version=case.version, comment=comment)


# ---------------------------------------------------------------------------------------
# Calendar notices


def enter_calendar_notice(
    *, year: int, holidays: str, workdays: str, notice: str = "", by
) -> object:
    """Save a year's official holiday notice; the working-day table is rebuilt."""
    from chainchief.casework.models import CalendarNotice

    if year < 2015 or year > 2044:
        raise CaseError("年份须在 2015 至 2044 之间")
    try:
        holiday_dates = calendar.parse_dates(holidays, year=year, field="放假日期")
        workday_dates = calendar.parse_dates(workdays, year=year, field="调休上班日期")
    except ValueError as exc:
        raise CaseError(str(exc)) from None
    if not holiday_dates:
        raise CaseError("放假日期不能为空")
    both = set(holiday_dates) & set(workday_dates)
    if both:
        raise CaseError(f"{min(both)} 同时出现在放假日期和调休上班日期中")
    with transaction.atomic(), acting_user(by):
        row, _ = CalendarNotice.objects.update_or_create(
            year=year,
            defaults={
                "holidays": [d.isoformat() for d in holiday_dates],
                "workdays": [d.isoformat() for d in workday_dates],
                "notice": notice.strip(),
                "entered_by": by,
            },
        )
    calendar.reset()
    return row
