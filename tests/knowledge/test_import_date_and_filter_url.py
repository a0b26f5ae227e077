"""The import time reads as a date and a time; target filters live in the URL."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from chainchief.accounts.models import Role
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def office() -> Client:
    client = Client()
    client.force_login(make_user(Role.CHAIN_OFFICE))
    return client


def test_the_import_time_has_a_space_between_date_and_time(mini_graph):
    html = office().get("/knowledge/").content.decode()
    assert re.search(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", html)
    assert not re.search(r"\d{4}-\d{2}-\d{4}:\d{2}", html)


def test_the_filter_form_pushes_its_query_to_the_url(mini_graph, city):
    html = office().get(f"/knowledge/chains/{city.chain.code}/gaps/").content.decode()
    form = html.split('data-testid="kg-target-filters"')[0].rsplit("<form", 1)[1]
    assert 'hx-push-url="true"' in form


def test_a_shared_filter_url_opens_with_its_filters_set(mini_graph, city):
    url = f"/knowledge/chains/{city.chain.code}/targets/?segment={city.seg.transformer.id}&province=浙江&top=10"
    html = office().get(url).content.decode()
    assert 'name="province" value="浙江"' in html
    assert f'<option value="{city.seg.transformer.id}" selected>' in html
    assert re.findall(r'data-testid="kg-target".*?<strong>(.*?)</strong>', html, re.S) == [
        "三变科技"
    ]
