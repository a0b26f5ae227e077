"""A number field holding garbage in a query string or a POST is ignored, never a 500."""

from __future__ import annotations

import pytest
from django.test import Client

from chainchief.accounts.models import Role
from tests.factories import ChainFactory, make_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("year", ["abc", "²", "99999999999999999999999"])
def test_the_audit_home_ignores_a_year_that_is_not_a_number(year):
    client = Client()
    client.force_login(make_user(Role.AUDITOR, "auditor_garbage"))
    assert client.get("/audit/", {"year": year}).status_code == 200


def test_a_target_with_a_segment_that_is_not_an_id_still_becomes_a_lead():
    ChainFactory(code="PWR")
    client = Client()
    client.force_login(make_user(Role.CHAIN_OFFICE, "office_garbage"))
    response = client.post(
        "/projects/from-target/",
        {"chain": "PWR", "segment": "²", "company": "某某电气股份有限公司"},
    )
    assert response.status_code < 500
