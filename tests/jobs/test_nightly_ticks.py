import datetime

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from chainchief.jobs import ticks
from chainchief.jobs.models import Job, JobStatus, TickRun

pytestmark = pytest.mark.django_db


@pytest.fixture
def daily_tick(monkeypatch):
    monkeypatch.setattr(ticks, "_ticks", {})
    ticks.register_tick("test.daily", "tests.jobs.job_funcs.daily")


def _at(hour):
    return timezone.make_aware(datetime.datetime(2026, 11, 27, hour, 5))


def test_nothing_starts_before_the_tick_hour(daily_tick, settings):
    settings.CHAINCHIEF_TICK_HOUR = 2
    assert ticks.schedule_due_ticks(_at(1)) == []
    assert not Job.objects.exists()


def test_a_due_tick_starts_once_a_day(daily_tick, settings):
    settings.CHAINCHIEF_TICK_HOUR = 2
    [job] = ticks.schedule_due_ticks(_at(3))
    assert job.status == JobStatus.SUCCEEDED
    assert job.result == {"day": "2026-11-27"}
    assert ticks.schedule_due_ticks(_at(4)) == []
    assert TickRun.objects.get().job == job


def test_the_tick_command_runs_a_named_tick_for_a_given_day(daily_tick, capsys):
    call_command("tick", "--name", "test.daily", "--date", "2026-01-02")
    job = Job.objects.get()
    assert job.result == {"day": "2026-01-02"}
    assert "test.daily：完成" in capsys.readouterr().out


def test_the_tick_command_names_the_known_ticks_when_the_name_is_wrong(daily_tick):
    with pytest.raises(CommandError, match="test.daily"):
        call_command("tick", "--name", "nope")
