"""`chainchief serve` preloads the app and the graph index in the gunicorn master."""

from __future__ import annotations

import gc

import pytest
from django.core.management import call_command
from django.db import connections

from chainchief.knowledge import loader
from chainchief.web.management.commands import serve

pytestmark = pytest.mark.django_db


@pytest.fixture
def captured(monkeypatch):
    options = {}

    def fake_run(self):
        options.update(self.options)

    monkeypatch.setattr(serve._Server, "run", fake_run)
    monkeypatch.setattr(serve._Server, "__init__", lambda self, o: setattr(self, "options", o))
    return options


def test_serve_preloads_by_default(captured):
    call_command("serve", "--port", "8123")
    assert captured["preload_app"] is True


def test_serve_can_load_in_each_worker(captured):
    call_command("serve", "--port", "8123", "--no-preload")
    assert captured["preload_app"] is False


def test_warming_builds_the_index_and_freezes_it(monkeypatch):
    closed = []
    # The real close would end the test's transaction; the master really closes them all.
    monkeypatch.setattr(connections, "close_all", lambda: closed.append(True))
    loader.clear_index()
    try:
        serve._warm_before_fork()
        assert loader._cached is not None  # built (empty without a graph), shared after fork
        assert closed  # no database connection crosses the fork
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        loader.clear_index()
