"""The finding's case on the one supervision workflow (kind 审计整改, code "audit").

The case carries the workflow (交办 to the unit, 办理, 提请认定, 办结 with the closing review,
the timeline and the escalation cards); the audit-specific data stays in
`audit.models.Rectification`. Audit data is sensitive while casework shows cases more widely
(chain office, the chain's people), so the case holds no finding text: a neutral title and
the finding's number, and the timeline comments stay in the audit module.
"""

from __future__ import annotations

import contextlib

from django.utils.translation import gettext_lazy as _

KIND = "audit"
_STEPS = {
    # our step: (casework action, comment shown on the case timeline)
    "plan_filed": ("start", ""),
    "plan_confirmed": ("audit_plan_confirmed", "审计机关已确认整改方案"),
    "plan_returned": ("audit_plan_returned", "审计机关退回整改方案"),
    "submitted": ("answer", "整改完成，提请审计机关认定"),
    "review_done": ("close", "认定已整改，对账销号"),
    "review_partial": ("reopen_audit", "认定部分整改，继续整改"),
    "review_not_done": ("reopen_audit", "认定未整改，继续整改"),
    "review_continuing": ("reopen_audit", "认定持续整改"),
}


def _closing_review(case, by):
    """The case closes only when the bureau's 认定 is 已整改 with a closing record."""
    from chainchief.audit.models import Outcome, Rectification

    rect = Rectification.objects.filter(case_id=case.pk).first()
    if rect is None or rect.outcome != Outcome.DONE or not rect.closing_record:
        return "审计整改须经审计机关认定已整改并对账销号后才能办结"
    return None


def _rectification_deadline(case):
    """Once the bureau has confirmed the unit's plan, the case runs to the plan's completion
    date (立行立改 ≤ 60 days, 分阶段 ≤ 1 year, 持续 ≤ 5 years), not the 30-day plan clock."""
    from chainchief.audit.models import Rectification, RectState

    return (
        Rectification.objects.filter(case_id=case.pk, confirmed_on__isnull=False)
        .exclude(state=RectState.CLOSED)
        .values_list("due_on", flat=True)
        .first()
    )


def register_kind() -> None:
    from chainchief.casework.kinds import Action, CaseKind, register
    from chainchief.casework.models import State

    register(
        CaseKind(
            code=KIND,
            label=_("审计整改"),
            prefix="SJ",
            # the plan is due 30 calendar days after assignment: about 22 working days; once
            # the plan is confirmed, its completion date (subject_deadline below)
            answer_days={"default": 22},
            accept_days=1,
            hand_back_days=2,
            max_extensions=0,
            dispatchers=("auditor",),
            raters=("dispatcher",),
            closing_review=_closing_review,
            # the plan's completion date takes over once the plan is confirmed, and again
            # when a closing review sends the rectification back
            subject_deadline=_rectification_deadline,
            subject_deadline_steps=("audit_plan_confirmed", "reopen_audit"),
            extra_actions=(
                Action(
                    "audit_plan_confirmed",
                    "确认整改方案",
                    (State.IN_PROGRESS,),
                    None,
                    ("dispatcher",),
                ),  # fmt: skip
                Action(
                    "audit_plan_returned",
                    "退回整改方案",
                    (State.IN_PROGRESS,),
                    None,
                    ("dispatcher",),
                    True,
                ),  # fmt: skip
                Action(
                    "reopen_audit",
                    "认定未销号",
                    (State.ANSWERED, State.IN_PROGRESS),
                    State.IN_PROGRESS,
                    ("dispatcher",),
                    True,
                ),  # fmt: skip
            ),
            extra_labels={"finding": "审计问题编号"},
            subject_required=False,  # a finding may concern no chain: the unit owns it
            # A red card reaches the audited unit's 部门负责人 beside its handlers; not the chain's
            # chief (audit data stays with the bureau, the committee and the unit).
            red_notifies=("lead_head",),
        )
    )


def _chain_of(finding):
    project = finding.projects.select_related("chain").order_by("id").first()
    if project is not None:
        return project.chain
    project = finding.audit.projects.select_related("chain").order_by("id").first()
    return project.chain if project is not None else None


def open_case(*, finding, rect, by):
    """Create the case (on the chain of the finding's projects, if any) and assign it to
    the responsible unit."""
    from chainchief.casework import services as casework

    chain = _chain_of(finding)
    with _as_audit_error():
        return _open(casework, finding, rect, chain, by)


def _open(casework, finding, rect, chain, by):
    case = casework.create_case(
        by=by,
        kind=KIND,
        title=f"审计发现问题整改（{finding.number}）",
        text="审计整改事项；问题内容按审计保密规定在审计模块查看。",
        chain=chain,
        source="audit",
        raised_on=rect.assigned_on,
        extra={"finding": finding.number},
    )
    return casework.transition(
        case=case, action="assign", by=by, version=case.version, on=rect.assigned_on,
        lead_department=finding.unit,
    )  # fmt: skip


def step(rect, what: str, *, by, comment: str = "", on=None) -> None:
    """Mirror one rectification step on its case (no case: nothing to mirror)."""
    if not rect.case_id:
        return
    from chainchief.casework import services as casework
    from chainchief.casework.models import Case

    case = Case.objects.get(pk=rect.case_id)
    action, text = _STEPS[what]
    if action == "start" and case.state != "assigned":
        return
    with _as_audit_error():
        casework.transition(
            case=case, action=action, by=by, version=case.version, comment=text or comment, on=on
        )


@contextlib.contextmanager
def _as_audit_error():
    """The workflow's refusals reach the user as audit errors (a message, never a 500)."""
    from chainchief.audit.services import AuditError
    from chainchief.casework.services import CaseError

    try:
        yield
    except CaseError as exc:
        raise AuditError(f"督办流程：{exc}") from None
