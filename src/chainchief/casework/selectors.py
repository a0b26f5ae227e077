"""Reads of the supervision workflow: who sees which case, who may act, the statistics.

Case scoping builds on the one check in `accounts.scoping` (chains a user sees or edits,
the enterprise of a contact), so pages, API, exports and commands agree:
- chain office, general chiefs, auditors, superusers: every case;
- chain chiefs and deputy directors: the cases of their chains (and those they raised);
- department handlers and department heads (部门负责人): the cases their department works on
  (主办 or 协办); the head acts on them like a handler;
- enterprise contacts: their own enterprise's cases.
Outside that scope a case does not exist for the user (404).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Avg, Count, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from chainchief.accounts import scoping
from chainchief.accounts.models import Role, User
from chainchief.casework.kinds import get_kind
from chainchief.casework.models import OPEN_STATES, Case, CaseUnit, Rating, State


def sees_every_case(user: User) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.role in scoping.SEE_ALL)
    )


def visible_cases(user: User) -> QuerySet:
    if not user.is_authenticated or not user.is_active:
        return Case.objects.none()
    if user.is_superuser or user.role in scoping.SEE_ALL:
        return Case.objects.all()
    if user.role == Role.ENTERPRISE_CONTACT:
        if not user.enterprise_id:
            return Case.objects.none()
        return Case.objects.filter(enterprise_id=user.enterprise_id)
    if scoping.is_department_member(user):
        return Case.objects.filter(
            pk__in=CaseUnit.objects.filter(department_id=user.department_id).values("case_id")
        )
    if user.role in scoping.CHAIN_SCOPED:
        chain_ids = scoping.visible_chains(user).values("id")
        return Case.objects.filter(Q(chain_id__in=chain_ids) | Q(raised_by=user))
    return Case.objects.none()


def get_case_for_user(user: User, pk: int) -> Case:
    case = (
        visible_cases(user)
        .select_related("enterprise", "chain", "lead_department", "raised_by")
        .filter(pk=pk)
        .first()
    )
    if case is None:
        raise Http404("事项不存在或无权查看")
    return case


def is_dispatcher(user: User, case: Case | None = None, *, kind_code: str = "problem") -> bool:
    """The chain office (all cases) and the chain's deputy director dispatch, per kind."""
    if not user.is_authenticated or not user.is_active:
        return False
    kind = get_kind(case.kind if case is not None else kind_code)
    if user.is_superuser:
        return True
    if "chain_office" in kind.dispatchers and user.role == Role.CHAIN_OFFICE:
        return True
    if "chain_deputy" in kind.dispatchers and user.role == Role.DEPUTY_DIRECTOR:
        if case is None:
            return True
        return (
            case.chain_id is not None
            and scoping.editable_chains(user).filter(pk=case.chain_id).exists()
        )
    return user.role in kind.dispatchers


def actor_roles(user: User, case: Case) -> set[str]:
    """What `user` is to `case`: dispatcher, lead (主办 handler), co (协办 handler), raiser."""
    roles: set[str] = set()
    if user is None or not user.is_authenticated or not user.is_active:
        return roles
    if is_dispatcher(user, case):
        roles.add("dispatcher")
    if scoping.is_department_member(user):
        if case.lead_department_id == user.department_id:
            roles.add("lead")
        elif case.units.filter(department_id=user.department_id, role=CaseUnit.Role.CO).exists():
            roles.add("co")
    if user.role == Role.ENTERPRISE_CONTACT:
        if case.enterprise_id and case.enterprise_id == user.enterprise_id:
            roles.add("raiser")
    elif case.enterprise_id is None and case.raised_by_id == user.pk:
        roles.add("raiser")
    return roles


def _ratio(part: int, whole: int) -> float | None:
    return round(part * 100.0 / whole, 1) if whole else None


