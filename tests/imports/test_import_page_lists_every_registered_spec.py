from __future__ import annotations

import pytest

from chainchief.accounts.models import Role
from chainchief.imports import registry
from chainchief.imports.base import Column, Importer
from tests.factories import ChainFactory, assign, make_user

pytestmark = pytest.mark.django_db


class _Talent(Importer):
    kind = "test-talent"
    title = "人才库（测试）"
    columns = (Column("姓名", "name", True),)
    key_fields = ("name",)


@pytest.fixture
def talent_spec(monkeypatch):
    registry.all_specs()  # discover the apps' specs first, so the copy holds them
    monkeypatch.setattr(registry, "_specs", dict(registry._specs))
    registry.register(_Talent)


def test_the_office_sees_every_spec_another_app_registered(client, office, talent_spec):
    client.force_login(office)
    html = client.get("/imports/").content.decode()
    for kind in ("enterprises", "indicators", "projects", "test-talent"):
        assert f'id="import-template-{kind}"' in html
    assert "人才库（测试）" in html


def test_a_chain_chief_sees_only_the_project_import(client, city):
    chief = make_user(Role.CHAIN_CHIEF)
    assign(chief, city.grid)
    client.force_login(chief)
    html = client.get("/imports/").content.decode()
    assert 'id="import-template-projects"' in html
    assert 'id="import-template-enterprises"' not in html


def test_someone_who_may_import_nothing_gets_403(client, city):
    client.force_login(make_user(Role.ENTERPRISE_CONTACT))
    assert client.get("/imports/").status_code == 403


def test_a_list_the_user_may_not_import_cannot_be_posted_under_another_name(client, office, city):
    chief = make_user(Role.CHAIN_CHIEF)
    assign(chief, city.grid)
    client.force_login(chief)
    assert client.post("/imports/", {"kind": "enterprises"}).status_code == 403


def test_a_kind_registered_twice_by_two_classes_is_refused(talent_spec):
    class Other(_Talent):
        pass

    with pytest.raises(ValueError, match="registered twice"):
        registry.register(Other)


def test_a_new_spec_gets_a_template_with_its_columns(client, office, talent_spec):
    import io

    import openpyxl

    client.force_login(office)
    wb = openpyxl.load_workbook(
        io.BytesIO(client.get("/imports/template/test-talent.xlsx").content)
    )
    assert [c.value for c in wb.worksheets[0][1]] == ["姓名*"]
    ChainFactory  # noqa: B018 (factories imported for the fixtures above)
