"""Bulk writes of an enterprise's related rows (chain and segment links, tiers, the first
contact) for the enterprise import. Tiers and contacts are prepared before the write
transaction from what the plan read (ids reserved, rows and change-log rows built); inside
it they are plain statements."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import connection, models

from chainchief.accounts.changelog import Change, snapshot
from chainchief.core.bulk import db_rows, insert_rows, reserve_ids, update_rows
from chainchief.enterprises.models import Contact, EnterpriseTier
from chainchief.imports.base import BATCH, chunks

if TYPE_CHECKING:
    from chainchief.enterprises.imports.enterprise_spec import Item


def delete_where_in(table: str, column: str, ids: list[int]) -> None:
    """DELETE … WHERE column IN (…) in plain SQL (the ORM's delete collects and signals)."""
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        for chunk in chunks(ids):
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(f"DELETE FROM {q(table)} WHERE {q(column)} IN ({marks})", chunk)


def write_links(
    through, column: str, wanted: list[tuple[int, set[int]]], *, new: frozenset[int] = frozenset()
) -> None:
    """Replace the link rows (enterprises in `new` have none to delete). Plain executemany:
    the ORM's per-object cost dominated here."""
    delete_where_in(
        through._meta.db_table, "enterprise_id", [eid for eid, _ in wanted if eid not in new]
    )
    rows = [(eid, oid) for eid, ids in wanted for oid in sorted(ids)]
    q = connection.ops.quote_name
    sql = f"INSERT INTO {q(through._meta.db_table)} ({q('enterprise_id')}, {q(column)}) VALUES (%s, %s)"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH * 10):
            cursor.executemany(sql, rows[start : start + BATCH * 10])


@dataclass
class RelatedRows:
    """Rows of one related model to insert, update and delete, with their change-log rows."""

    model: type[models.Model]
    insert_fields: tuple[str, ...]
    update_fields: tuple[str, ...]
    inserts: list[tuple] = field(default_factory=list)
    updates: list[tuple] = field(default_factory=list)
    deletes: list[int] = field(default_factory=list)
    log: list[Change] = field(default_factory=list)

    def write(self) -> None:
        # A queryset delete sends post_delete per object; plain SQL, the log is prepared.
        delete_where_in(self.model._meta.db_table, "id", self.deletes)
        insert_rows(self.model, self.insert_fields, self.inserts)
        update_rows(self.model, self.update_fields, self.updates)


def _with_pk(
    model: type[models.Model], objs: list[models.Model], fields: tuple[str, ...]
) -> list[tuple]:
    return [(*row, o.pk) for o, row in zip(objs, db_rows(model, objs, fields), strict=True)]


def prepare_tiers(items: list[Item]) -> RelatedRows:
    rows = RelatedRows(
        EnterpriseTier, ("id", "enterprise", "tier", "gained_on", "chain"), ("gained_on", "chain")
    )
    creates, updates = [], []
    for item in items:
        have = item.old_tiers
        for tier, obj in have.items():
            obj.enterprise = item.obj  # for the change log's names, without a query each
            if tier not in item.tiers:
                rows.deletes.append(obj.pk)
                rows.log.append((obj, "delete", snapshot(obj), None))
        for tier, value in item.tiers.items():
            chain_id = item.tier_chain.get(tier)
            obj = have.get(tier)
            if obj is None:
                creates.append(
                    EnterpriseTier(
                        enterprise=item.obj, tier=tier, gained_on=value.gained_on, chain_id=chain_id
                    )
                )
            elif (obj.gained_on, obj.chain_id) != (value.gained_on, chain_id):
                before = snapshot(obj)
                obj.gained_on, obj.chain_id = value.gained_on, chain_id
                updates.append(obj)
                rows.log.append((obj, "update", before, snapshot(obj)))
    for obj, pk in zip(creates, reserve_ids(EnterpriseTier, len(creates)), strict=True):
        obj.pk = pk
        rows.log.append((obj, "create", None, snapshot(obj)))
    rows.inserts = db_rows(EnterpriseTier, creates, rows.insert_fields)
    rows.updates = _with_pk(rows.model, updates, rows.update_fields)
    return rows


def prepare_contacts(items: list[Item]) -> RelatedRows:
    rows = RelatedRows(
        Contact, ("id", "enterprise", "name", "title", "phone", "email"), ("name", "phone")
    )
    creates, updates = [], []
    for item in items:
        name, phone = item.contact
        contact = item.old_contact
        if contact is None:
            creates.append(Contact(enterprise=item.obj, name=name, phone=phone or ""))
            continue
        contact.enterprise = item.obj
        before = snapshot(contact)
        contact.name = name
        if phone is not None:
            contact.phone = phone
        updates.append(contact)
        rows.log.append((contact, "update", before, snapshot(contact)))
    for obj, pk in zip(creates, reserve_ids(Contact, len(creates)), strict=True):
        obj.pk = pk
        rows.log.append((obj, "create", None, snapshot(obj)))
    rows.inserts = db_rows(Contact, creates, rows.insert_fields)
    rows.updates = _with_pk(rows.model, updates, rows.update_fields)
    return rows
