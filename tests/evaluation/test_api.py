"""The evaluation API answers with the same scoping as the pages."""

from __future__ import annotations

from chainchief.evaluation import services
from tests.factories import PASSWORD


def test_the_ranking_and_own_scorecard_come_with_formulas(client, city, computed_run):
    run = services.publish_run(run=computed_run, by=city.office)
    client.login(username="chief_pwr", password=PASSWORD)
    ranking = client.get(f"/api/evaluation/runs/{run.pk}/ranking").json()
    assert [(r["chain"], r["rank"]) for r in ranking] == [
        ("PWR", 1),
        ("NEW", 2),
        ("BIO", 3),
        ("CAR", 4),
    ]
    card = client.get(f"/api/evaluation/runs/{run.pk}/chains/PWR").json()
    goal = next(r for r in card if r["code"] == "output_goal")
    assert goal["formula"] == "30 × min(0.9 ÷ 0.9 = 100.00%, 120%) = 30" and goal["rows"] == 1
    assert client.get(f"/api/evaluation/runs/{run.pk}/chains/NEW").status_code == 404


def test_a_draft_run_is_hidden_from_a_chief(client, city, computed_run):
    client.login(username="chief_pwr", password=PASSWORD)
    assert client.get(f"/api/evaluation/runs/{computed_run.pk}/ranking").status_code == 404
    assert client.get("/api/evaluation/runs").json() == []
