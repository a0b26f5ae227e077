"""The `demo` command: builds into an empty database and prints the demo logins, skips with
--if-empty, refuses a second build, and --reset rebuilds keeping the superusers."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from chainchief.accounts.models import Role, User
from chainchief.chains.models import Chain, Segment
from chainchief.demo.data import chain_codes
from chainchief.enterprises.models import Enterprise
from chainchief.places.models import City
from chainchief.web.demo_logins import DEMO_PASSWORD
from tests.conftest import demo_enterprises_only


@pytest.mark.django_db
def test_demo_command_if_empty_reset_and_refusal(monkeypatch):
    demo_enterprises_only(monkeypatch)  # the command's behaviour, not the modules' data
    out = io.StringIO()
    args = ["--enterprises", "20", "--months", "2", "--today", "2026-05-15"]
    call_command("demo", *args, stdout=out)
    text = out.getvalue()
    assert "演示数据" in text and "chief_power" in text and DEMO_PASSWORD in text
    admin = User.objects.create_superuser("root", password="Root#pass-2026")
    names = set(Enterprise.objects.values_list("name", flat=True))

    out = io.StringIO()
    call_command("demo", "--if-empty", *args, stdout=out)
    assert "跳过" in out.getvalue()
    assert set(Enterprise.objects.values_list("name", flat=True)) == names

    with pytest.raises(CommandError, match="已有城市数据"):
        call_command("demo", *args, stdout=io.StringIO())

    User.objects.create_user("someone", password="Some#pass-2026", role=Role.AUDITOR)
    call_command(
        "demo",
        "--reset",
        "--noinput",
        "--seed",
        "9",
        "--enterprises",
        "25",
        "--months",
        "2",
        "--today",
        "2026-05-15",
        stdout=io.StringIO(),
    )
    assert Enterprise.objects.count() == 25
    assert set(Enterprise.objects.values_list("name", flat=True)) != names
    assert User.objects.filter(pk=admin.pk, is_superuser=True).exists()
    assert not User.objects.filter(username="someone").exists()
    assert City.objects.count() == 1 and Chain.objects.count() == len(chain_codes())
    assert Segment.objects.filter(chain__code="POWER").count() >= 10
