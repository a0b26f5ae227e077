"""chainchief evaluation run YEAR-Qn [--publish] computes (and publishes) a new version."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from chainchief.evaluation.models import Run


def test_run_computes_publishes_and_prints_the_ranking(city):
    out = io.StringIO()
    call_command("evaluation", "run", "2026-Q3", "--publish", stdout=out, stderr=io.StringIO())
    run = Run.objects.get()
    assert (run.period, run.number, run.status) == ("2026Q3", 1, "published")
    lines = out.getvalue().splitlines()
    assert "第1版（已发布）" in lines[0]
    assert lines[1].split()[:3] == ["1", "输变电装备", "99.00"]


def test_a_second_run_is_a_new_draft_version(city):
    call_command(
        "evaluation", "run", "2026Q3", "--publish", stdout=io.StringIO(), stderr=io.StringIO()
    )
    call_command("evaluation", "run", "2026Q3", stdout=io.StringIO(), stderr=io.StringIO())
    assert list(Run.objects.order_by("number").values_list("number", "status")) == [
        (1, "published"),
        (2, "draft"),
    ]


def test_a_period_without_a_system_is_refused_in_chinese(city):
    with pytest.raises(CommandError, match="没有 2025 年的指标体系"):
        call_command("evaluation", "run", "2025Q4", stdout=io.StringIO(), stderr=io.StringIO())
