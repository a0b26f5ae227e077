"""A database built before the move (models in web, enterprises and accounts) keeps its rows,
its foreign keys and its permissions when the state-only migrations run: the models now
live in places on the very same tables.

The upgrade runs on a fresh database of the test database's engine (a file beside the test
for SQLite, a database of its own on PostgreSQL), migrated only as far as the move needs:
up to the node before each app's move_to_places, then through the moves and places' own
migrations. The test database is left alone (no migrating it backwards and forwards)."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.graph import MigrationGraph

pytestmark = pytest.mark.django_db


def _before_the_move(graph: MigrationGraph) -> list[tuple[str, str]]:
    """The node each app stood at before its move_to_places migration."""
    targets = []
    for app, name in sorted(graph.nodes):
        if name.endswith("_move_to_places"):
            parents = [p for p in graph.node_map[(app, name)].parents if p.key[0] == app]
            targets.append(parents[0].key)
    return targets


def _through_the_move(graph: MigrationGraph) -> list[tuple[str, str]]:
    """Every move_to_places migration and places' own (the content types among them)."""
    moves = [node for node in sorted(graph.nodes) if node[1].endswith("_move_to_places")]
    return moves + [node for node in graph.leaf_nodes() if node[0] == "places"]


@contextmanager
def _fresh_database(tmp_path) -> Iterator:
    """An empty database of the test database's engine, standing in as the default
    connection while the block runs (the data migrations write through it)."""
    test_db = connections[DEFAULT_DB_ALIAS]
    settings_dict = copy.deepcopy(test_db.settings_dict)
    postgres = test_db.vendor == "postgresql"
    if postgres:
        settings_dict["NAME"] = f"{test_db.settings_dict['NAME']}_upgrade"
        with test_db._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{settings_dict["NAME"]}"')
            cursor.execute(f'CREATE DATABASE "{settings_dict["NAME"]}"')
    else:
        settings_dict["NAME"] = str(tmp_path / "before_the_move.sqlite3")
    fresh = test_db.__class__(settings_dict, alias=DEFAULT_DB_ALIAS)
    connections[DEFAULT_DB_ALIAS] = fresh
    try:
        yield fresh
    finally:
        fresh.close()
        connections[DEFAULT_DB_ALIAS] = test_db
        if postgres:
            with test_db._nodb_cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{settings_dict["NAME"]}"')


def test_rows_foreign_keys_and_permissions_survive_the_upgrade(tmp_path):
    with _fresh_database(tmp_path) as fresh:
        executor = MigrationExecutor(fresh)
        graph = executor.loader.graph
        before = _before_the_move(graph)
        assert len(before) >= 3  # web, enterprises and accounts at least
        plan = executor.migration_plan(before)
        assert not any(
            m.app_label == "places" or m.name.endswith("_move_to_places") for m, _ in plan
        )
        executor.migrate(before)

        old = executor.loader.project_state(before).apps
        City = old.get_model("web", "City")
        District = old.get_model("enterprises", "District")
        Park = old.get_model("enterprises", "Park")
        Department = old.get_model("accounts", "Department")
        User = old.get_model("accounts", "User")
        Chain = old.get_model("chains", "Chain")
        ContentType = old.get_model("contenttypes", "ContentType")
        Permission = old.get_model("auth", "Permission")

        city = City.objects.create(name="衡阳市", code="430400")
        district = District.objects.create(code="430407", name="石鼓区")
        park = Park.objects.create(name="松木经开区", district=district)
        department = Department.objects.create(name="市工信局", short_name="工信局")
        user = User.objects.create(username="handler1", department=department)
        chain = Chain.objects.create(code="POWER", name="输变电装备")
        chain.host_parks.add(park)
        # Before the move the content type is labelled with the old app.
        old_type = ContentType.objects.create(app_label="accounts", model="department")
        permission = Permission.objects.create(
            content_type=old_type, codename="change_department", name="改部门"
        )
        user.user_permissions.add(permission)

        upgrade = MigrationExecutor(fresh)
        after = _through_the_move(upgrade.loader.graph)
        upgrade.migrate(after)
        new = upgrade.loader.project_state(after).apps

        assert new.get_model("places", "City").objects.get(pk=city.pk).name == "衡阳市"
        moved_park = new.get_model("places", "Park").objects.get(pk=park.pk)
        assert moved_park.district.code == "430407"
        moved = new.get_model("places", "Department").objects.get(pk=department.pk)
        assert [u.username for u in moved.users.all()] == ["handler1"]
        chain = new.get_model("chains", "Chain").objects.get(pk=chain.pk)
        assert [p.name for p in chain.host_parks.all()] == ["松木经开区"]
        # What ModelBackend.has_perm reads: "<app_label>.<codename>" of the user's permissions.
        handler = new.get_model("accounts", "User").objects.get(pk=user.pk)
        granted = {
            f"{p.content_type.app_label}.{p.codename}"
            for p in handler.user_permissions.select_related("content_type")
        }
        assert granted == {"places.change_department"}
        NewContentType = new.get_model("contenttypes", "ContentType")
        assert NewContentType.objects.get(app_label="places", model="department").pk == old_type.pk
        assert not NewContentType.objects.filter(app_label="accounts", model="department").exists()
