import pytest

from chainchief.accounts.models import Role
from chainchief.jobs.models import JobStatus
from chainchief.jobs.services import start_job
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _queued_job(settings, user):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    return start_job(
        kind="test",
        title="导入企业名录",
        user=user,
        func_path="tests.jobs.job_funcs.count_to",
        params={"n": 3},
    )


def _login(client, user):
    client.force_login(user)


def test_the_owner_sees_progress_that_polls_every_second_while_queued(client, settings):
    user = UserFactory(role=Role.CHAIN_CHIEF)
    job = _queued_job(settings, user)
    _login(client, user)
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "导入企业名录" in page
    assert "排队中" in page
    assert 'hx-trigger="every 1s"' in page
    assert "取消任务" in page


def test_a_finished_job_stops_polling_and_shows_its_result(client):
    user = UserFactory(role=Role.CHAIN_CHIEF)
    job = start_job(
        kind="test",
        title="数到三",
        user=user,
        func_path="tests.jobs.job_funcs.count_to",
        params={"n": 3},
    )
    _login(client, user)
    fragment = client.get(f"/jobs/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "已完成" in fragment
    assert "counted" in fragment
    assert "every 1s" not in fragment
    assert "<html" not in fragment


def test_another_users_job_answers_404_but_the_chain_office_sees_it(client, settings):
    owner = UserFactory(role=Role.CHAIN_CHIEF)
    job = _queued_job(settings, owner)
    _login(client, UserFactory(role=Role.CHAIN_CHIEF))
    assert client.get(f"/jobs/{job.pk}/").status_code == 404
    assert client.post(f"/jobs/{job.pk}/cancel/").status_code == 404
    client.logout()
    _login(client, UserFactory(role=Role.CHAIN_OFFICE))
    assert client.get(f"/jobs/{job.pk}/").status_code == 200


def test_the_cancel_button_cancels_with_a_post_only(client, settings):
    user = UserFactory(role=Role.CHAIN_CHIEF)
    job = _queued_job(settings, user)
    _login(client, user)
    assert client.get(f"/jobs/{job.pk}/cancel/").status_code == 405
    response = client.post(f"/jobs/{job.pk}/cancel/", follow=True)
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED
    assert "已请求取消任务" in response.content.decode()


def test_the_cancel_form_asks_for_confirmation(client, settings):
    user = UserFactory(role=Role.CHAIN_CHIEF)
    job = _queued_job(settings, user)
    _login(client, user)
    assert "data-confirm=" in client.get(f"/jobs/{job.pk}/").content.decode()
