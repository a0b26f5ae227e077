"""Reads of the project library for pages, exports, the API and commands.

Scoping follows accounts.scoping: a chain's people see (and, where they may edit the chain,
change) its projects; a department handler also sees the projects their department is
responsible for and reports their progress; the chain office sees and edits all.
Warnings are annotations, so a page of projects costs the same few queries at any size.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, replace
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.http import Http404
from django.utils import timezone

from chainchief.accounts.scoping import editable_chains, is_department_member, visible_chain_ids
from chainchief.core.values import parse_id, query_text
from chainchief.projects.models import (
    ACTIVE_STAGES,
    PIPELINE,
    Kind,
    Milestone,
    ProgressEntry,
    Project,
    Stage,
    WarningRule,
)

RED, YELLOW = 2, 1
INVESTING_STAGES = [Stage.NEGOTIATING, Stage.SIGNED, Stage.STARTED]
WARNING_FILTERS = {"red": "红色预警", "yellow": "黄色预警", "any": "有预警", "none": "无预警"}


# --- scoping ----------------------------------------------------------------------------


def visible_projects(user) -> QuerySet:
    if not user.is_authenticated or not user.is_active:
        return Project.objects.none()
    chain_ids = visible_chain_ids(user)
    if chain_ids is None:
        return Project.objects.all()
    q = Q(chain_id__in=chain_ids)
    if is_department_member(user):
        q |= Q(department_id=user.department_id)
    return Project.objects.filter(q)


def editable_projects(user) -> QuerySet:
    return Project.objects.filter(chain__in=editable_chains(user).values("id"))


def can_edit_project(user, project: Project) -> bool:
    return editable_chains(user).filter(pk=project.chain_id).exists()


def can_create_projects(user) -> bool:
    return editable_chains(user).exists()


def can_report_progress(user, project: Project) -> bool:
    """Chain editors, and the handlers and head of the responsible department."""
    if is_department_member(user) and user.department_id == project.department_id:
        return True
    return can_edit_project(user, project)


def get_project_for_user(user, pk) -> Project:
    """The project if the user may see it; 404 otherwise (never reveals it exists)."""
    pk = parse_id(pk)
    if pk is None:
        raise Http404("项目不存在或无权查看")
    project = (
        visible_projects(user)
        .select_related("chain", "segment", "department", "park", "district", "responsible")
        .filter(pk=pk)
        .first()
    )
    if project is None:
        raise Http404("项目不存在或无权查看")
    return project


def get_rw_project_for_user(user, pk) -> Project:
    project = get_project_for_user(user, pk)
    if not can_edit_project(user, project):
        raise PermissionDenied("无权修改该项目")
    return project


def get_progress_project_for_user(user, pk) -> Project:
    project = get_project_for_user(user, pk)
    if not can_report_progress(user, project):
        raise PermissionDenied("无权填报该项目进展")
    return project


# --- warnings ---------------------------------------------------------------------------


def with_warnings(
    qs: QuerySet,
    *,
    today: datetime.date | None = None,
    rule: WarningRule | None = None,
    select: bool = True,
) -> QuerySet:
    """Annotate warn_stalled (0/1/2), warn_overdue, warn_behind and warning (0, 1 yellow,
    2 red). With select=False they are aliases: usable in filters, not computed per row."""
    today = today or timezone.localdate()
    rule = rule or WarningRule.current()
    yellow_cut = today - datetime.timedelta(days=rule.stall_days)
    red_cut = today - datetime.timedelta(days=rule.stall_days * 2)
    active = Q(stage__in=ACTIVE_STAGES)
    # A lead has no investment yet: the lag warning starts once talks have begun.
    investing = Q(stage__in=INVESTING_STAGES)
    overdue = Exists(
        Milestone.objects.filter(
            project=OuterRef("pk"), actual_on__isnull=True, planned_on__lt=today
        )
    )
    behind = Exists(
        Milestone.objects.filter(
            project=OuterRef("pk"),
            planned_on__lte=today,
            planned_investment__gt=OuterRef("invested"),
        )
    )
    # Written flat (not in terms of the other annotations) so each subquery runs once per row.
    expressions = {
        "warning": Case(
            When(active & (Q(last_progress_on__lt=red_cut) | overdue), then=Value(RED)),
            When(
                (active & Q(last_progress_on__lt=yellow_cut)) | (investing & behind),
                then=Value(YELLOW),
            ),
            default=Value(0),
            output_field=IntegerField(),
        )
    }
    if not select:
        return qs.alias(**expressions)
    return qs.annotate(
        warn_stalled=Case(
            When(active & Q(last_progress_on__lt=red_cut), then=Value(RED)),
            When(active & Q(last_progress_on__lt=yellow_cut), then=Value(YELLOW)),
            default=Value(0),
            output_field=IntegerField(),
        ),
        warn_overdue=overdue,
        warn_behind=behind,
        **expressions,
    )


def warning_labels(project: Project, rule: WarningRule | None = None) -> list[str]:
    """The reasons behind an annotated project's warning, for display."""
    labels = []
    if getattr(project, "warn_stalled", 0):
        labels.append("进展停滞")
    if getattr(project, "warn_overdue", False) and project.stage in ACTIVE_STAGES:
        labels.append("节点逾期")
    if getattr(project, "warn_behind", False) and project.stage in INVESTING_STAGES:
        labels.append("投资滞后")
    return labels


