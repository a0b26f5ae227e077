"""Reads of the evaluation for pages, the API, exports, commands and reports.

Who sees what (the chain scoping itself is accounts.scoping):
- the ranking board of a published run: everyone with chain pages (not enterprise contacts);
  draft runs: the chain office, general chiefs and auditors only;
- a chain's scorecard: whoever may see the chain (`get_chain_for_user`), 404 otherwise;
- edits (systems, runs, values, comments, ledger): the chain office (`can_manage_city`);
- signing comments: general chiefs.
"""

from __future__ import annotations

from collections import OrderedDict, defaultdict
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404

from chainchief.accounts.models import Role
from chainchief.accounts.scoping import SEE_ALL, can_manage_city, get_chain_for_user  # noqa: F401
from chainchief.evaluation.models import (
    POSITIVE_KINDS,
    ChainResult,
    Comment,
    Incentive,
    IndicatorResult,
    IndicatorSystem,
    Run,
)
from chainchief.evaluation.periods import PeriodError, parse_period


def can_view_board(user) -> bool:
    return (
        user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.role != Role.ENTERPRISE_CONTACT)
    )


def can_see_drafts(user) -> bool:
    return user.is_authenticated and (user.is_superuser or user.role in SEE_ALL)


def can_sign(user) -> bool:
    return user.is_authenticated and (user.is_superuser or user.role == Role.GENERAL_CHIEF)


def require_board(user) -> None:
    if not can_view_board(user):
        raise Http404("页面不存在或无权查看")


def require_editor(user) -> None:
    if not can_manage_city(user):
        raise PermissionDenied("仅产业链推进办公室可执行此操作")


def visible_runs(user):
    if not can_view_board(user):
        return Run.objects.none()
    qs = Run.objects.select_related("system")
    if can_see_drafts(user):
        return qs
    return qs.filter(status=Run.Status.PUBLISHED)


def get_run_for_user(user, pk) -> Run:
    if not str(pk).isdigit():
        raise Http404("考评不存在或无权查看")
    run = visible_runs(user).filter(pk=pk).first()
    if run is None:
        raise Http404("考评不存在或无权查看")
    return run


BOARD_RUN_CHOICES = 20


def board_runs(user, pk) -> tuple[Run, list[Run]]:
    """The run of a board page and the runs its selector offers (the newest that did not
    fail), each with `system_name`; 404 when the user may not see the run.

    One hand-written statement: the board is the page the whole meeting opens at once, and
    the ORM took ten times longer to build this query than the database to answer it."""
    if not str(pk).isdigit() or not can_view_board(user):
        raise Http404("考评不存在或无权查看")
    runs, systems = Run._meta.db_table, IndicatorSystem._meta.db_table
    drafts = can_see_drafts(user)
    # Without the right to see drafts, both the run and the choices are published ones.
    inner, outer = ("", "") if drafts else ("AND status = %s", "AND r.status = %s")
    sql = (
        f"SELECT r.id, r.period, r.number, r.status, r.computed_at, r.system_id, "
        f"s.name AS system_name FROM {runs} r JOIN {systems} s ON s.id = r.system_id "
        f"WHERE (r.id = %s OR r.id IN (SELECT id FROM {runs} WHERE status <> %s {inner} "
        f"ORDER BY period DESC, number DESC, id DESC LIMIT %s)) {outer} "
        f"ORDER BY r.period DESC, r.number DESC, r.id DESC"
    )
    published = [] if drafts else [Run.Status.PUBLISHED]
    params = [int(pk), Run.Status.FAILED, *published, BOARD_RUN_CHOICES, *published]
    found = list(Run.objects.raw(sql, params))
    run = next((r for r in found if r.pk == int(pk)), None)
    if run is None:
        raise Http404("考评不存在或无权查看")
    choices = [r for r in found if r.status != Run.Status.FAILED][:BOARD_RUN_CHOICES]
    return run, choices


def current_run(user) -> Run | None:
    """The newest published run (or, for those who see drafts and when none is published, the newest)."""
    runs = visible_runs(user).exclude(status__in=[Run.Status.COMPUTING, Run.Status.FAILED])
    return (
        runs.filter(status=Run.Status.PUBLISHED).order_by("-period", "-number").first()
        or runs.order_by("-period", "-number").first()
    )


