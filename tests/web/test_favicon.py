"""Every page names a favicon that the app serves, and /favicon.ico leads to it, so no page
logs a 404 for it."""

from __future__ import annotations

import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse

from chainchief.accounts.models import Role
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_pages_link_a_favicon_that_exists():
    client = Client()
    client.force_login(make_user(Role.CHAIN_OFFICE))
    html = client.get(reverse("chains:list")).content.decode()
    [href] = re.findall(r'<link rel="icon" href="/static/([^"]+)"', html)
    assert finders.find(href)


def test_favicon_ico_redirects_to_the_icon():
    response = Client().get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("chainchief/favicon.svg")
