"""Lists written in exactly the import columns, so an export re-imports unchanged (the
templates are written by the import framework: chainchief/imports/template.py)."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice

from django.db.models import QuerySet

from chainchief.enterprises.imports.enterprise_spec import COLUMNS as ENTERPRISE_COLUMNS
from chainchief.enterprises.imports.enterprise_spec import ChainThrough, SegmentThrough
from chainchief.enterprises.imports.indicator_spec import COLUMNS as INDICATOR_COLUMNS
from chainchief.enterprises.imports.references import References
from chainchief.enterprises.models import (
    Contact,
    EnterpriseTier,
    MonthlyIndicator,
    Tier,
)
from chainchief.imports.template import headers_of

CHUNK = 2000
TIER_ORDER = {value: i for i, value in enumerate(Tier.values)}


def enterprise_export_rows(queryset: QuerySet) -> tuple[list[str], Iterator[list[object]]]:
    """The enterprises of `queryset` (already scoped and filtered) as template rows.

    Related data is fetched per chunk of 2,000 enterprises: a fixed number of queries.
    """
    return headers_of(ENTERPRISE_COLUMNS), _enterprise_rows(queryset)


def _enterprise_rows(queryset: QuerySet) -> Iterator[list[object]]:
    refs = References()
    district_code = {d.id: d.code for d in refs.districts.values()}
    enterprises = queryset.iterator(chunk_size=CHUNK)
    while chunk := list(islice(enterprises, CHUNK)):
        ids = [e.id for e in chunk]
        chains: dict[int, list[int]] = {i: [] for i in ids}
        segments: dict[int, list[int]] = {i: [] for i in ids}
        tiers: dict[int, list[str]] = {i: [] for i in ids}
        contact: dict[int, Contact] = {}
        for eid, cid in ChainThrough.objects.filter(enterprise_id__in=ids).values_list(
            "enterprise_id", "chain_id"
        ):
            chains[eid].append(cid)
        for eid, sid in SegmentThrough.objects.filter(enterprise_id__in=ids).values_list(
            "enterprise_id", "segment_id"
        ):
            segments[eid].append(sid)
        tier_rows = sorted(
            EnterpriseTier.objects.filter(enterprise_id__in=ids),
            key=lambda t: TIER_ORDER.get(t.tier, 99),
        )
        for t in tier_rows:  # in the order of the tier list (百亿 … 链主), as people read them
            tiers[t.enterprise_id].append(refs.tier_ref(t.tier, t.gained_on, t.chain_id))
        for c in Contact.objects.filter(enterprise_id__in=ids).order_by("-id"):
            contact[c.enterprise_id] = c
        for e in chunk:
            scope = set(chains[e.id])
            # Chains in their configured order, segments in map order: stable, diff-friendly files.
            chain_ids = sorted(
                scope, key=lambda i: (refs.chain_by_id[i].sort, refs.chain_by_id[i].code)
            )
            segment_ids = sorted(segments[e.id], key=lambda i: (refs.segment_by_id[i].chain_id, i))
            first = contact.get(e.id)
            yield [
                e.name,
                e.credit_code,
                district_code[e.district_id],
                refs.park_names.get(e.park_id, ""),
                "、".join(refs.chain_ref(i) for i in chain_ids),
                "、".join(refs.segment_ref(i, scope) for i in segment_ids),
                "、".join(tiers[e.id]),
                e.main_products,
                e.business_scope,
                e.established_on,
                refs.user_ref(e.liaison_official_id),
                first.name if first else "",
                first.phone if first else "",
                e.note,
            ]


def indicator_export_rows(queryset: QuerySet) -> tuple[list[str], Iterator[list[object]]]:
    """Monthly indicators of the enterprises in `queryset`, in the indicator template's columns."""
    rows = (
        MonthlyIndicator.objects.filter(enterprise_id__in=queryset.values("id"))
        .order_by("enterprise__credit_code", "month")
        .values_list(
            "enterprise__credit_code", "month", "output_value", "revenue", "tax", "employees"
        )
    )

    def generate() -> Iterator[list[object]]:
        for code, month, *values in rows.iterator(chunk_size=CHUNK):
            yield [code, f"{month:%Y-%m}", *values]

    return headers_of(INDICATOR_COLUMNS), generate()
