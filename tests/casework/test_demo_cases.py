"""The demo city gains cases with realistic timing, visits and pools, all labelled demo."""

from __future__ import annotations

import datetime

import pytest

from chainchief.casework.models import Case, State, Visit
from chainchief.demo import build_demo_city
from chainchief.pools.models import FinancingProduct, Partner, ResearchResult, TalentSupply

TODAY = datetime.date(2026, 5, 15)
_ZEROS = {"runs": 0, "comments": 0, "incentives": 0}


@pytest.mark.django_db
def test_the_demo_city_has_cases_in_every_state_and_full_pools(monkeypatch):
    # Other modules' demo data is theirs to test; this one is about cases and pools.
    monkeypatch.setattr("chainchief.demo.audit.build_demo_audit", lambda *a, **k: "")
    monkeypatch.setattr("chainchief.demo.evaluation.build_demo_evaluation", lambda *a, **k: _ZEROS)
    lines: list[str] = []
    build_demo_city(seed=7, enterprises=60, months=3, today=TODAY, progress=lines.append)
    assert any(line.startswith("问题交办") for line in lines)
    cases = Case.objects.all()
    assert cases.count() >= 50
    assert not cases.filter(is_demo=False).exists()
    states = set(cases.values_list("state", flat=True))
    assert {State.CLOSED, State.IN_PROGRESS} <= states
    assert cases.filter(closed_on_time=False, state=State.CLOSED).exists()  # some late
    assert cases.filter(raised_on__lt=TODAY - datetime.timedelta(days=300)).exists()
    assert Visit.objects.filter(is_demo=True).exists()
    for model in (TalentSupply, FinancingProduct, ResearchResult, Partner):
        assert 30 <= model.objects.filter(is_demo=True).count() <= 80, model
