import pytest

from chainchief.accounts.models import Role
from chainchief.jobs.services import start_job
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _job(user, title):
    return start_job(
        kind="test",
        title=title,
        user=user,
        func_path="tests.jobs.job_funcs.count_to",
        params={"n": 1},
    )


def test_my_jobs_lists_only_my_own_jobs(client):
    me, other = UserFactory(role=Role.CHAIN_CHIEF), UserFactory(role=Role.CHAIN_CHIEF)
    _job(me, "我的导入")
    _job(other, "别人的导入")
    client.force_login(me)
    page = client.get("/jobs/").content.decode()
    assert "我的导入" in page
    assert "别人的导入" not in page


def test_the_chain_office_can_list_everyones_jobs(client):
    office = UserFactory(role=Role.CHAIN_OFFICE)
    _job(UserFactory(role=Role.CHAIN_CHIEF), "别人的导入")
    client.force_login(office)
    assert "别人的导入" not in client.get("/jobs/").content.decode()
    assert "别人的导入" in client.get("/jobs/?all=1").content.decode()


def test_a_chain_chief_cannot_list_everyones_jobs(client):
    chief = UserFactory(role=Role.CHAIN_CHIEF)
    _job(UserFactory(role=Role.CHAIN_CHIEF), "别人的导入")
    client.force_login(chief)
    assert "别人的导入" not in client.get("/jobs/?all=1").content.decode()
