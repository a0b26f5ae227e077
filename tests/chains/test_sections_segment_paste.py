"""Adding several segments at once by pasting a list: all or nothing, errors by line."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from chainchief.accounts.models import ChangeLog, Role
from chainchief.chains.models import Segment
from tests.factories import ChainFactory, SegmentFactory, assign, make_user

pytestmark = pytest.mark.django_db

PASTED = "变压器：油浸式变压器、干式变压器\n  铁芯\n  线圈\n开关设备\n\n互感器\n"


@pytest.fixture
def chain():
    return ChainFactory(code="PWR")


def _chief(chain) -> Client:
    user = make_user(Role.CHAIN_CHIEF)
    assign(user, chain, "chief")
    client = Client()
    client.force_login(user)
    return client


def _paste(client: Client, **data):
    return client.post(reverse("chains:segment_paste", args=["PWR"]), data)


def test_a_pasted_list_adds_every_segment_with_children_and_terms(chain):
    response = _paste(_chief(chain), stage="midstream", lines=PASTED)
    assert response.status_code == 302
    assert response["Location"].endswith("/chains/PWR/map/#segments")
    made = {s.name: s for s in Segment.objects.filter(chain=chain)}
    assert set(made) == {"变压器", "铁芯", "线圈", "开关设备", "互感器"}
    assert made["变压器"].terms == ["油浸式变压器", "干式变压器"]
    assert made["铁芯"].parent == made["变压器"] and made["线圈"].parent == made["变压器"]
    assert made["开关设备"].parent is None
    assert {s.stage for s in made.values()} == {"midstream"}
    assert ChangeLog.objects.filter(object_type="chains.segment", action="create").count() == 5


def test_a_list_under_a_parent_takes_the_parents_stage(chain):
    parent = SegmentFactory(chain=chain, stage="upstream", name="原材料")
    _paste(_chief(chain), stage="downstream", parent=parent.pk, lines="硅钢\n铜材")
    assert sorted(parent.children.values_list("name", "stage")) == [
        ("硅钢", "upstream"),
        ("铜材", "upstream"),
    ]


def test_a_bad_line_names_its_row_and_nothing_is_written(chain):
    SegmentFactory(chain=chain, stage="midstream", name="开关设备")
    response = _paste(
        _chief(chain), stage="midstream", lines="互感器\n开关设备\n：只有产品词\n" + "长" * 101
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "第 3 行：环节名称为空" in html
    assert "第 4 行：环节名称超过 100 个字" in html
    assert not Segment.objects.filter(chain=chain, name="互感器").exists()


def test_a_duplicate_against_existing_segments_is_refused(chain):
    SegmentFactory(chain=chain, stage="midstream", name="开关设备")
    html = _paste(_chief(chain), stage="midstream", lines="互感器\n开关设备").content.decode()
    assert "第 2 行：同一层级下已有名为“开关设备”的环节" in html
    assert Segment.objects.filter(chain=chain).count() == 1


def test_readers_cannot_paste(chain):
    client = Client()
    client.force_login(make_user(Role.GENERAL_CHIEF))
    assert _paste(client, stage="midstream", lines="互感器").status_code == 403
    assert not Segment.objects.filter(chain=chain).exists()


@pytest.mark.parametrize("parent", ["²", "99999999999999999999999", "-1"])
def test_a_parent_that_cannot_be_an_id_is_ignored_not_a_server_error(chain, parent):
    response = _paste(_chief(chain), stage="midstream", lines="互感器", parent=parent)
    assert response.status_code == 302
    assert Segment.objects.get(chain=chain, name="互感器").parent is None
