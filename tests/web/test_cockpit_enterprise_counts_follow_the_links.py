"""The cockpit's enterprise counts (per chain, and the city's total with each enterprise
once) read every chain link, so they are kept until the links change instead of until the
next write: a link added, removed or rewritten shows at once, and an edit that leaves the
links alone (a product, a month of figures) does not count them again."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chainchief.accounts.models import Role
from chainchief.enterprises import services
from chainchief.web.selectors import chain_members, enterprises_on_chains
from tests.factories import ChainFactory, EnterpriseFactory, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def city():
    a, b = ChainFactory(code="AAA"), ChainFactory(code="BBB")
    one, two, three = (EnterpriseFactory() for _ in range(3))
    one.chains.add(a)
    two.chains.add(a, b)  # on both chains: the total counts it once
    three.chains.add(b)
    return a, b, (one, two, three)


def test_the_counts_are_per_chain_and_each_enterprise_once_in_the_total(city):
    a, b, _ = city

    assert chain_members([a.pk, b.pk]) == {a.pk: 2, b.pk: 2}
    assert enterprises_on_chains([a.pk, b.pk]) == 3


def test_a_link_added_shows_at_once(city):
    a, b, (one, _two, _three) = city
    assert enterprises_on_chains([b.pk]) == 2

    one.chains.add(b)

    assert chain_members([a.pk, b.pk]) == {a.pk: 2, b.pk: 3}
    assert enterprises_on_chains([b.pk]) == 3


def test_a_link_removed_shows_at_once(city):
    a, b, (_one, two, _three) = city
    assert enterprises_on_chains([a.pk]) == 2

    two.chains.remove(a)

    assert chain_members([a.pk, b.pk]) == {a.pk: 1, b.pk: 2}
    assert enterprises_on_chains([a.pk]) == 1


def test_a_link_rewritten_to_another_chain_shows_at_once(city):
    a, b, (one, _two, _three) = city
    assert chain_members([a.pk, b.pk]) == {a.pk: 2, b.pk: 2}

    one.chains.set([b])  # one link deleted, one inserted: the number of links is unchanged

    assert chain_members([a.pk, b.pk]) == {a.pk: 1, b.pk: 3}


def test_an_enterprise_deleted_leaves_the_counts(city):
    a, b, (one, _two, _three) = city
    assert enterprises_on_chains([a.pk, b.pk]) == 3

    one.delete()

    assert enterprises_on_chains([a.pk, b.pk]) == 2
    assert chain_members([a.pk]) == {a.pk: 1}


def test_an_edit_that_leaves_the_links_alone_does_not_count_them_again(city):
    a, b, (one, _two, _three) = city
    office = make_user(Role.CHAIN_OFFICE)
    chain_members([a.pk, b.pk])
    enterprises_on_chains([a.pk, b.pk])

    services.save_indicator(
        enterprise=one, by=office, month=datetime.date(2026, 3, 1), output_value="100"
    )
    with CaptureQueriesContext(connection) as queries:
        members = chain_members([a.pk, b.pk])
        total = enterprises_on_chains([a.pk, b.pk])

    assert (members, total) == ({a.pk: 2, b.pk: 2}, 3)
    # only the links' version, read once per call: no link is counted
    assert all("COUNT(*) FROM" in q["sql"] and "MAX" in q["sql"] for q in queries)
    assert len(queries) == 2


def test_the_office_cockpit_shows_a_link_added_after_it_was_rendered(client, city):
    a, b, _ = city
    office = make_user(Role.CHAIN_OFFICE)
    client.force_login(office)
    before = client.get("/").context["totals"]["enterprises"]

    services_enterprise = EnterpriseFactory()
    services_enterprise.chains.add(a)

    assert before == 3
    assert client.get("/").context["totals"]["enterprises"] == 4
