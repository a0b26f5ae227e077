"""A red case about no enterprise and no chain (an audit rectification of a unit outside any
chain: that kind needs no subject) must not take the cockpit down: `|default:c.chain.name`
raised on such a case and the cockpit answered 500 for every city-wide role."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest

from chainchief.accounts.models import Role
from chainchief.casework import selectors


@pytest.mark.parametrize("role", [Role.CHAIN_OFFICE, Role.AUDITOR])
def test_the_cockpit_lists_a_red_case_that_has_neither_enterprise_nor_chain(
    client, city, monkeypatch, role
):
    case = SimpleNamespace(
        pk=1,
        title="审计整改：某局专项资金闲置",
        enterprise=None,
        chain=None,
        lead_department=None,
        due_on=datetime.date(2026, 1, 5),
    )
    monkeypatch.setattr(selectors, "overdue_cases", lambda *a, **k: [case])
    client.force_login(city.users[role])
    page = client.get("/")
    assert page.status_code == 200
    assert "审计整改：某局专项资金闲置" in page.content.decode()
