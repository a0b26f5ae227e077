from __future__ import annotations

import pytest
from django.urls import reverse

from chainchief.enterprises.models import Enterprise
from chainchief.jobs.models import Job
from chainchief.knowledge.models import GraphImport
from tests.factories import next_credit_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def matched(monkeypatch):
    seen: list[list[int]] = []

    def match(*, enterprise_ids):
        seen.append(list(enterprise_ids))
        return {"enterprises": len(enterprise_ids), "links": 1}

    monkeypatch.setattr("chainchief.knowledge.services.match_enterprises", match)
    GraphImport.objects.create(source="test", digest="x")
    return seen


def _data(city, **kw) -> dict:
    return {"name": "衡阳变压器有限公司", "credit_code": next_credit_code(),
            "district": city.shigu.pk, "park": "", "chains": [], "segments": [],
            "main_products": "电力变压器", "business_scope": "", "established_on": "",
            "liaison_official": "", "note": "", **kw}  # fmt: skip


def test_a_new_enterprise_and_a_products_edit_start_matching_but_a_name_edit_does_not(
    client, office, city, matched
):
    client.force_login(office)
    data = _data(city)
    client.post(reverse("enterprises:create"), data)
    enterprise = Enterprise.objects.get()
    assert matched == [[enterprise.pk]]
    assert Job.objects.get(kind="matching").user == office

    client.post(
        reverse("enterprises:edit", args=[enterprise.pk]),
        {**data, "name": "衡阳变压器股份有限公司"},
    )
    assert Enterprise.objects.get().name == "衡阳变压器股份有限公司" and len(matched) == 1

    client.post(reverse("enterprises:edit", args=[enterprise.pk]),
                {**data, "name": "衡阳变压器股份有限公司", "main_products": "干式变压器"})  # fmt: skip
    assert len(matched) == 2


def test_the_enterprise_page_shows_the_matching_job_instead_of_a_shell_command(
    client, office, city, matched
):
    client.force_login(office)
    client.post(reverse("enterprises:create"), _data(city))
    enterprise = Enterprise.objects.get()
    html = client.get(reverse("knowledge:enterprise_supply", args=[enterprise.pk])).content.decode()
    assert "chainchief enterprise match" not in html
    assert 'data-testid="kg-matching-job"' in html and "已完成" in html
