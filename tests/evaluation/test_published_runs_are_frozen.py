"""A published run is frozen: later data changes do not alter it, and a re-run is a new version."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from chainchief.enterprises.models import MonthlyIndicator
from chainchief.evaluation import selectors, services
from chainchief.evaluation.models import ChainResult, Run


def test_a_published_run_keeps_its_scores_when_the_data_changes(city, computed_run):
    run = services.publish_run(run=computed_run, by=city.office)
    assert run.status == Run.Status.PUBLISHED and run.published_by == city.office
    MonthlyIndicator.objects.filter(enterprise__chains=city.chains["CAR"], month__year=2026).update(
        output_value=Decimal(5000)
    )
    assert ChainResult.objects.get(run=run, chain=city.chains["CAR"]).total == Decimal("12.00")
    with pytest.raises(services.EvaluationError, match="已发布的考评不可更改"):
        services.compute_run(run=run)


def test_a_rerun_makes_a_new_version_and_shows_the_difference(city, computed_run):
    services.publish_run(run=computed_run, by=city.office)
    MonthlyIndicator.objects.filter(
        enterprise__chains=city.chains["CAR"], month=datetime.date(2026, 1, 1)
    ).update(output_value=Decimal(60000))
    rerun = services.compute_run(
        run=services.create_run(system=city.system, period="2026-Q3", by=city.office)
    )
    assert (rerun.number, rerun.status) == (2, Run.Status.DRAFT)
    diff = selectors.run_diff(computed_run, rerun)
    car = next(d for d in diff["chains"] if d["chain"].code == "CAR")
    assert car["before"] == Decimal("12.00") and car["after"] > car["before"]
    assert any(c["code"] == "output_growth" for c in car["indicators"])
    bio = next(d for d in diff["chains"] if d["chain"].code == "BIO")
    assert bio["indicators"] == []


def test_publishing_twice_is_refused(city, computed_run):
    services.publish_run(run=computed_run, by=city.office)
    with pytest.raises(services.Conflict, match="只有草稿可以发布"):
        services.publish_run(run=Run.objects.get(pk=computed_run.pk), by=city.office)