# --- lists ------------------------------------------------------------------------------

LIST_RELATED = ("chain", "segment", "department", "park", "district", "responsible")


@dataclass
class ProjectFilters:
    """The library's filters, parsed once from a query string (or a dict) for the list, the
    board, the funnel, the export, the API and the command line, so they agree on counts.
    Values that cannot match anything ('²', huge ids, repeated keys) are dropped, never 500."""

    q: str = ""
    chain: str = ""
    kind: str = ""
    stage: str = ""
    region: str = ""
    source: str = ""
    department: int | None = None
    key: bool = False
    warning: str = ""

    @classmethod
    def from_query(cls, params: Mapping | None) -> ProjectFilters:
        if isinstance(params, ProjectFilters):
            return params
        params = params or {}

        def text(key: str, max_length: int = 100) -> str:
            return query_text(params, key, max_length=max_length)

        kind, stage, warning = text("kind"), text("stage"), text("warning")
        return cls(
            q=text("q"),
            chain=text("chain", 30).upper(),
            kind=kind if kind in Kind.values else "",
            stage=stage if stage in Stage.values else "",
            region=text("region", 12),
            source=text("source", 50),
            department=parse_id(text("department", 30)),
            key=text("key") in ("1", "true", "on"),
            warning=warning if warning in WARNING_FILTERS else "",
        )

    def query(self, **override) -> str:
        """These filters as a query string (links keep them), without empty values."""
        values = {**asdict(self), **override}
        values["key"] = "1" if values["key"] else ""
        return urlencode({k: v for k, v in values.items() if v not in ("", None, False)})


def filter_projects(qs: QuerySet, params: Mapping | ProjectFilters) -> QuerySet:
    """Narrow `qs` by the filters. Expects `with_warnings` applied when `warning` is given."""
    f = ProjectFilters.from_query(params)
    if f.q:
        qs = qs.filter(
            Q(name__icontains=f.q)
            | Q(investor_name__icontains=f.q)
            | Q(source_region__icontains=f.q)
        )
    if f.chain:
        qs = qs.filter(chain__code=f.chain)
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.stage:
        qs = qs.filter(stage=f.stage)
    if f.region:
        qs = qs.filter(district__code=f.region)
    if f.source:
        qs = qs.filter(source_region__icontains=f.source)
    if f.department is not None:
        qs = qs.filter(department_id=f.department)
    if f.key:
        qs = qs.filter(is_key=True)
    if f.warning == "red":
        qs = qs.filter(warning=RED)
    elif f.warning == "yellow":
        qs = qs.filter(warning=YELLOW)
    elif f.warning == "any":
        qs = qs.filter(warning__gt=0)
    elif f.warning == "none":
        qs = qs.filter(warning=0)
    return qs


def filtered_projects(user, params: Mapping | ProjectFilters) -> QuerySet:
    """The user's projects narrowed by the filters (warnings usable in filters, not selected);
    the funnel counts these, the list pages through them."""
    return filter_projects(with_warnings(visible_projects(user), select=False), params)


def project_list(user, params: Mapping | ProjectFilters) -> QuerySet:
    """Every matching project with its warnings (exports, the command line)."""
    qs = with_warnings(visible_projects(user)).select_related(*LIST_RELATED)
    return filter_projects(qs, params).order_by("-updated_at", "-id")


def project_page(user, params: Mapping | ProjectFilters, number, per_page: int) -> Page:
    """One page of the library: page through ids alone (cheap at any offset), then load
    and annotate just the rows shown."""
    ids = (
        filtered_projects(user, params).order_by("-updated_at", "-id").values_list("id", flat=True)
    )
    page = Paginator(ids, per_page).get_page(number)
    wanted = list(page.object_list)
    rows = with_warnings(Project.objects.filter(pk__in=wanted)).select_related(*LIST_RELATED)
    by_id = {p.pk: p for p in rows}
    page.object_list = [by_id[pk] for pk in wanted if pk in by_id]
    for p in page.object_list:
        p.warning_text = "、".join(warning_labels(p))
    return page


def board(user, params: Mapping | ProjectFilters, *, per_stage: int = 30) -> list[dict]:
    """The pipeline board: per stage its count and the most recently moved projects."""
    f = replace(ProjectFilters.from_query(params), stage="")
    filtered = filter_projects(with_warnings(visible_projects(user), select=False), f).order_by()
    counts = dict(filtered.values_list("stage").annotate(n=Count("id")))
    stages = [*PIPELINE, Stage.DROPPED]
    ids = {
        stage: list(
            filtered.filter(stage=stage)
            .order_by("-stage_since", "-id")
            .values_list("id", flat=True)[:per_stage]
        )
        for stage in stages
    }
    wanted = [pk for stage_ids in ids.values() for pk in stage_ids]
    rows = with_warnings(Project.objects.filter(pk__in=wanted)).select_related("chain")
    by_id = {p.pk: p for p in rows}
    for p in by_id.values():
        p.warning_text = "、".join(warning_labels(p))
    return [
        {
            "stage": stage,
            "label": Stage(stage).label,
            "count": counts.get(stage, 0),
            "items": [by_id[pk] for pk in ids[stage] if pk in by_id],
        }
        for stage in stages
    ]


