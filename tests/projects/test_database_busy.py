"""A write that meets a busy database ("database is locked" after the busy timeout) answers
503 with a Chinese message, on pages and in the API, instead of a server error; and SQLite
waits 20 s for the lock before giving up."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import OperationalError

from chainchief.projects import services
from tests.projects.conftest import login


@pytest.fixture
def locked(monkeypatch):
    def busy(**kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(services, "update_project", busy)


def test_a_locked_database_answers_503_in_chinese_on_the_page(client, chief, project, locked):
    login(client, chief)
    response = client.post(
        f"/projects/{project.pk}/edit/",
        {"name": "改名", "kind": project.kind, "chain": project.chain_id, "version": 1},
    )
    assert response.status_code == 503
    assert "系统繁忙" in response.content.decode() and response["Retry-After"] == "5"


def test_a_locked_database_answers_503_in_the_api(client, chief, project, locked):
    login(client, chief)
    response = client.patch(
        f"/api/projects/{project.pk}", {"version": 1, "note": "x"}, content_type="application/json"
    )
    assert response.status_code == 503
    assert "系统繁忙" in response.json()["detail"]


def test_other_database_errors_are_not_hidden(client, chief, project, monkeypatch):
    def broken(**kwargs):
        raise OperationalError("no such table: nowhere")

    monkeypatch.setattr(services, "update_project", broken)
    client.raise_request_exception = True
    login(client, chief)
    with pytest.raises(OperationalError):
        client.post(
            f"/projects/{project.pk}/edit/",
            {"name": "改名", "kind": project.kind, "chain": project.chain_id, "version": 1},
        )


@pytest.mark.skipif(settings.DATABASES["default"]["ENGINE"].endswith("postgresql"), reason="SQLite")
def test_sqlite_waits_twenty_seconds_for_the_write_lock():
    assert "busy_timeout=20000" in settings.DATABASES["default"]["OPTIONS"]["init_command"]
