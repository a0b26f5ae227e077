"""Who sees what: chain chiefs their own scorecard and the ranking board of published runs;
drafts and the editors for the office; outside scope a page answers 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from chainchief.evaluation import services
from tests.factories import PASSWORD


def _client(client, user):
    client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def published(city, computed_run):
    return services.publish_run(run=computed_run, by=city.office)


def test_the_office_sees_the_board_with_every_chain_and_its_radar(client, city, computed_run):
    response = _client(client, city.office).get(reverse("evaluation:run", args=[computed_run.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    for code in ("PWR", "BIO", "NEW", "CAR"):
        assert f'data-testid="radar-{code}"' in body
    assert 'data-testid="publish"' in body


def test_a_chain_chief_cannot_see_a_draft_run(client, city, computed_run):
    response = _client(client, city.users["chief"]).get(
        reverse("evaluation:run", args=[computed_run.pk])
    )
    assert response.status_code == 404


def test_a_chain_chief_sees_the_published_board_and_only_their_own_scorecard(
    client, city, published
):
    c = _client(client, city.users["chief"])
    board = c.get(reverse("evaluation:home"), follow=True)
    assert board.status_code == 200 and "新材料" in board.content.decode()
    own = c.get(reverse("evaluation:scorecard", args=[published.pk, "PWR"]))
    assert own.status_code == 200 and 'data-testid="card-total">99<' in own.content.decode()
    assert c.get(reverse("evaluation:scorecard", args=[published.pk, "NEW"])).status_code == 404


def test_an_enterprise_contact_gets_404_for_the_board(client, city, published):
    assert (
        _client(client, city.users["contact"])
        .get(reverse("evaluation:run", args=[published.pk]))
        .status_code
        == 404
    )


def test_the_drill_down_lists_the_counted_rows(client, city, published):
    from chainchief.evaluation.models import IndicatorResult

    r = IndicatorResult.objects.get(run=published, chain=city.chains["PWR"], code="started")
    body = (
        _client(client, city.users["chief"])
        .get(reverse("evaluation:drill_down", args=[published.pk, "PWR", r.pk]))
        .content.decode()
    )
    assert 'data-testid="drill-count">2 条' in body
    assert "输变电装备项目1" in body and "输变电装备项目2" in body and "旧项目" not in body


def test_only_the_office_publishes(client, city, computed_run):
    url = reverse("evaluation:run_publish", args=[computed_run.pk])
    assert _client(client, city.users["secretary"]).post(url).status_code == 403
    computed_run.refresh_from_db()
    assert computed_run.status == "draft"
    client.logout()
    _client(client, city.office).post(url)
    computed_run.refresh_from_db()
    assert computed_run.status == "published"


def test_the_general_chief_signs_a_comment_and_a_chief_cannot_open_the_editor(
    client, city, published
):
    from chainchief.evaluation.models import Comment

    comment = Comment.objects.get(run=published, chain=city.chains["CAR"])
    url = reverse("evaluation:comment", args=[published.pk, "CAR"])
    assert _client(client, city.users["chief"]).get(url).status_code == 404
    client.logout()
    c = _client(client, city.users["secretary"])
    c.post(
        url,
        {
            "action": "sign",
            "version": comment.version,
            "text": comment.text + "\n请汽车零部件链限期整改。",
        },
    )
    comment.refresh_from_db()
    assert comment.status == "signed" and comment.signed_by == city.users["secretary"]
    assert comment.text.endswith("请汽车零部件链限期整改。")


def test_the_ranking_exports_to_xlsx(client, city, published):
    import io

    from openpyxl import load_workbook

    response = _client(client, city.users["chief"]).get(
        reverse("evaluation:run_export", args=[published.pk])
    )
    wb = load_workbook(io.BytesIO(response.content))
    rows = list(wb.active.iter_rows(values_only=True))
    assert rows[2][:4] == (1, "输变电装备", 99, "优秀")