def funnel(qs: QuerySet) -> list[dict]:
    """Count and planned investment by current stage, and how many reached at least it."""
    rows = {
        r["stage"]: r
        for r in qs.order_by()
        .values("stage")
        .annotate(count=Count("id"), planned=Sum("planned_investment"), invested=Sum("invested"))
    }
    result, reached = [], 0
    for stage in reversed(PIPELINE):
        row = rows.get(stage, {})
        reached += row.get("count", 0)
        result.append(
            {
                "stage": stage,
                "label": Stage(stage).label,
                "count": row.get("count", 0),
                "reached": reached,
                "planned": row.get("planned") or 0,
                "invested": row.get("invested") or 0,
            }
        )
    result.reverse()
    dropped = rows.get(Stage.DROPPED, {})
    result.append(
        {
            "stage": Stage.DROPPED,
            "label": Stage.DROPPED.label,
            "count": dropped.get("count", 0),
            "reached": None,
            "planned": dropped.get("planned") or 0,
            "invested": dropped.get("invested") or 0,
        }
    )
    return result


def period_totals(qs: QuerySet, start: datetime.date, end: datetime.date) -> dict:
    """Signed, started and in production within [start, end], and the amount invested then."""
    counts = qs.order_by().aggregate(
        signed=Count("id", filter=Q(signed_on__range=(start, end))),
        started=Count("id", filter=Q(started_on__range=(start, end))),
        in_production=Count("id", filter=Q(production_on__range=(start, end))),
    )
    invested = ProgressEntry.objects.filter(
        project__in=qs.order_by().values("id"), reported_on__range=(start, end)
    ).aggregate(total=Sum("invested_increment"))["total"]
    return {**counts, "invested": invested or 0, "start": start, "end": end}


def chain_project_summary(chain_ids: Iterable[int]) -> dict[int, dict]:
    """Per chain: project count, counts by stage, red and yellow warnings, invested and
    planned investment (万元). One grouped query; for the cockpit and the chain page."""
    ids = list(chain_ids)
    result = {
        cid: {
            "total": 0,
            "by_stage": dict.fromkeys(Stage.values, 0),
            "red": 0,
            "yellow": 0,
            "invested": 0,
            "planned": 0,
        }
        for cid in ids
    }
    rows = (
        with_warnings(Project.objects.filter(chain_id__in=ids))
        .order_by()
        .values("chain_id", "stage")
        .annotate(
            n=Count("id"),
            red=Count("id", filter=Q(warning=RED)),
            yellow=Count("id", filter=Q(warning=YELLOW)),
            invested=Sum("invested"),
            planned=Sum("planned_investment"),
        )
    )
    for r in rows:
        s = result[r["chain_id"]]
        s["total"] += r["n"]
        s["by_stage"][r["stage"]] = r["n"]
        s["red"] += r["red"]
        s["yellow"] += r["yellow"]
        s["invested"] += r["invested"] or 0
        s["planned"] += r["planned"] or 0
    return result


def leads_by_company_code(chain) -> dict[str, Project]:
    """The chain's projects by national-graph company code (the newest live one wins), so the
    target list can show that a lead exists and its stage."""
    found: dict[str, Project] = {}
    qs = (
        Project.objects.filter(chain=chain)
        .exclude(investor_company_code="")
        .only("id", "name", "stage", "investor_company_code", "chain_id")
        .order_by("id")
    )
    for p in qs:
        old = found.get(p.investor_company_code)
        if old is None or old.stage == Stage.DROPPED or p.stage != Stage.DROPPED:
            found[p.investor_company_code] = p
    return found


def department_warnings(user) -> QuerySet:
    """Projects with a warning in the user's scope, by responsible department (a handler
    or head sees only their own department's)."""
    qs = with_warnings(visible_projects(user)).filter(warning__gt=0)
    if is_department_member(user):
        qs = qs.filter(department_id=user.department_id)
    return qs.select_related(*LIST_RELATED).order_by("department__name", "-warning", "name")


def major_under_construction(qs: QuerySet) -> QuerySet:
    """在建重大项目清单: major projects that have started and are not yet in production."""
    return qs.filter(kind="major", stage=Stage.STARTED).order_by(
        "chain__sort", "chain__code", "name"
    )


def key_attraction(qs: QuerySet) -> QuerySet:
    """重点招商项目清单: key investment-attraction projects still being pursued or delivered."""
    return (
        qs.filter(kind="attraction", is_key=True)
        .exclude(stage__in=[Stage.DROPPED, Stage.IN_PRODUCTION])
        .order_by("chain__sort", "chain__code", "name")
    )
