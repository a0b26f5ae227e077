"""The bell's unread count is read with the layout's one statement, never cached: a new
notification, or one read, shows on the very next page."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from chainchief.accounts.models import Role
from chainchief.casework import notify
from chainchief.casework.models import Notification
from tests.factories import make_user

pytestmark = pytest.mark.django_db
BELL = re.compile(r'data-testid="bell-count">(\d+)<')


def _bell(client) -> str | None:
    page = client.get(reverse("jobs:list")).content.decode()
    assert 'data-testid="bell"' in page
    found = BELL.search(page)
    return found[1] if found else None


def test_a_new_notification_shows_on_the_next_page(client):
    user = make_user(Role.CHAIN_OFFICE)
    client.force_login(user)
    assert _bell(client) is None
    notify.send([user], None, "assigned", "新交办：测试问题")
    assert _bell(client) == "1"
    notify.send([user], None, "reminder", "催办：测试问题")
    assert _bell(client) == "2"


def test_a_read_notification_leaves_the_count_at_once(client):
    user = make_user(Role.CHAIN_OFFICE)
    notify.send([user], None, "assigned", "新交办：一")
    notify.send([user], None, "assigned", "新交办：二")
    client.force_login(user)
    assert _bell(client) == "2"
    note = Notification.objects.filter(user=user).first()
    client.get(reverse("casework:inbox_open", args=[note.pk]))
    assert _bell(client) == "1"
    client.post(reverse("casework:inbox_read_all"))
    assert _bell(client) is None


def test_the_bell_counts_only_the_users_own_notifications(client):
    user, other = make_user(Role.CHAIN_OFFICE), make_user(Role.CHAIN_OFFICE)
    notify.send([other], None, "assigned", "新交办：别人的")
    client.force_login(user)
    assert _bell(client) is None
