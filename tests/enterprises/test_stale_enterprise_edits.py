"""Edits of an enterprise carry the version they read: of two people saving the same version
one wins and the other is told "该记录已被他人修改，请刷新后重试" with what changed."""

from __future__ import annotations

import pytest
from django.urls import reverse

from chainchief.accounts.models import ChangeLog, Role
from chainchief.enterprises import services
from chainchief.enterprises.models import Enterprise
from tests.factories import EnterpriseFactory, make_user


@pytest.fixture
def office(db):
    return make_user(Role.CHAIN_OFFICE, "office")


def _form(e: Enterprise, **changes) -> dict:
    data = {
        "name": e.name, "credit_code": e.credit_code, "district": e.district_id,
        "park": e.park_id or "", "chains": [], "segments": [], "main_products": e.main_products,
        "business_scope": e.business_scope, "established_on": "2000-06-28",
        "liaison_official": "", "note": e.note, "version": e.version,
    }  # fmt: skip
    data.update(changes)
    return data


def test_of_twenty_saves_of_one_version_one_wins_and_the_others_are_told(client, office):
    e = EnterpriseFactory(main_products="变压器", business_scope="")
    client.force_login(office)
    url = reverse("enterprises:edit", args=[e.pk])
    results = []
    for i in range(20):
        change = {"main_products": f"产品{i}"} if i % 2 else {"business_scope": f"经营范围{i}"}
        results.append(client.post(url, _form(e, **change)))
    assert results[0].status_code == 302
    refused = [r for r in results[1:] if r.status_code == 200]
    assert len(refused) == 19
    assert all("该记录已被他人修改，请刷新后重试" in r.content.decode() for r in refused)
    assert "经营范围：空 → 经营范围0（office）" in refused[0].content.decode()
    stored = Enterprise.objects.get(pk=e.pk)
    assert (stored.business_scope, stored.version) == ("经营范围0", 2)


def test_a_save_based_on_the_current_version_succeeds(office):
    e = EnterpriseFactory()
    services.save_enterprise(by=office, enterprise=e, version=1, note="一")
    services.save_enterprise(by=office, enterprise=e, version=2, note="二")
    assert Enterprise.objects.get(pk=e.pk).note == "二"
    with pytest.raises(services.StaleEnterprise, match="备注：一 → 二"):
        services.save_enterprise(by=office, enterprise=e, version=2, note="三")


def test_saving_unchanged_values_writes_nothing(office):
    e = EnterpriseFactory(note="原样")
    before = ChangeLog.objects.count()
    services.save_enterprise(by=office, enterprise=e, version=1, note="原样", name=e.name)
    assert ChangeLog.objects.count() == before
    assert Enterprise.objects.get(pk=e.pk).version == 1
