"""The built-in steps of the workflow: which state each starts from, where it goes, who may
take it. Kinds add their own through `CaseKind.extra_actions` (see kinds.py).

    待受理 ──交办──▶ 已交办 ──签收──▶ 办理中 ──答复──▶ 已答复 ──回访满意/基本满意──▶ 已办结
      │  ▲             │                │  ▲              │ └──办结（说明理由）──▶ 已办结
      │  └────退回─────┴────────────────┘  └────重办───────┘
      └──不予受理──▶ 不予受理
    延期申请/批准/不批准, 请企业补充/企业补充 (clock stops), 协办答复, 催办: state unchanged.
"""

from __future__ import annotations

from chainchief.casework.kinds import Action
from chainchief.casework.models import State

S = State
ACTIONS: dict[str, Action] = {
    a.code: a
    for a in (
        Action("assign", "交办", (S.PENDING,), S.ASSIGNED, ("dispatcher",)),
        Action("reject", "不予受理", (S.PENDING,), S.NOT_ACCEPTED, ("dispatcher",), True),
        Action("hand_back", "退回", (S.ASSIGNED, S.IN_PROGRESS), S.PENDING, ("lead",), True),
        Action("start", "签收办理", (S.ASSIGNED,), S.IN_PROGRESS, ("lead",)),
        Action(
            "request_info", "请企业补充", (S.ASSIGNED, S.IN_PROGRESS), None, ("lead", "co"), True
        ),
        Action(
            "supply_info",
            "企业补充说明",
            (S.ASSIGNED, S.IN_PROGRESS),
            None,
            ("raiser", "dispatcher"),
            True,
        ),
        Action("request_extension", "延期申请", (S.ASSIGNED, S.IN_PROGRESS), None, ("lead",), True),
        Action("approve_extension", "批准延期", (S.ASSIGNED, S.IN_PROGRESS), None, ("dispatcher",)),
        Action(
            "refuse_extension",
            "不批准延期",
            (S.ASSIGNED, S.IN_PROGRESS),
            None,
            ("dispatcher",),
            True,
        ),
        Action("answer_part", "协办答复", (S.ASSIGNED, S.IN_PROGRESS), None, ("co",), True),
        Action("answer", "答复", (S.IN_PROGRESS,), S.ANSWERED, ("lead",), True),
        Action("rate", "回访评价", (S.ANSWERED,), None, ("raiser", "dispatcher")),
        Action("reopen", "重办", (S.ANSWERED,), S.IN_PROGRESS, ("dispatcher",), True),
        Action("close", "办结", (S.ANSWERED,), S.CLOSED, ("dispatcher",), True),
        Action(
            "remind",
            "催办",
            (S.PENDING, S.ASSIGNED, S.IN_PROGRESS),
            None,
            ("dispatcher", "system"),
            True,
        ),
    )
}
