"""The library page costs the same few queries at any size (no N+1)."""

from __future__ import annotations

import datetime

import pytest

from chainchief.projects import services
from chainchief.projects.models import Project
from tests.factories import DistrictFactory, ParkFactory
from tests.projects.conftest import login


def _fill(make_project, office, department, n: int, start: int = 0) -> None:
    park = ParkFactory(name="高新区", district=DistrictFactory())
    for i in range(start, start + n):
        p = make_project(f"项目{i}", park=park, department=department, responsible=office)
        services.add_milestone(
            project=p, by=office, name="开工", planned_on=datetime.date(2024, 1, 1)
        )


@pytest.mark.parametrize("url", ["/projects/", "/projects/?warning=red", "/projects/board/",
                                 "/projects/funnel/", "/projects/warnings/"])  # fmt: skip
def test_pages_do_not_grow_with_rows(
    client, office, make_project, department, url, django_assert_max_num_queries
):
    login(client, office)
    _fill(make_project, office, department, 3)
    with django_assert_max_num_queries(25) as few:
        assert client.get(url).status_code == 200
    _fill(make_project, office, department, 40, start=3)
    assert Project.objects.count() == 43
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200


def test_the_api_list_does_not_grow_with_rows(
    client, office, make_project, department, django_assert_max_num_queries
):
    login(client, office)
    _fill(make_project, office, department, 2)
    with django_assert_max_num_queries(20) as few:
        client.get("/api/projects/")
    _fill(make_project, office, department, 30, start=2)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(client.get("/api/projects/").json()["items"]) == 32
