import subprocess
import sys

import pytest
from django.core.management import call_command

from chainchief.web.management.commands import serve

pytestmark = pytest.mark.django_db


class _FakeWorker:
    def __init__(self, args):
        self.args = args
        self.stopped = False

    def poll(self):
        return 0 if self.stopped else None

    def wait(self, timeout=None):
        if not self.stopped:
            raise subprocess.TimeoutExpired(self.args, timeout)
        return 0

    def terminate(self):
        self.stopped = True


def test_serve_starts_one_job_worker_and_stops_it_with_the_server(monkeypatch):
    started = []
    monkeypatch.setattr(
        serve.subprocess, "Popen", lambda args: started.append(_FakeWorker(args)) or started[-1]
    )

    def server_stops_on_ctrl_c(self):
        assert started and not started[0].stopped  # the worker runs beside the server
        raise KeyboardInterrupt

    monkeypatch.setattr(serve._Server, "run", server_stops_on_ctrl_c)
    with pytest.raises(KeyboardInterrupt):
        call_command("serve", "--port", "8765")
    [worker] = started
    assert worker.args[:4] == [sys.executable, "-m", "chainchief", "worker"]
    assert "--recover-interrupted" in worker.args
    assert worker.stopped


def test_serve_can_leave_the_worker_to_another_process(monkeypatch):
    monkeypatch.setattr(serve.subprocess, "Popen", lambda args: pytest.fail("no worker expected"))
    monkeypatch.setattr(serve._Server, "run", lambda self: None)
    call_command("serve", "--no-jobs-worker")
