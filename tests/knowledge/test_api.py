from __future__ import annotations

import pytest
from django.test import Client

from chainchief.accounts.models import Role
from chainchief.chains.models import Chain
from tests.factories import ChainFactory, assign, make_user

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_office_sees_gaps_targets_resolution_and_stats(mini_graph, city):
    client = client_for(make_user(Role.CHAIN_OFFICE))
    gaps = client.get("/api/knowledge/chains/TRANS/gaps").json()
    assert gaps["completeness"] == 50.0
    targets = client.get(
        f"/api/knowledge/chains/TRANS/targets?segment={city.seg.transformer.id}&top=1"
    ).json()
    assert [t["name"] for t in targets["targets"]] == ["三变科技"]
    with_st = client.get(
        f"/api/knowledge/chains/TRANS/targets?segment={city.seg.transformer.id}&include_distressed=true"
    ).json()
    assert "*ST华变" in [t["name"] for t in with_st["targets"]]
    assert client.get("/api/knowledge/chains/TRANS/resolution").json()["graph_imported"] is True
    assert client.get("/api/knowledge/stats").json()["counts"]["products"] == 20
    search = client.get("/api/knowledge/products/search?q=变压器").json()["products"]
    assert search[0]["name"] == "变压器"


def test_a_chain_chief_sees_only_their_chains(mini_graph, city):
    chief = make_user(Role.CHAIN_CHIEF)
    other = ChainFactory(code="OTHER")
    assign(chief, other, "chief")
    client = client_for(chief)
    assert client.get("/api/knowledge/chains/TRANS/gaps").status_code == 404
    assert client.get("/api/knowledge/chains/TRANS/targets").status_code == 404
    assert client.get("/api/knowledge/chains/TRANS/resolution").status_code == 404
    assert client.get("/api/knowledge/chains/OTHER/gaps").status_code == 200
    assert client.get(f"/api/knowledge/enterprises/{city.ent.anchor.id}/supply").status_code == 404


def test_enterprise_supply_is_scoped_to_visible_enterprises(mini_graph, city):
    # The supply table names other local enterprises: not for an enterprise's own contact.
    contact = make_user(Role.ENTERPRISE_CONTACT, enterprise=city.ent.anchor)
    client = client_for(contact)
    assert client.get(f"/api/knowledge/enterprises/{city.ent.anchor.id}/supply").status_code == 404
    assert client.get(f"/api/knowledge/enterprises/{city.ent.core.id}/supply").status_code == 404
    office = client_for(make_user(Role.CHAIN_OFFICE))
    report = office.get(f"/api/knowledge/enterprises/{city.ent.anchor.id}/supply").json()
    assert report["rate"] == 1.0
    assert client.get("/api/knowledge/chains/TRANS/gaps").status_code == 404


def test_anonymous_requests_are_refused(mini_graph, city):
    assert Client().get("/api/knowledge/chains/TRANS/gaps").status_code == 401


def test_the_office_proposes_a_draft_chain(mini_graph):
    client = client_for(make_user(Role.CHAIN_OFFICE))
    response = client.post(
        "/api/knowledge/propose", {"product": "变压器"}, content_type="application/json"
    )
    assert response.status_code == 200
    chain = Chain.objects.get(code=response.json()["code"])
    assert chain.status == Chain.Status.DRAFT


def test_a_department_handler_cannot_propose(mini_graph):
    client = client_for(make_user(Role.DEPARTMENT_HANDLER))
    response = client.post(
        "/api/knowledge/propose", {"product": "变压器"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert not Chain.objects.exists()


def test_proposing_without_the_graph_is_a_clear_400(db):
    client = client_for(make_user(Role.CHAIN_OFFICE))
    response = client.post(
        "/api/knowledge/propose", {"product": "变压器"}, content_type="application/json"
    )
    assert response.status_code == 400 and "未导入全国产业图谱" in response.json()["detail"]
