"""Garbage filter values on the enterprise list, its export and the API are ignored; the
list form offers the segment filter and keeps it."""

from __future__ import annotations

import pytest

from chainchief.accounts.models import Role
from tests.factories import ChainFactory, EnterpriseFactory, SegmentFactory, make_user

BAD = [
    "park=99999999999999999999999", "park=²", "segment=99999999999999999999999",
    "segment=-3", "district=%00", "sort=drop", "page=99999999999999999999999",
    "park=1&park=²",
]  # fmt: skip


@pytest.fixture
def office(db):
    return make_user(Role.CHAIN_OFFICE, "office")


@pytest.mark.parametrize("query", BAD)
@pytest.mark.parametrize("path", ["/enterprises/", "/enterprises/export.xlsx", "/api/enterprises/"])
def test_a_bad_filter_value_is_ignored(client, office, path, query):
    EnterpriseFactory()
    client.force_login(office)
    # A NUL can match nothing: refused with 400 in Chinese; anything else is ignored.
    assert client.get(f"{path}?{query}").status_code == (400 if "%00" in query else 200)


def test_the_list_filters_by_segment_and_keeps_it(client, office):
    chain = ChainFactory(code="PWR", name="输变电")
    segment = SegmentFactory(chain=chain, name="变压器")
    inside = EnterpriseFactory(name="甲变压器厂")
    inside.chains.add(chain)
    inside.segments.add(segment)
    EnterpriseFactory(name="乙开关厂").chains.add(chain)
    client.force_login(office)
    page = client.get(f"/enterprises/?segment={segment.pk}").content.decode()
    assert "甲变压器厂" in page and "乙开关厂" not in page
    assert f'<option value="{segment.pk}" selected>输变电 · 变压器</option>' in page
