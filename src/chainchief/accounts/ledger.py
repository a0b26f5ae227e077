"""Hash chains over the change log and the security log (tamper evidence).

Entries are written without a hash (many writers, no lock on the hot path). `seal` then
numbers the unsealed entries in id order (`seq`) and gives each the SHA-256 of the previous
entry's hash plus its own content, under one lock so two sealers cannot interleave. `verify`
recomputes the chain: an entry edited, deleted or inserted behind the app's back breaks it
at that point. Security events are sealed as they are written; the change log after each
writing request, by `chainchief securitylog verify` and before the log pages are shown.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from django.db import connection, models, transaction

GENESIS = "0" * 64
_LOCK_IDS = {"accounts_changelog": 734001, "accounts_securityevent": 734002}


def entry_hash(prev_hash: str, content: dict) -> str:
    payload = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256((prev_hash + "\n" + payload).encode()).hexdigest()


def _lock(model: type[models.Model]) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_IDS[model._meta.db_table]])
    # SQLite: the IMMEDIATE transaction already holds the database's write lock.


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
