"""红黑榜 N: an office setting (1..20, default 5) that the statistics page and the API use."""

from __future__ import annotations

import pytest

from chainchief.accounts.models import ChangeLog
from chainchief.casework import selectors
from chainchief.casework import services_settings as settings_services
from chainchief.casework.categories import current_settings, ranking_top
from chainchief.casework.services import CaseConflict, CaseError
from tests.factories import DepartmentFactory

URL = "/settings/cases/ranking/"


@pytest.fixture
def ranked(make_case, office):
    """Four departments with three closed cases each."""
    from chainchief.casework import services

    for i in range(4):
        department = DepartmentFactory(name=f"第{i}局")
        for _ in range(3):
            case = make_case("pending")
            services.transition(
                case=case, action="assign", by=office, version=case.version,
                lead_department=department,
            )  # fmt: skip


def test_the_default_is_five(db):
    assert ranking_top() == 5


def test_the_setting_bounds_the_lists(office, ranked):
    settings_services.set_ranking_top(by=office, top="1", version=1)
    red, black = selectors.department_ranking()
    assert (len(red), len(black)) == (1, 1)
    assert ChangeLog.objects.filter(object_type="casework.casesettings").exists()


@pytest.mark.parametrize("top", ["0", "21", "三", ""])
def test_values_outside_1_to_20_are_refused(office, top):
    with pytest.raises(CaseError, match="红黑榜名额"):
        settings_services.set_ranking_top(by=office, top=top, version=1)
    assert ranking_top() == 5


def test_a_stale_save_is_refused(office):
    settings_services.set_ranking_top(by=office, top="3", version=1)
    settings_services.set_ranking_top(by=office, top="4", version=1)  # first save: version 1
    with pytest.raises(CaseConflict):
        settings_services.set_ranking_top(by=office, top="6", version=1)
    assert current_settings().ranking_top == 4


def test_the_page_and_the_api_follow_the_setting(client, office, ranked):
    client.force_login(office)
    client.post(URL, {"ranking_top": "2", "version": "1"})
    assert ranking_top() == 2
    stats = client.get("/cases/stats/")
    assert len(stats.context["red"]) == 2
    assert "红榜（前 2 名）" in stats.content.decode()
    api = client.get("/api/cases/ranking").json()
    assert api["top"] == 2 and len(api["red"]) == 2 and len(api["black"]) == 2


def test_the_page_names_a_bad_value(client, office):
    client.force_login(office)
    response = client.post(URL, {"ranking_top": "30", "version": "1"})
    assert "红黑榜名额应在 1 到 20 名 之间" in response.content.decode()