def previous_run(run: Run) -> Run | None:
    """The latest published run of the period before, in the same system (for the arrows)."""
    try:
        before = parse_period(run.period).previous()
    except PeriodError:
        return None
    if before is None:
        return None
    return (
        Run.objects.filter(
            system__name=run.system.name, period=before.code, status=Run.Status.PUBLISHED
        )
        .order_by("-number")
        .first()
    )


_UNSET = object()


def ranking(run: Run, *, previous=_UNSET) -> list[dict]:
    """Every chain: total, rank, grade, board, dimensions, and the move against the last run
    (`previous`, found when not given), from the runs' stored results."""
    before = previous_run(run) if previous is _UNSET else previous
    old = {}
    if before is not None:
        old = {r.chain_id: r for r in ChainResult.objects.filter(run=before)}
    rows = []
    for r in (
        ChainResult.objects.filter(run=run)
        .select_related("chain")
        .order_by("rank", "chain__sort", "chain__code")
    ):
        prev = old.get(r.chain_id)
        move = None if prev is None else prev.rank - r.rank
        rows.append({"result": r, "chain": r.chain, "previous": prev, "move": move})
    return rows


def dimension_names(run: Run) -> list[str]:
    names = (
        IndicatorResult.objects.filter(run=run).order_by("id").values_list("dimension", flat=True)
    )
    return list(OrderedDict.fromkeys(names))


def dimension_max(run: Run) -> dict[str, float]:
    """The weight a dimension can reach (its weighted indicators), for the radar's axes."""
    first = IndicatorResult.objects.filter(run=run).values("chain_id").order_by("chain_id").first()
    if first is None:
        return {}
    result: dict[str, float] = defaultdict(float)
    for dim, weight in IndicatorResult.objects.filter(
        run=run, chain_id=first["chain_id"]
    ).values_list("dimension", "weight"):
        result[dim] += float(weight)
    return dict(result)


def radar_option(run: Run, result: ChainResult, names: list[str], maxima: dict[str, float]) -> dict:
    values = [round(float(result.dimensions.get(n, 0)), 2) for n in names]
    return {
        "tooltip": {},
        "radar": {
            "indicator": [{"name": n, "max": max(maxima.get(n, 0) * 1.2, 1)} for n in names],
            "radius": "62%",
            "axisName": {"fontSize": 10},
        },
        "series": [
            {
                "type": "radar",
                "data": [{"value": values, "name": result.chain.name}],
                "areaStyle": {"opacity": 0.25},
            }
        ],
    }


def scorecard(run: Run, chain) -> dict:
    """The chain's stored result and indicator results in the run (two queries)."""
    results = list(
        ChainResult.objects.filter(run=run).only(
            "id", "chain_id", "total", "rank", "grade", "veto_reason", "dimensions"
        )
    )
    result = next((r for r in results if r.chain_id == chain.pk), None)
    if result is None:
        raise Http404("该产业链未参加本次考评")
    result.chain = chain
    groups: OrderedDict[str, list[IndicatorResult]] = OrderedDict()
    for r in IndicatorResult.objects.filter(run=run, chain=chain).defer("rows").order_by("id"):
        groups.setdefault(r.dimension, []).append(r)
    return {"result": result, "groups": groups, "n_chains": len(results)}


def get_indicator_result(run: Run, chain, pk) -> IndicatorResult:
    r = IndicatorResult.objects.filter(run=run, chain=chain, pk=pk).first()
    if r is None:
        raise Http404("指标不存在")
    return r


def get_scorecard_for_user(user, run_pk, chain_code):
    run = get_run_for_user(user, run_pk)
    chain = get_chain_for_user(user, code=chain_code)
    return run, chain


def visible_comment(user, run: Run, chain) -> Comment | None:
    """Signed comments for whoever sees the scorecard; drafts for the office and general chiefs."""
    comment = Comment.objects.filter(run=run, chain=chain).select_related("signed_by").first()
    if comment is None:
        return None
    if comment.status == Comment.Status.SIGNED or can_see_drafts(user):
        return comment
    return None


