"""The ranking board and the scorecard show a run's stored results: they never recompute a
data source, they take one or two queries of the evaluation's tables, and data changed after
the run does not move them."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chainchief.enterprises.models import MonthlyIndicator
from tests.factories import PASSWORD

SOURCE_TABLES = ("enterprises_monthlyindicator", "enterprises_enterprisetier", "projects_project")


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def _get(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    sqls = [q["sql"] for q in queries.captured_queries]
    return response.content.decode(), sqls


def _evaluation_queries(sqls: list[str]) -> list[str]:
    return [s for s in sqls if re.search(r'FROM "evaluation_', s)]


def test_the_board_reads_stored_rows_and_a_repeat_takes_two_evaluation_queries(
    client, city, computed_run
):
    client.login(username=city.office.username, password=PASSWORD)
    url = reverse("evaluation:run", args=[computed_run.pk])
    first, sqls = _get(client, url)
    assert not [s for s in sqls if any(t in s for t in SOURCE_TABLES)]
    again, sqls = _get(client, url)
    assert len(_evaluation_queries(sqls)) <= 2, _evaluation_queries(sqls)
    assert 'data-testid="total-PWR"' in again


def test_the_scorecard_reads_stored_rows_in_a_few_queries(client, city, computed_run):
    client.login(username=city.office.username, password=PASSWORD)
    url = reverse("evaluation:scorecard", args=[computed_run.pk, "PWR"])
    body, sqls = _get(client, url)
    assert not [s for s in sqls if any(t in s for t in SOURCE_TABLES)]
    assert len(_evaluation_queries(sqls)) <= 4, _evaluation_queries(sqls)
    assert 'data-testid="points-output_goal"' in body
    _, sqls = _get(client, url)
    assert len(_evaluation_queries(sqls)) <= 2, _evaluation_queries(sqls)


def test_data_entered_after_the_run_does_not_move_the_board_or_the_scorecard(
    client, city, computed_run
):
    client.login(username=city.office.username, password=PASSWORD)
    board_url = reverse("evaluation:run", args=[computed_run.pk])
    card_url = reverse("evaluation:scorecard", args=[computed_run.pk, "CAR"])
    board_before, _ = _get(client, board_url)
    card_before, _ = _get(client, card_url)
    enterprise = city.chains["CAR"].enterprises.first()
    MonthlyIndicator.objects.filter(enterprise=enterprise, month=datetime.date(2026, 9, 1)).update(
        output_value=Decimal(900000)
    )
    cache.clear()
    board_after, _ = _get(client, board_url)
    card_after, _ = _get(client, card_url)
    total = re.compile(r'data-testid="total-CAR">([^<]*)<')
    assert total.search(board_after)[1] == total.search(board_before)[1]
    points = re.compile(r'data-testid="points-output_growth">([^<]*)<')
    assert points.search(card_after)[1] == points.search(card_before)[1]
