"""Hash chains over the change log and the security log (tamper evidence).

Entries are written without a hash (many writers, no lock on the hot path). `seal` then
numbers the unsealed entries in id order (`seq`) and gives each the SHA-256 of the previous
entry's hash plus its own content, under one lock so two sealers cannot interleave. `verify`
recomputes the chain: an entry edited, deleted or inserted behind the app's back breaks it
at that point. Security events are sealed as they are written; the change log after each
writing request, by `chainchief securitylog verify` and before the log pages are shown.
Bulk writers (`changelog.record_changes`: imports, services) append entries already
chained (`append_rows`): one pass of hashes and batched inserts instead of an UPDATE per entry.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection, models, transaction

GENESIS = "0" * 64
_LOCK_IDS = {"accounts_changelog": 734001, "accounts_securityevent": 734002}


def payload(content: dict) -> bytes:
    """An entry's content as the bytes its hash covers (computed before taking the lock)."""
    return json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def chain_hash(prev_hash: str, content_payload: bytes) -> str:
    return hashlib.sha256(prev_hash.encode() + b"\n" + content_payload).hexdigest()


def entry_hash(prev_hash: str, content: dict) -> str:
    return chain_hash(prev_hash, payload(content))


def _lock(model: type[models.Model], *, wait: bool = True) -> bool:
    """Take the chain's lock for this transaction; with wait=False, say False when another
    transaction holds it (PostgreSQL) instead of waiting."""
    if connection.vendor == "postgresql":
        lock_id = _LOCK_IDS[model._meta.db_table]
        with connection.cursor() as cursor:
            if wait:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [lock_id])
                return True
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [lock_id])
            return bool(cursor.fetchone()[0])
    # SQLite: the IMMEDIATE transaction already holds the database's write lock.
    return True


def append_rows(
    model: type[models.Model], fields: Sequence[str], rows: list[tuple], payloads: list[bytes]
) -> int:
    """Insert new entries already chained. `rows` are their database parameters for
    `fields` and `payloads` what their hashes cover, both computed before this call (so
    before the write lock); under the lock the pending unsealed entries are sealed, the new
    ones numbered and hashed in one pass and inserted with executemany (no UPDATE per
    entry). Inside a transaction that cannot get the lock at once (PostgreSQL: another
    sealer holds it), they are inserted unsealed and the next `seal` chains them, so a caller
    never waits for the lock while holding rows of its own."""
    from chainchief.core.bulk import insert_rows

    if not rows:
        return 0
    sealed_fields = (*fields, "seq", "prev_hash", "hash")
    may_wait = not connection.in_atomic_block  # nothing of the caller's is held meanwhile
    with transaction.atomic():
        if not _lock(model, wait=may_wait):
            insert_rows(model, sealed_fields, [(*row, None, "", "") for row in rows])
            return len(rows)
        seal(model)
        last = model.objects.filter(seq__isnull=False).order_by("-seq").first()
        seq, prev = (last.seq, last.hash) if last else (0, GENESIS)
        chained = []
        for row, content_payload in zip(rows, payloads, strict=True):
            seq += 1
            digest = chain_hash(prev, content_payload)
            chained.append((*row, seq, prev, digest))
            prev = digest
        insert_rows(model, sealed_fields, chained)
    return len(rows)


def seal(model: type[models.Model], batch: int = 2000) -> int:
    """Chain every unsealed entry of `model`; returns how many were sealed."""
    sealed = 0
    while True:
        with transaction.atomic():
            _lock(model)
            last = model.objects.filter(seq__isnull=False).order_by("-seq").first()
            seq, prev = (last.seq, last.hash) if last else (0, GENESIS)
            rows = list(model.objects.filter(seq__isnull=True).order_by("id")[:batch])
            for row in rows:
                seq += 1
                digest = entry_hash(prev, row.ledger_content())
                model.objects.filter(pk=row.pk).update(seq=seq, prev_hash=prev, hash=digest)
                prev = digest
        sealed += len(rows)
        if len(rows) < batch:
            return sealed


@dataclass
class Verdict:
    checked: int
    unsealed: int
    broken_at: int | None = None  # the seq of the first entry that does not match
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def verify(model: type[models.Model]) -> Verdict:
    prev, expected_seq, checked = GENESIS, 1, 0
    for row in model.objects.filter(seq__isnull=False).order_by("seq").iterator(chunk_size=2000):
        if row.seq != expected_seq:
            return Verdict(checked, 0, expected_seq, "缺少记录（编号不连续）")
        if row.prev_hash != prev:
            return Verdict(checked, 0, row.seq, "前一条记录的哈希不符")
        if entry_hash(prev, row.ledger_content()) != row.hash:
            return Verdict(checked, 0, row.seq, "记录内容与哈希不符（被修改）")
        prev, expected_seq, checked = row.hash, expected_seq + 1, checked + 1
    unsealed = model.objects.filter(seq__isnull=True).count()
    return Verdict(checked, unsealed)
