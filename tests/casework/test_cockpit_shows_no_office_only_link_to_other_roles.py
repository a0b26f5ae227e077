"""The cockpit body is one cached fragment for every city-wide role: the calendar warning in
casework's panel must not carry the office-only link to /cases/calendar/ (a crawl as the
general chief followed it after the office had opened the cockpit)."""

from __future__ import annotations

import pytest

from chainchief.accounts.models import Role
from chainchief.casework import calendar


@pytest.mark.parametrize("role", [Role.GENERAL_CHIEF, Role.AUDITOR])
def test_the_calendar_link_is_not_shown_after_the_office_opened_the_cockpit(
    client, city, monkeypatch, role
):
    monkeypatch.setattr(calendar, "missing_years", lambda today: [today.year + 1])
    client.force_login(city.users[Role.CHAIN_OFFICE])
    office_page = client.get("/").content.decode()
    assert "尚未录入" in office_page
    client.force_login(city.users[role])
    page = client.get("/").content.decode()
    assert "尚未录入" in page
    assert "/cases/calendar/" not in page
