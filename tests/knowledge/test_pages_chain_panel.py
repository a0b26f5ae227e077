"""The chain page's knowledge panel: the shell on the chain page, gap colours, and the gaps
fragment it loads (completeness, missing and weak segments, risks, term resolution)."""

from __future__ import annotations

import pytest
from django.test import Client

from chainchief.accounts.models import Role
from tests.factories import ChainFactory, assign, make_user

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def office():
    return client_for(make_user(Role.CHAIN_OFFICE))


def test_the_chain_page_renders_the_panel_shell_and_gap_badges(mini_graph, city, office):
    section = office.get(f"/chains/{city.chain.code}/targets/").content.decode()
    assert 'data-testid="chain-knowledge"' in section
    assert f'hx-get="/knowledge/chains/{city.chain.code}/gaps/"' in section
    response = office.get(f"/chains/{city.chain.code}/map/")
    html = response.content.decode()
    assert response.status_code == 200
    tree = {n.segment.name: n for nodes in response.context["tree"].values() for n in nodes}
    assert tree["铜材"].gap == {
        "class": "missing",
        "label": "缺链",
        "reasons": ["本地没有企业生产该环节产品"],
        "assigned": 0,
        "matched": 0,
    }
    assert tree["线圈"].gap["class"] == "strong"
    assert '<span class="badge missing">缺链</span>' in html
    # The map colours the missing segment red.
    assert "#c62828" in html


def test_the_gaps_fragment_explains_completeness_gaps_and_risks(mini_graph, city, office):
    html = office.get(f"/knowledge/chains/{city.chain.code}/gaps/").content.decode()
    assert 'data-testid="kg-completeness">50.0<' in html
    assert "末级环节权重合计（5）" in html
    missing = html.split('data-testid="kg-missing"')[1].split("</ul>")[0]
    weak = html.split('data-testid="kg-weak"')[1].split("</ul>")[0]
    assert "上游·铜材" in missing and "本地没有企业生产该环节产品" in missing
    assert "中游·变压器 — 本地仅 1 家企业" in weak and "铜材" not in weak
    assert "链主 衡阳变压器有限公司 的 变压器 所需 铁芯 本地仅 衡阳铁芯有限公司 一家供应" in html
    # What each term resolved to, and the targets loaded after the shell.
    resolution = html.split('data-testid="kg-resolution"')[1].split("</details>")[0]
    assert "干式变压器" in resolution and "产品小类" in resolution
    assert f'hx-get="/knowledge/chains/{city.chain.code}/targets/"' in html


def test_without_the_graph_the_panel_says_so_and_classes_linked_segments(city, office):
    html = office.get(f"/knowledge/chains/{city.chain.code}/gaps/").content.decode()
    assert "未导入全国产业图谱" in html
    assert "chainchief kg import ../shared/data/chain-kg" in html
    assert "kg-targets" not in html
    # Gap classes still come from the enterprises linked to segments.
    page = office.get(f"/chains/{city.chain.code}/")
    tree = {n.segment.name: n for nodes in page.context["tree"].values() for n in nodes}
    assert tree["箱式变电站"].gap["class"] == "weak"
    assert tree["变压器"].gap["class"] == "missing"
    targets = office.get(f"/knowledge/chains/{city.chain.code}/targets/", HTTP_HX_REQUEST="true")
    assert "未导入全国产业图谱" in targets.content.decode()


def test_the_chain_page_survives_a_failing_analysis(mini_graph, city, office, monkeypatch):
    def broken(chain):
        raise RuntimeError("boom")

    monkeypatch.setattr("chainchief.knowledge.selectors.chain_gaps", broken)
    response = office.get(f"/chains/{city.chain.code}/")
    assert response.status_code == 200
    assert all(n.gap is None for nodes in response.context["tree"].values() for n in nodes)


def test_users_outside_the_chain_get_404(mini_graph, city):
    chief = make_user(Role.CHAIN_CHIEF)
    assign(chief, ChainFactory(code="OTHER"), "chief")
    client = client_for(chief)
    code = city.chain.code
    for url in (
        f"/knowledge/chains/{code}/gaps/",
        f"/knowledge/chains/{code}/targets/",
        f"/knowledge/chains/{code}/targets.xlsx",
    ):
        assert client.get(url).status_code == 404, url
    assert client.get("/knowledge/chains/OTHER/gaps/").status_code == 200


def test_anonymous_users_are_sent_to_log_in(mini_graph, city):
    response = Client().get(f"/knowledge/chains/{city.chain.code}/gaps/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
