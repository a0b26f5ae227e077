"""The list, the board, the funnel, the export and the API read one filter parser, so the
same query gives the same counts everywhere (and the URL keeps the filters)."""

from __future__ import annotations

import re
from io import BytesIO

import pytest
from openpyxl import load_workbook

from chainchief.projects.models import Kind, Milestone, Stage
from tests.factories import ChainFactory
from tests.projects.conftest import login


@pytest.fixture
def pipeline(chain, office, make_project, department):
    other = ChainFactory(code="POWER", name="电力装备")
    make_project("线索甲", kind=Kind.MAJOR, department=department)
    make_project("洽谈乙", stage=Stage.NEGOTIATING, kind=Kind.MAJOR)
    make_project("签约丙", stage=Stage.SIGNED)
    make_project("开工丁", stage=Stage.STARTED, kind=Kind.MAJOR, department=department)
    for i, stage in enumerate([Stage.LEAD, Stage.SIGNED, Stage.SIGNED]):
        make_project(f"电力{i}", chain=other, stage=stage, kind=Kind.MAJOR)
    late = make_project("逾期戊", stage=Stage.NEGOTIATING, kind=Kind.MAJOR)
    Milestone.objects.create(project=late, name="签约", planned_on="2020-01-01")
    return other


def _list_count(client, query: str) -> int:
    page = client.get(f"/projects/?{query}").content.decode()
    return len(re.findall(r'data-testid="project-row"', page))


def _board_counts(client, query: str) -> dict[str, int]:
    page = client.get(f"/projects/board/?{query}").content.decode()
    found = re.findall(
        r'data-testid="board-column-(\w+)">\s*<h2>[^<]*<span class="muted">(\d+)</span>', page
    )
    return {stage: int(n) for stage, n in found}


def _funnel_counts(client, query: str) -> dict[str, int]:
    page = client.get(f"/projects/funnel/?{query}").content.decode()
    return {s: int(n) for s, n in re.findall(r'data-testid="funnel-count-(\w+)">(\d+)<', page)}


@pytest.mark.parametrize(
    "query",
    ["", "chain=POWER", "kind=", "kind=major", "warning=red", "chain=PWR&kind=major",
     "department={dep}", "q=电力&kind=major", "kind=major&kind=attraction"],
)  # fmt: skip
def test_list_board_funnel_and_api_agree_for_the_same_query(
    client, office, pipeline, department, query
):
    query = query.format(dep=department.pk)
    login(client, office)
    board = _board_counts(client, query)
    funnel = _funnel_counts(client, query)
    for stage in [*[s for s in Stage.values if s != Stage.DROPPED], Stage.DROPPED]:
        listed = _list_count(client, f"{query}&stage={stage}")
        api = client.get(f"/api/projects/?{query}&stage={stage}").json()["count"]
        assert board[stage] == funnel[stage] == listed == api, (stage, query)
    assert sum(board.values()) == client.get(f"/api/projects/?{query}").json()["count"]


def test_the_board_filters_by_chain_kind_and_warning(client, office, pipeline):
    login(client, office)
    assert _board_counts(client, "chain=POWER")[Stage.SIGNED] == 2
    assert _board_counts(client, "kind=")[Stage.SIGNED] == 3
    red = _board_counts(client, "warning=red")
    assert red[Stage.NEGOTIATING] == 1 and sum(red.values()) == 1


def test_the_export_follows_the_same_filters(client, office, pipeline):
    login(client, office)
    response = client.get("/projects/export.xlsx?chain=POWER&stage=signed")
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert sorted(r[0] for r in rows[1:]) == ["电力1", "电力2"]


def test_the_tabs_keep_the_filters_in_the_url(client, office, pipeline):
    login(client, office)
    page = client.get("/projects/board/?chain=POWER&kind=major").content.decode()
    assert 'href="/projects/?chain=POWER&amp;kind=major"' in page
    assert 'href="/projects/funnel/?chain=POWER&amp;kind=major"' in page
    assert '<option value="major" selected>' in page


def test_filters_reach_the_warning_annotation_without_selecting_it(office, pipeline):
    from chainchief.projects import selectors

    f = selectors.ProjectFilters.from_query({"warning": ["red"], "kind": ["major"]})
    assert f.warning == "red" and f.kind == "major"
    assert [p.name for p in selectors.project_list(office, f)] == ["逾期戊"]
