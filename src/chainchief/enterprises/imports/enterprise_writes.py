"""Bulk writes of an enterprise's related rows (chain and segment links, tiers, the first
contact) for the enterprise import; each returns the change-log rows it produced."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import connection

from chainchief.accounts.changelog import snapshot
from chainchief.enterprises.models import Contact, EnterpriseTier
from chainchief.imports.base import BATCH, chunks

if TYPE_CHECKING:
    from chainchief.enterprises.imports.enterprise_spec import Item


def write_links(through, column: str, wanted: list[tuple[int, set[int]]]) -> None:
    """Replace the link rows. Plain executemany: the ORM's per-object cost dominated here."""
    for chunk in chunks([eid for eid, _ in wanted]):
        through.objects.filter(enterprise_id__in=chunk).delete()
    rows = [(eid, oid) for eid, ids in wanted for oid in sorted(ids)]
    q = connection.ops.quote_name
    sql = f"INSERT INTO {q(through._meta.db_table)} ({q('enterprise_id')}, {q(column)}) VALUES (%s, %s)"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH * 10):
            cursor.executemany(sql, rows[start : start + BATCH * 10])


def write_tiers(items: list[Item]) -> list[tuple]:
    existing: dict[int, dict[str, EnterpriseTier]] = {i.obj.pk: {} for i in items}
    for chunk in chunks(list(existing)):
        for t in EnterpriseTier.objects.filter(enterprise_id__in=chunk):
            existing[t.enterprise_id][t.tier] = t
    log, creates, updates, deletes = [], [], [], []
    for item in items:
        have = existing[item.obj.pk]
        for tier, obj in have.items():
            obj.enterprise = item.obj  # for the change log's names, without a query each
            if tier not in item.tiers:
                deletes.append(obj)
        for tier, value in item.tiers.items():
            chain_id = item.tier_chain.get(tier)
            obj = have.get(tier)
            if obj is None:
                creates.append(
                    EnterpriseTier(
                        enterprise=item.obj,
                        tier=tier,
                        gained_on=value.gained_on,
                        chain_id=chain_id,
                    )
                )
            elif (obj.gained_on, obj.chain_id) != (value.gained_on, chain_id):
                before = snapshot(obj)
                obj.gained_on, obj.chain_id = value.gained_on, chain_id
                updates.append(obj)
                log.append((obj, "update", before, snapshot(obj)))
    # A queryset delete sends post_delete per object, so the change log records these itself.
    for chunk in chunks([o.pk for o in deletes]):
        EnterpriseTier.objects.filter(pk__in=chunk).delete()
    EnterpriseTier.objects.bulk_create(creates, batch_size=BATCH)
    EnterpriseTier.objects.bulk_update(updates, ["gained_on", "chain_id"], batch_size=BATCH)
    log += [(o, "create", None, snapshot(o)) for o in creates]
    return log


def write_contacts(items: list[Item]) -> list[tuple]:
    first: dict[int, Contact] = {}
    for chunk in chunks([i.obj.pk for i in items]):
        for c in Contact.objects.filter(enterprise_id__in=chunk).order_by("-id"):
            first[c.enterprise_id] = c
    log, creates, updates = [], [], []
    for item in items:
        name, phone = item.contact
        contact = first.get(item.obj.pk)
        if contact is not None:
            contact.enterprise = item.obj
        if contact is None:
            creates.append(Contact(enterprise=item.obj, name=name, phone=phone or ""))
        else:
            before = snapshot(contact)
            contact.name = name
            if phone is not None:
                contact.phone = phone
            updates.append(contact)
            log.append((contact, "update", before, snapshot(contact)))
    Contact.objects.bulk_create(creates, batch_size=BATCH)
    Contact.objects.bulk_update(updates, ["name", "phone"], batch_size=BATCH)
    return log + [(c, "create", None, snapshot(c)) for c in creates]
