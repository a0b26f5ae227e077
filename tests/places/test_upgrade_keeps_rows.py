"""A database built before the move (models in web, enterprises and accounts) keeps its rows,
its foreign keys and its permissions when the state-only migrations run: the models now
live in places on the very same tables."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _before_the_move(executor: MigrationExecutor) -> list[tuple[str, str | None]]:
    """The node each app stood at before its move_to_places migration (places: none)."""
    graph = executor.loader.graph
    targets: list[tuple[str, str | None]] = [("places", None)]
    for app, name in sorted(graph.nodes):
        if name.endswith("_move_to_places"):
            parents = [p for p in graph.node_map[(app, name)].parents if p.key[0] == app]
            targets.append(parents[0].key)
    return targets


def test_rows_foreign_keys_and_permissions_survive_the_upgrade():
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    before = _before_the_move(executor)
    assert len(before) >= 4  # places plus web, enterprises and accounts at least
    executor.migrate(before)
    try:
        old = executor.loader.project_state([t for t in before if t[1]]).apps
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
        old_type = ContentType.objects.get_or_create(app_label="accounts", model="department")[0]
        permission = Permission.objects.get_or_create(
            content_type=old_type, codename="change_department", defaults={"name": "改部门"}
        )[0]
        user.user_permissions.add(permission)

        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(leaves)
    finally:
        MigrationExecutor(connection).migrate(leaves)

    from chainchief.accounts.models import User as NewUser
    from chainchief.chains.models import Chain as NewChain
    from chainchief.places.models import City as NewCity
    from chainchief.places.models import Department as NewDepartment
    from chainchief.places.models import Park as NewPark

    assert NewCity.objects.get(pk=city.pk).name == "衡阳市"
    assert NewPark.objects.get(pk=park.pk).district.code == "430407"
    moved = NewDepartment.objects.get(pk=department.pk)
    assert [u.username for u in moved.users.all()] == ["handler1"]
    assert [p.name for p in NewChain.objects.get(pk=chain.pk).host_parks.all()] == ["松木经开区"]
    handler = NewUser.objects.get(pk=user.pk)
    assert handler.has_perm("places.change_department")
    from django.contrib.contenttypes.models import ContentType as NewContentType

    NewContentType.objects.clear_cache()
    assert NewContentType.objects.get_for_model(NewDepartment).pk == old_type.pk
    assert not NewContentType.objects.filter(app_label="accounts", model="department").exists()
