"""The board's cached ranking serves a draft and its published run alike, but the page
around it follows the run at once: publishing shows 已发布 and removes the publish button,
a new version appears in the run selector, and a failed run is not offered."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from chainchief.evaluation import services
from chainchief.evaluation.models import Run
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _board(client, run) -> str:
    response = client.get(reverse("evaluation:run", args=[run.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _options(page: str) -> list[str]:
    select = page.split('data-testid="run-select"')[1].split("</select>")[0]
    return re.findall(r'<option value="(\d+)"', select)


def test_publishing_shows_at_once_on_the_board(client, city, computed_run):
    client.login(username=city.office.username, password=PASSWORD)
    draft = _board(client, computed_run)
    assert 'data-testid="publish"' in draft
    assert re.search(r'data-testid="run-status">草稿<', draft)
    services.publish_run(run=computed_run, by=city.office)
    published = _board(client, computed_run)
    assert 'data-testid="publish"' not in published
    assert re.search(r'data-testid="run-status">已发布<', published)
    assert 'data-testid="total-PWR"' in published


def test_a_new_version_is_offered_and_a_failed_one_is_not(client, city, computed_run):
    client.login(username=city.office.username, password=PASSWORD)
    assert _options(_board(client, computed_run)) == [str(computed_run.pk)]
    second = services.compute_run(
        run=services.create_run(system=city.system, period="2026Q3", by=city.office)
    )
    failed = services.create_run(system=city.system, period="2026Q3", by=city.office)
    services.fail_run(run=failed, error="测试失败")
    assert _options(_board(client, computed_run)) == [str(second.pk), str(computed_run.pk)]
    assert Run.objects.get(pk=failed.pk).status == Run.Status.FAILED
    failed_page = _board(client, failed)
    assert _options(failed_page) == [str(second.pk), str(computed_run.pk)]
