"""After the move, the migrations describe the models exactly (no pending change), and the
moved models read and write the tables their old apps created: same columns, and the
foreign keys of other apps still point at those tables."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connection

from chainchief.accounts.models import User
from chainchief.chains.models import Chain
from chainchief.enterprises.models import Enterprise
from chainchief.places.models import City, Department, District, Park
from chainchief.projects.models import Project

pytestmark = pytest.mark.django_db


def test_the_migrations_have_no_pending_change():
    out = io.StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)  # SystemExit(1) if any
    assert "No changes detected" in out.getvalue()


@pytest.mark.parametrize(
    ("model", "table"),
    [
        (City, "web_city"),
        (District, "enterprises_district"),
        (Park, "enterprises_park"),
        (Department, "accounts_department"),
    ],
)
def test_a_moved_model_keeps_its_table_and_columns(model, table):
    assert model._meta.app_label == "places" and model._meta.db_table == table
    with connection.cursor() as cursor:
        columns = {c.name for c in connection.introspection.get_table_description(cursor, table)}
    assert columns == {f.column for f in model._meta.concrete_fields}


@pytest.mark.parametrize(
    ("model", "column", "table"),
    [
        (Enterprise, "district_id", "enterprises_district"),
        (Enterprise, "park_id", "enterprises_park"),
        (Park, "district_id", "enterprises_district"),
        (User, "department_id", "accounts_department"),
        (Project, "department_id", "accounts_department"),
    ],
)
def test_foreign_keys_still_point_at_the_old_tables(model, column, table):
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, model._meta.db_table)
    targets = {
        c["foreign_key"][0]
        for c in constraints.values()
        if c["columns"] == [column] and c["foreign_key"]
    }
    assert targets == {table}


def test_the_host_parks_of_a_chain_use_the_old_link_table():
    through = Chain.host_parks.through
    assert through._meta.db_table == "chains_chain_host_parks"
    assert {f.column for f in through._meta.concrete_fields} == {"id", "chain_id", "park_id"}
