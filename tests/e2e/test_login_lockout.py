"""Five wrong passwords lock the account; the log-in page says the same thing
for an unknown user, a wrong password and a locked account."""

from __future__ import annotations

import pytest

from chainchief.accounts.models import Role, User
from tests.e2e.conftest import url
from tests.factories import PASSWORD, make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _try(page, live_server, password: str) -> str:
    page.goto(url(live_server, "/accounts/login/"))
    page.fill('input[name="username"]', "lock_e2e")
    page.fill('input[name="password"]', password)
    with page.expect_navigation():
        page.click('button[type="submit"]')
    return page.locator("body").inner_text()


def test_five_failures_lock_the_account(page, live_server):
    make_user(Role.CHAIN_OFFICE, username="lock_e2e")

    text = _try(page, live_server, "wrong-password-1")
    assert "用户名或密码错误" in text
    for i in range(2, 6):
        text = _try(page, live_server, f"wrong-password-{i}")
    assert "连续失败 5 次账号将锁定 15 分钟" in text
    assert User.objects.get(username="lock_e2e").is_locked()

    # While locked even the right password is refused, with the same message.
    text = _try(page, live_server, PASSWORD)
    assert "用户名或密码错误" in text
    assert "/accounts/login/" in page.url
