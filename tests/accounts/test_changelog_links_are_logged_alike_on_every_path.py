"""Many-to-many links are recorded the same way from every path: one "update" entry per
relation, {name: ids before} → {name: ids after}, whether the form or API (the service's
.set()), the import (bulk SQL) or a command (chain YAML) changed them."""

from __future__ import annotations

import json

import pytest

from chainchief.accounts.changelog import link_changes
from chainchief.accounts.models import ChangeLog, Role
from chainchief.enterprises.importing import import_file
from chainchief.enterprises.models import Enterprise
from chainchief.enterprises.services import save_enterprise
from tests.enterprises.fixtures.imports import (
    ENTERPRISE_HEADERS,
    code,
    enterprise_row,
    make_city,
    write_xlsx,
)
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def city():
    return make_city()


@pytest.fixture
def office():
    return make_user(Role.CHAIN_OFFICE, username="office")


def _link_entries(enterprise: Enterprise, name: str) -> list[tuple]:
    entries = ChangeLog.objects.filter(
        object_type="enterprises.enterprise", object_id=str(enterprise.pk), action="update"
    ).order_by("id")
    return [(e.before, e.after) for e in entries if name in (e.after or {})]


def _imported(city, tmp_path) -> Enterprise:
    row = enterprise_row(1, 所属产业链="输变电装备", 所属环节="变压器")
    import_file(write_xlsx(tmp_path / "a.xlsx", ENTERPRISE_HEADERS, [row]), "enterprises", False)
    return Enterprise.objects.get(credit_code=code(1))


def test_the_service_used_by_the_form_and_the_api_logs_a_link_change(city, office, tmp_path):
    enterprise = _imported(city, tmp_path)
    save_enterprise(
        by=office,
        enterprise=enterprise,
        version=enterprise.version,
        chains=[city.grid, city.materials],
        segments=[city.transformer],
    )
    assert _link_entries(enterprise, "chains")[-1] == (
        {"chains": [city.grid.pk]},
        {"chains": sorted([city.grid.pk, city.materials.pk])},
    )


def test_the_api_logs_a_link_change(client, city, office, tmp_path):
    enterprise = _imported(city, tmp_path)
    client.force_login(office)
    response = client.patch(
        f"/api/enterprises/{enterprise.pk}",
        json.dumps({"version": enterprise.version, "chains": ["C01", "C02"]}),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert _link_entries(enterprise, "chains")[-1] == (
        {"chains": [city.grid.pk]},
        {"chains": sorted([city.grid.pk, city.materials.pk])},
    )


def test_the_import_logs_link_changes_like_the_service(city, tmp_path):
    enterprise = _imported(city, tmp_path)
    # A new enterprise: its links are entries of their own, from empty, as after a form's save.
    assert _link_entries(enterprise, "chains") == [({"chains": []}, {"chains": [city.grid.pk]})]
    assert _link_entries(enterprise, "segments") == [
        ({"segments": []}, {"segments": [city.transformer.pk]})
    ]
    row = enterprise_row(1, 所属产业链="输变电装备、新材料", 所属环节="变压器、铜材")
    import_file(write_xlsx(tmp_path / "b.xlsx", ENTERPRISE_HEADERS, [row]), "enterprises", False)
    assert _link_entries(enterprise, "chains")[-1] == (
        {"chains": [city.grid.pk]},
        {"chains": sorted([city.grid.pk, city.materials.pk])},
    )
    assert _link_entries(enterprise, "segments")[-1] == (
        {"segments": [city.transformer.pk]},
        {"segments": sorted([city.transformer.pk, city.copper.pk])},
    )


def test_an_unchanged_link_set_logs_nothing():
    assert link_changes(object(), "chains", [3, 1], {1, 3}) == []


def test_a_command_logs_a_link_change_like_the_form(city, tmp_path):
    from django.core.management import call_command

    from chainchief.chains.models import Chain

    path = tmp_path / "c09.yaml"
    path.write_text(
        f"format: chainchief.chain/1\ncode: C09\nname: 测试产业链\nhost_parks: [{city.park.name}]\nstages: {{}}\n",
        encoding="utf-8",
    )
    call_command("chain", "load", str(path))
    chain = Chain.objects.get(code="C09")
    entries = ChangeLog.objects.filter(
        object_type="chains.chain", object_id=str(chain.pk), action="update"
    )
    assert [(e.before, e.after) for e in entries if "host_parks" in e.after] == [
        ({"host_parks": []}, {"host_parks": [city.park.pk]})
    ]
