"""A repeat visit to the ranking board costs four queries in all, whatever the number of
chains and runs: the session, the user, the run with the selector's runs, and the layout's
one statement (data version and unread count)."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chainchief.evaluation import services
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _queries(client, url) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return [q["sql"] for q in queries.captured_queries]


def test_a_repeat_visit_takes_four_queries(client, city, computed_run):
    client.login(username=city.office.username, password=PASSWORD)
    url = reverse("evaluation:run", args=[computed_run.pk])
    _queries(client, url)
    sqls = _queries(client, url)
    assert len(sqls) <= 4, sqls
    assert len([s for s in sqls if re.search(r"\bevaluation_run\b", s)]) == 1


def test_more_runs_do_not_add_queries(client, city, computed_run):
    client.login(username=city.office.username, password=PASSWORD)
    url = reverse("evaluation:run", args=[computed_run.pk])
    _queries(client, url)
    few = _queries(client, url)
    for _ in range(3):
        services.compute_run(
            run=services.create_run(system=city.system, period="2026Q3", by=city.office)
        )
    _queries(client, url)
    many = _queries(client, url)
    assert len(many) == len(few)