def run_diff(old: Run, new: Run) -> dict:
    """What changed between two versions: per chain the totals and ranks, and the indicators
    whose value or points differ."""
    old_chain = {r.chain_id: r for r in ChainResult.objects.filter(run=old)}
    old_ind = {
        (r.chain_id, r.code): r for r in IndicatorResult.objects.filter(run=old).defer("rows")
    }
    chains = []
    for r in ChainResult.objects.filter(run=new).select_related("chain").order_by("rank"):
        before = old_chain.get(r.chain_id)
        changed = []
        for ir in (
            IndicatorResult.objects.filter(run=new, chain_id=r.chain_id)
            .defer("rows")
            .order_by("id")
        ):
            prev = old_ind.get((r.chain_id, ir.code))
            if prev is None or prev.value != ir.value or prev.points != ir.points:
                changed.append(
                    {
                        "code": ir.code,
                        "name": ir.name,
                        "unit": ir.unit,
                        "value_before": prev.value if prev else None,
                        "value_after": ir.value,
                        "points_before": prev.points if prev else None,
                        "points_after": ir.points,
                    }
                )
        chains.append(
            {
                "chain": r.chain,
                "before": before.total if before else None,
                "after": r.total,
                "rank_before": before.rank if before else None,
                "rank_after": r.rank,
                "grade_before": before.grade if before else "",
                "grade_after": r.grade,
                "indicators": changed,
            }
        )
    return {"old": old, "new": new, "chains": chains}


def ledger(params) -> QuerySet:
    qs = Incentive.objects.select_related("run", "chain", "person").order_by("-decided_on", "-id")
    if params.get("chain"):
        qs = qs.filter(chain__code=params["chain"])
    if params.get("kind"):
        qs = qs.filter(kind=params["kind"])
    if params.get("year", "").isdigit():
        qs = qs.filter(decided_on__year=int(params["year"]))
    if params.get("q"):
        q = params["q"].strip()
        qs = qs.filter(
            Q(text__icontains=q) | Q(person__full_name__icontains=q) | Q(chain__name__icontains=q)
        )
    return qs


def cadre_counts() -> list[dict]:
    """Per cadre and year: positive and negative decisions and the money (万元)."""
    rows = (
        Incentive.objects.filter(person__isnull=False)
        .values("person_id", "person__full_name", "person__username", "decided_on__year")
        .annotate(
            positive=Count("id", filter=Q(kind__in=POSITIVE_KINDS)),
            negative=Count("id", filter=~Q(kind__in=POSITIVE_KINDS)),
            amount=Sum("amount"),
        )
        .order_by("person__full_name", "decided_on__year")
    )
    return [
        {
            "person": r["person__full_name"] or r["person__username"],
            "year": r["decided_on__year"],
            "positive": r["positive"],
            "negative": r["negative"],
            "amount": r["amount"] or Decimal(0),
        }
        for r in rows
    ]


def chain_incentives(chain) -> list[Incentive]:
    return list(
        Incentive.objects.filter(chain=chain)
        .select_related("run", "person")
        .order_by("-decided_on")[:10]
    )


def chain_history(chain, user) -> list[ChainResult]:
    """The chain's results in published runs, newest first (the chain page's panel)."""
    return list(
        ChainResult.objects.filter(
            chain=chain, run__in=visible_runs(user).filter(status=Run.Status.PUBLISHED)
        )
        .select_related("run")
        .order_by("-run__period", "-run__number")[:4]
    )


def visible_chain_codes(user) -> set[str] | None:
    """None: every chain's scorecard opens; otherwise only these (a chief's own)."""
    from chainchief.accounts.scoping import visible_chain_ids, visible_chains

    if visible_chain_ids(user) is None:
        return None
    return set(visible_chains(user).values_list("code", flat=True))


def fill_labels(rows: list[dict]) -> list[dict]:
    """Case rows are stored without a label (a run may count 100,000 of them); look the titles
    up for the rows about to be shown."""
    missing = [r["id"] for r in rows if r.get("type") == "case" and not r.get("label")]
    if missing:
        from django.apps import apps

        Case = apps.get_model("casework", "Case")
        found = Case.objects.filter(id__in=missing).values_list("id", "number", "title")
        titles = {pk: f"{number} {title}" if number else title for pk, number, title in found}
        for r in rows:
            if r.get("type") == "case" and not r.get("label"):
                r["label"] = titles.get(r["id"], f"#{r['id']}")
    return rows
