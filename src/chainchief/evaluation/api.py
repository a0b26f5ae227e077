"""JSON API of the review meeting: runs, a run's ranking, a chain's scorecard with the formula
of every number. Same scoping as the pages (drafts for the office, general chiefs and
auditors; a scorecard only for those who see the chain)."""

from __future__ import annotations

from decimal import Decimal

from ninja import Router, Schema

from chainchief.accounts.access import access, scoped
from chainchief.evaluation import selectors
from chainchief.evaluation.models import IndicatorResult

router = Router(tags=["点评会考评"])


class RunOut(Schema):
    id: int
    system: str
    period: str
    number: int
    status: str


class RankOut(Schema):
    chain: str
    name: str
    rank: int
    total: Decimal
    grade: str
    board: str
    veto_reason: str
    dimensions: dict
    move: int | None


class ScoreOut(Schema):
    code: str
    name: str
    dimension: str
    unit: str
    method: str
    weight: Decimal
    value: Decimal | None
    target: Decimal | None
    rank: int | None
    points: Decimal
    formula: str
    rows: int


@router.get("/runs", response=list[RunOut], summary="考评列表（按权限过滤）")
@access(scoped("evaluation"))
def runs(request):
    selectors.require_board(request.user)
    return [
        RunOut(id=r.pk, system=r.system.name, period=r.period, number=r.number, status=r.status)
        for r in selectors.visible_runs(request.user)[:100]
    ]


@router.get("/runs/{run_id}/ranking", response=list[RankOut], summary="一次考评的排名")
@access(scoped("evaluation"))
def ranking(request, run_id: str):
    selectors.require_board(request.user)
    run = selectors.get_run_for_user(request.user, run_id)
    return [
        RankOut(
            chain=row["chain"].code,
            name=row["chain"].name,
            rank=row["result"].rank,
            total=row["result"].total,
            grade=row["result"].grade,
            board=row["result"].board,
            veto_reason=row["result"].veto_reason,
            dimensions=row["result"].dimensions,
            move=row["move"],
        )
        for row in selectors.ranking(run)
    ]


@router.get("/runs/{run_id}/chains/{code}", response=list[ScoreOut], summary="一条产业链的记分卡")
@access(scoped("chain"))
def scorecard(request, run_id: str, code: str):
    run, chain = selectors.get_scorecard_for_user(request.user, run_id, code)
    selectors.scorecard(run, chain)  # 404 when the chain was not in the run
    return [
        ScoreOut(
            code=r.code,
            name=r.name,
            dimension=r.dimension,
            unit=r.unit,
            method=r.method,
            weight=r.weight,
            value=r.value,
            target=r.target,
            rank=r.rank,
            points=r.points,
            formula=r.formula,
            rows=len(r.rows),
        )
        for r in IndicatorResult.objects.filter(run=run, chain=chain).order_by("id")
    ]
