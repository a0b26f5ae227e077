"""Every demo project satisfies the project service's rules, because the demo builds them
through it: moves one stage at a time from 线索, each reached stage dated by its move, a 签约
amount once signed, an invested amount at 投产 that equals the sum of its reports."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db.models import Sum

from chainchief.projects.models import PIPELINE, Project, Stage
from chainchief.projects.services import STAGE_DATE_FIELD, ProjectError, check_move
from tests.conftest import TODAY


@pytest.mark.django_db
def test_every_demo_project_satisfies_the_stage_and_investment_rules(shared_city):
    projects = list(Project.objects.prefetch_related("moves", "progress"))
    assert len(projects) > 50
    broken: list[str] = []
    for p in projects:
        stage, reached = Stage.LEAD, {Stage.LEAD}
        moves = sorted(p.moves.all(), key=lambda m: m.pk)
        for move in moves:
            try:
                check_move(stage, move.to_stage, reason=move.reason)
            except ProjectError as exc:
                broken.append(f"{p.name}: {exc}")
            if move.to_stage in STAGE_DATE_FIELD and move.to_stage != Stage.DROPPED:
                reached.add(move.to_stage)
                if getattr(p, STAGE_DATE_FIELD[move.to_stage]) != move.moved_on:
                    broken.append(f"{p.name}: {move.to_stage} 日期与变更记录不符")
            stage = move.to_stage
        if stage != p.stage:
            broken.append(f"{p.name}: 阶段 {p.stage} 与变更记录 {stage} 不符")
        if moves and p.stage_since != moves[-1].moved_on:
            broken.append(f"{p.name}: 阶段日期与最后一次变更不符")
        for st, field in STAGE_DATE_FIELD.items():
            value = getattr(p, field)
            if st in reached and value is None:
                broken.append(f"{p.name}: 缺少{field}")
            if p.stage != Stage.DROPPED and st not in reached and value is not None:
                broken.append(f"{p.name}: 未到达 {st} 却有{field}")
            if value is not None and value > TODAY:
                broken.append(f"{p.name}: {field} 晚于今天")
        if Stage.SIGNED in reached and not p.signed_amount:
            broken.append(f"{p.name}: 已签约却没有签约金额")
        if p.stage == Stage.IN_PRODUCTION and not p.invested:
            broken.append(f"{p.name}: 已投产却没有完成投资")
        entries = sorted(p.progress.all(), key=lambda e: e.pk)
        increments = sum((e.invested_increment for e in entries), Decimal(0))
        if increments != p.invested:
            broken.append(f"{p.name}: 完成投资 {p.invested} ≠ 进展增量之和 {increments}")
        to_date = [e.invested_to_date for e in entries if e.invested_to_date is not None]
        if to_date != sorted(to_date):
            broken.append(f"{p.name}: 累计完成投资下降")
    assert broken == []
    signed = Project.objects.filter(stage__in=PIPELINE[2:])
    assert signed.exists() and not signed.filter(signed_amount__isnull=True).exists()
    total = Project.objects.aggregate(s=Sum("invested"))["s"]
    assert total and total > 0