def filter_cases(
    qs: QuerySet,
    *,
    kind: str | None = None,
    chain_ids=None,
    department_ids=None,
    category: str | None = None,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> QuerySet:
    if kind:
        qs = qs.filter(kind=kind)
    if chain_ids is not None:
        qs = qs.filter(chain_id__in=list(chain_ids))
    if department_ids is not None:
        qs = qs.filter(lead_department_id__in=list(department_ids))
    if category:
        qs = qs.filter(category=category)
    if start:
        qs = qs.filter(raised_on__gte=start)
    if end:
        qs = qs.filter(raised_on__lte=end)
    return qs


def _aggregates(today: datetime.date) -> dict:
    closed = Q(state=State.CLOSED)
    return {
        "received": Count("id", filter=~Q(state=State.NOT_ACCEPTED)),
        "not_accepted": Count("id", filter=Q(state=State.NOT_ACCEPTED)),
        "closed": Count("id", filter=closed),
        "closed_on_time": Count("id", filter=closed & Q(closed_on_time=True)),
        "rated": Count("id", filter=~Q(rating="")),
        "satisfied": Count("id", filter=Q(rating__in=[Rating.SATISFIED, Rating.BASIC])),
        "reopened": Count("id", filter=Q(reopen_count__gt=0)),
        "handed_back": Count("id", filter=Q(hand_back_count__gt=0)),
        "open": Count("id", filter=Q(state__in=OPEN_STATES)),
        "open_overdue": Count(
            "id",
            filter=Q(state__in=OPEN_STATES, paused_since__isnull=True, due_on__lt=today),
        ),
        "avg_days": Avg("working_days_used", filter=closed),
        # avg_days of several rows together (total_of) is weighted by these two
        "days_sum": Sum("working_days_used", filter=closed),
        "days_n": Count("working_days_used", filter=closed),
    }


def _finish(row: dict) -> dict:
    received = row["received"]
    row["closed_rate"] = _ratio(row["closed"], received)
    row["on_time_rate"] = _ratio(row["closed_on_time"], row["closed"])
    row["satisfaction_rate"] = _ratio(row["satisfied"], row["rated"])
    row["reopen_rate"] = _ratio(row["reopened"], received)
    row["hand_back_rate"] = _ratio(row["handed_back"], received)
    row["avg_days"] = round(row["avg_days"], 1) if row["avg_days"] is not None else None
    return row


_SUMMED = ("received", "not_accepted", "closed", "closed_on_time", "rated", "satisfied",
           "reopened", "handed_back", "open", "open_overdue", "days_sum", "days_n")  # fmt: skip


def total_of(rows: list[dict]) -> dict:
    """The figures of the union of disjoint rows (e.g. the months of `case_stats_by`): what
    `case_stats` returns over the same cases, without scanning them again."""
    total = {key: sum(r[key] or 0 for r in rows) for key in _SUMMED}
    total["avg_days"] = total["days_sum"] / total["days_n"] if total["days_n"] else None
    return _finish(total)


def case_stats(
    *,
    kind: str | None = None,
    chain_ids=None,
    department_ids=None,
    category: str | None = None,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    cases: QuerySet | None = None,
    today: datetime.date | None = None,
) -> dict:
    """Figures of the cases raised in [start, end] (both optional):
    received (accepted or pending, 不予受理 apart), closed, 办结率 closed_rate, 按时办结率
    on_time_rate, 满意率 satisfaction_rate (满意 + 基本满意 of rated), 重办率 reopen_rate,
    退回率 hand_back_rate (percentages, None when nothing to divide), avg_days (working days
    from raised to answered, clock stops excluded), open, open_overdue (open now and past
    due with the clock running). `cases` narrows to a user's scope (`visible_cases`)."""
    today = today or timezone.localdate()
    qs = filter_cases(
        cases if cases is not None else Case.objects.all(),
        kind=kind,
        chain_ids=chain_ids,
        department_ids=department_ids,
        category=category,
        start=start,
        end=end,
    )
    return _finish(dict(qs.aggregate(**_aggregates(today))))


def case_stats_by(
    group: str,
    *,
    cases: QuerySet | None = None,
    today: datetime.date | None = None,
    **filters,
) -> list[dict]:
    """The same figures per `group` ("lead_department", "chain", "category", "month")."""
    from django.db.models.functions import TruncMonth

    today = today or timezone.localdate()
    qs = filter_cases(cases if cases is not None else Case.objects.all(), **filters)
    if group == "month":
        qs = qs.annotate(month=TruncMonth("raised_on"))
        key = "month"
    else:
        key = {"lead_department": "lead_department_id", "chain": "chain_id"}.get(group, group)
    rows = qs.order_by().values(key).annotate(**_aggregates(today)).order_by(key)
    return [_finish(dict(r)) for r in rows]


# ---------------------------------------------------------------------------------------
# The ledger (问题台账): filters shared by the page, the export, the API and the command

CARD_FILTERS = {"yellow": "黄牌", "red": "红牌", "overdue": "已超期"}


@dataclass
class CaseFilters:
    q: str = ""
    kind: str = ""
    state: str = ""
    category: str = ""
    chain: str = ""
    department: str = ""
    source: str = ""
    card: str = ""
    enterprise: str = ""
    start: str = ""
    end: str = ""

    @classmethod
    def from_query(cls, data) -> CaseFilters:
        return cls(**{f: (data.get(f) or "").strip() for f in cls.__dataclass_fields__})

    def query(self, **override) -> str:
        values = {**self.__dict__, **override}
        return urlencode({k: v for k, v in values.items() if v})


def _date(text: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None


def case_list(user: User, f: CaseFilters, *, today: datetime.date | None = None) -> QuerySet:
    return _filtered(visible_cases(user), f, today=today)


def case_list_all(f: CaseFilters, *, today: datetime.date | None = None) -> QuerySet:
    """Every case (the command line without --user runs as the system)."""
    return _filtered(Case.objects.all(), f, today=today)


def _filtered(qs: QuerySet, f: CaseFilters, *, today: datetime.date | None = None) -> QuerySet:
    today = today or timezone.localdate()
    qs = qs.select_related("enterprise", "chain", "lead_department")
    if f.q:
        qs = qs.filter(
            Q(title__icontains=f.q)
            | Q(number__icontains=f.q)
            | Q(enterprise__name__icontains=f.q)
            | Q(text__icontains=f.q)
        )
    for field, value in (
        ("kind", f.kind),
        ("state", f.state),
        ("category", f.category),
        ("source", f.source),
        ("chain__code", f.chain),
    ):
        if value:
            qs = qs.filter(**{field: value})
    if f.department.isdigit():
        qs = qs.filter(lead_department_id=int(f.department))
    if f.enterprise.isdigit():
        qs = qs.filter(enterprise_id=int(f.enterprise))
    if f.card in ("yellow", "red"):
        qs = qs.filter(card=f.card, state__in=OPEN_STATES)
    elif f.card == "overdue":
        qs = qs.filter(state__in=OPEN_STATES, paused_since__isnull=True, due_on__lt=today)
    if _date(f.start):
        qs = qs.filter(raised_on__gte=_date(f.start))
    if _date(f.end):
        qs = qs.filter(raised_on__lte=_date(f.end))
    return qs.order_by("-raised_on", "-id")


def case_page(user: User, f: CaseFilters, page: str | None, size: int = 30):
    from chainchief.casework.categories import category_names

    qs = case_list(user, f)
    paginator = Paginator(qs, size)
    result = paginator.get_page(page)
    result.object_list = list(result.object_list)
    names = category_names(None)
    for c in result.object_list:
        c.category_name = names.get(c.category, c.category)
    return result


def filter_categories(kind: str = "") -> list:
    """Categories to filter the ledger by: the kind's (every kind's when none is chosen),
    deactivated ones too (their old cases are still found)."""
    from chainchief.casework.models import CaseCategory

    qs = CaseCategory.objects.all() if not kind else CaseCategory.objects.filter(kind=kind)
    return list(qs.order_by("kind", "sort", "id"))


def timeline(case: Case) -> list:
    return list(case.events.prefetch_related("attachments").order_by("at", "id"))


def overdue_cases(user: User, *, min_days: int = 0, limit: int = 10, today=None) -> list[Case]:
    """Open cases past due by more than `min_days` calendar days, most overdue first."""
    today = today or timezone.localdate()
    return list(
        visible_cases(user)
        .filter(
            state__in=OPEN_STATES,
            paused_since__isnull=True,
            due_on__lt=today - datetime.timedelta(days=min_days),
        )
        .select_related("enterprise", "chain", "lead_department")
        .order_by("due_on")[:limit]
    )


def department_ranking(
    *,
    start=None,
    end=None,
    kind: str | None = None,
    top: int | None = None,
    min_cases: int = 3,
    today=None,
    rows: list[dict] | None = None,
) -> tuple[list[dict], list[dict]]:
    """红黑榜: departments ranked by a score of 按时办结率, 满意率 and 办结率 (each 0–100,
    weighted 0.4 / 0.4 / 0.2), minus 5 points per open overdue case. Departments with
    fewer than `min_cases` cases are left out. Returns (red list best first, black list
    worst first), `top` each (default: the office's setting, 系统设置 › 红黑榜)."""
    from chainchief.casework.categories import ranking_top
    from chainchief.places.models import Department

    top = ranking_top() if top is None else top

    if rows is None:  # `rows`: the same figures already computed over every case
        rows = case_stats_by("lead_department", kind=kind, start=start, end=end, today=today)
    names = dict(Department.objects.values_list("id", "name"))
    ranked = []
    for row in rows:
        if row["lead_department_id"] is None or row["received"] < min_cases:
            continue
        score = (
            0.4 * (row["on_time_rate"] or 0)
            + 0.4 * (row["satisfaction_rate"] or 0)
            + 0.2 * (row["closed_rate"] or 0)
            - 5 * row["open_overdue"]
        )
        ranked.append({**row, "name": names.get(row["lead_department_id"], ""), "score": score})
    ranked.sort(key=lambda r: (-r["score"], r["name"]))
    red = ranked[:top]
    black = [r for r in reversed(ranked) if r not in red][:top]
    return red, black


def department_dashboard(department, *, cases: QuerySet, start=None, end=None, today=None) -> dict:
    """A department's dashboard (部门负责人): its figures as 主办 unit in the period, its open
    cases by card (the most urgent first), its categories, its place on the 红黑榜."""
    from chainchief.casework.categories import category_names, ranking_top

    today = today or timezone.localdate()
    mine = cases.filter(lead_department=department)
    totals = case_stats(cases=mine, start=start, end=end, today=today)
    by_category = case_stats_by("category", cases=mine, start=start, end=end, today=today)
    names = category_names(None)
    for row in by_category:
        row["name"] = names.get(row["category"], row["category"]) or "未分类"
    open_qs = mine.filter(state__in=OPEN_STATES)
    cards = dict(open_qs.order_by().values_list("card").annotate(n=Count("id")))
    overdue = open_qs.filter(paused_since__isnull=True, due_on__lt=today).count()
    urgent = list(open_qs.select_related("enterprise", "chain").order_by("due_on", "id")[:20])
    for c in urgent:
        c.category_name = names.get(c.category, c.category)
    co_open = (
        cases.filter(state__in=OPEN_STATES, units__department=department, units__role="co")
        .exclude(lead_department=department)
        .count()
    )
    top = ranking_top()
    red, black = department_ranking(start=start, end=end, top=top, today=today)
    place = ""
    if any(r["lead_department_id"] == department.pk for r in red):
        place = "red"
    elif any(r["lead_department_id"] == department.pk for r in black):
        place = "black"
    return {
        "totals": totals,
        "by_category": by_category,
        "open_total": sum(cards.values()),
        "red_cards": cards.get("red", 0),
        "yellow_cards": cards.get("yellow", 0),
        "overdue": overdue,
        "co_open": co_open,
        "urgent": urgent,
        "ranking_place": place,
        "ranking_top": top,
    }


def case_dict(c: Case) -> dict:
    return {
        "id": c.pk,
        "number": c.number,
        "kind": c.kind,
        "title": c.title,
        "category": c.category,
        "category_name": c.category_label,
        "state": c.state,
        "state_label": c.get_state_display(),
        "enterprise": c.enterprise.name if c.enterprise_id else None,
        "chain": c.chain.code if c.chain_id else None,
        "lead_department": c.lead_department.name if c.lead_department_id else None,
        "raised_on": c.raised_on.isoformat(),
        "due_on": c.due_on.isoformat() if c.due_on else None,
        "card": c.card,
        "rating": c.rating,
        "version": c.version,
    }
