"""`chainchief createadmin`: creates or resets a chain-office superuser, with strong passwords."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from chainchief.accounts.models import Role, User

STRONG = "Adm1n#secure-2026"


@pytest.fixture(autouse=True)
def fast_hasher(settings):
    # Real hashing takes about a second per password; these tests check behaviour, not hashing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("createadmin", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.mark.django_db
def test_creates_a_chain_office_superuser():
    assert "已创建" in run("--password", STRONG)
    user = User.objects.get(username="admin")
    assert user.is_superuser and user.is_staff and user.role == Role.CHAIN_OFFICE
    assert user.check_password(STRONG) and user.full_name == "系统管理员"


@pytest.mark.django_db
def test_resets_password_and_unlocks_an_existing_user():
    User.objects.create_user(
        "boss",
        password="Old#pass-2026",
        role=Role.AUDITOR,
        failed_logins=5,
        locked_until=timezone.now() + timezone.timedelta(minutes=10),
    )
    assert "已重置" in run("--username", "boss", "--password", STRONG)
    user = User.objects.get(username="boss")
    assert user.check_password(STRONG) and user.is_superuser and user.role == Role.CHAIN_OFFICE
    assert user.failed_logins == 0 and not user.is_locked()


@pytest.mark.django_db
def test_weak_password_is_refused_in_chinese():
    with pytest.raises(CommandError, match="密码不符合要求") as info:
        run("--password", "abcdefghijk")
    assert "符号" in str(info.value)
    assert not User.objects.filter(username="admin").exists()


@pytest.mark.django_db
def test_without_password_or_terminal_it_says_how(monkeypatch):
    monkeypatch.delenv("CHAINCHIEF_ADMIN_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    with pytest.raises(CommandError, match="--password"):
        run()
    monkeypatch.setenv("CHAINCHIEF_ADMIN_PASSWORD", STRONG)
    run("--username", "ops")
    assert User.objects.get(username="ops").check_password(STRONG)


@pytest.mark.django_db
def test_prompts_on_a_terminal(monkeypatch):
    monkeypatch.delenv("CHAINCHIEF_ADMIN_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin.isatty", lambda: True, raising=False)
    answers = iter(["short", "short", STRONG, STRONG])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    run()
    assert User.objects.get(username="admin").check_password(STRONG)
