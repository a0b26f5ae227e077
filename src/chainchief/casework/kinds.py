"""The kinds of case (督办事项的类型) and their rules, as data.

Every supervised item of the city runs through ONE workflow (`casework`): enterprise
problems (企业诉求), audit rectification (审计整改), review-meeting follow-ups (点评交办),
work points (工作要点). What differs between kinds is data registered here, never a copy of
the workflow. casework itself knows no kind-specific app: an app registers its kind.

How another app registers a kind
--------------------------------
In the app's ``apps.py`` ``ready()`` (so it runs once per process)::

    from chainchief.casework.kinds import CaseKind, register

    def _verified_by_auditor(case, by):        # closing review hook (optional)
        if not case.extra.get("verified"):
            return "整改结果尚未经审计人员核实，不能办结"   # refuse, in Chinese
        return None                                   # allow

    register(CaseKind(
        code="audit",                     # stored on Case.kind; never change it later
        label="审计整改",
        prefix="SJ",                      # case numbers: SJ2026000123
        categories=(("finding", "审计发现问题"), ...),  # (code, label); may be empty
        answer_days={"default": 20, ("finding", "urgent"): 10},
        accept_days=1, hand_back_days=2,  # working days
        max_extensions=1,
        dispatchers=("chain_office",),    # user roles that dispatch; "chain_deputy" = the
                                          # case chain's 专职副主任
        raters=("dispatcher",),           # who does the 回访; "raiser" = the enterprise
        red_notifies=("lead_head",),      # who hears of a red card beside the handlers
        closing_review=_verified_by_auditor,
    ))

- States: the common states (`State`) cover every kind; a kind does not need more. When a
  kind needs a step of its own, it declares ``extra_actions``: ``Action(code, label,
  sources, target, actors, needs_comment)``; the state machine treats it like the built-in
  ones (same version check, event, change log). ``target=None`` keeps the state (a step
  that only records something, like 核实).
- Time limits: ``answer_days`` maps ``"default"``, a category code, an urgency code or a
  ``(category, urgency)`` pair to working days (most specific wins). The chain office can
  override any entry in the admin (`TimeLimit` rows), without a deploy.
- A deadline of the subject: a kind whose subject carries its own completion date (审计整改:
  the confirmed plan's 完成时限, up to 5 years) names ``subject_deadline(case) -> date | None``
  and the steps after which casework asks it (``subject_deadline_steps``, action codes;
  assignment and 重办 always ask). A date sets the answer clock to run from assignment to
  that date (cards and 按时办结 follow it); None leaves the time-limit table in charge.
- Extra fields: small ones go into ``Case.extra`` (a JSON field, shown on the case page
  under ``extra_labels``); anything relational lives in the kind's own app as a model with
  a ``ForeignKey("casework.Case")`` (e.g. ``audit.Finding.case``). Create the case through
  ``casework.services.create_case(kind="audit", ...)`` and keep the link in your model.
- Statistics: ``casework.selectors.case_stats(kind="audit", ...)`` counts one kind.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

# The seed's six problems first, then the rest; a city may rename or add them per kind.
PROBLEM_CATEGORIES: tuple[tuple[str, str], ...] = (
    ("capacity", _("扩产扩能")),
    ("skills", _("技能人才")),
    ("financing_access", _("融资难")),
    ("financing_cost", _("融资贵")),
    ("university", _("高校对接")),
    ("research", _("产学研合作")),
    ("land", _("用地")),
    ("power_gas", _("用电用气")),
    ("approval", _("审批办证")),
    ("logistics", _("物流")),
    ("market", _("市场开拓")),
    ("policy", _("政策兑现")),
    ("other", _("其他")),
)

URGENCIES: tuple[tuple[str, str], ...] = (
    ("normal", _("一般")),
    ("urgent", _("紧急")),
    ("critical", _("特急")),
)


@dataclass(frozen=True)
class Action:
    code: str
    label: str
    sources: tuple[str, ...]
    target: str | None
    actors: tuple[str, ...]  # "dispatcher", "lead", "co", "raiser", "system"
    needs_comment: bool = False


@dataclass(frozen=True)
class CaseKind:
    code: str
    label: str
    prefix: str
    categories: tuple[tuple[str, str], ...] = ()
    answer_days: dict = field(default_factory=lambda: {"default": 10})
    accept_days: int = 1
    hand_back_days: int = 2
    max_extensions: int = 1
    yellow_fraction: float = 0.25
    dispatchers: tuple[str, ...] = ("chain_office", "chain_deputy")
    raters: tuple[str, ...] = ("raiser", "dispatcher")
    closing_review: Callable | None = None
    extra_actions: tuple[Action, ...] = ()
    extra_labels: dict = field(default_factory=dict)
    # Who hears of a red card (红牌督办) beside the 主办 handlers: "lead_head" = the 部门负责人 of
    # the 主办 unit (for an audit rectification: the audited unit's head), "chain_chief" = the
    # chiefs of the case's chain (none when the case has no chain).
    red_notifies: tuple[str, ...] = ("lead_head", "chain_chief")
    # False for kinds whose cases may concern neither an enterprise nor a chain (an audit
    # finding about a department's own spending); the lead department owns them.
    subject_required: bool = True
    # The deadline taken from the case's subject (see the module docstring): a hook
    # case -> date | None, and the action codes after which it is asked.
    subject_deadline: Callable | None = None
    subject_deadline_steps: tuple[str, ...] = ()

    def category_label(self, code: str) -> str:
        return str(dict(self.categories).get(code, code))


_registry: dict[str, CaseKind] = {}


def register(kind: CaseKind) -> CaseKind:
    """Register (or replace, for tests) a kind."""
    _registry[kind.code] = kind
    return kind


def get_kind(code: str) -> CaseKind:
    try:
        return _registry[code]
    except KeyError:
        raise ValueError(f"事项类型“{code}”未注册") from None


def all_kinds() -> list[CaseKind]:
    return list(_registry.values())


def kind_choices() -> list[tuple[str, str]]:
    return [(k.code, str(k.label)) for k in _registry.values()]


PROBLEM = register(
    CaseKind(
        code="problem",
        label=_("企业诉求"),
        prefix="WT",
        categories=PROBLEM_CATEGORIES,
        # answer within 5 / 10 / 15 working days: urgent ones fast, structural ones slow
        answer_days={
            "default": 10,
            "critical": 5,
            "urgent": 5,
            "capacity": 15,
            "land": 15,
            "research": 15,
            ("capacity", "critical"): 10,
            ("land", "critical"): 10,
        },
    )
)
