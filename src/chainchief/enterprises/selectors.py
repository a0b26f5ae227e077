"""Reads for the enterprise library: the filtered list, the detail page, parks."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import (
    Count,
    DecimalField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, StrIndex
from django.db.models.lookups import GreaterThan

from chainchief.accounts.models import User
from chainchief.accounts.scoping import visible_chains, visible_enterprises
from chainchief.chains.models import Chain, Segment
from chainchief.core.values import parse_id, query_text
from chainchief.enterprises.models import Enterprise, EnterpriseTier, MonthlyIndicator
from chainchief.places.models import Park

ChainLink = Enterprise.chains.through
SegmentLink = Enterprise.segments.through

SORTS = {
    "name": "name",
    "-name": "-name",
    "output": "output_12m",
    "-output": "-output_12m",
    "established": "established_on",
    "-established": "-established_on",
    "updated": "updated_at",
    "-updated": "-updated_at",
}


@dataclass
class EnterpriseFilters:
    q: str = ""
    chain: str = ""
    segment: int | None = None
    tier: str = ""
    park: int | None = None
    district: str = ""
    sort: str = "name"

    @classmethod
    def from_query(cls, params) -> EnterpriseFilters:
        # One parser for the page, the export and the API: values that cannot match ('²',
        # ids beyond 64 bits, repeated keys) are dropped instead of reaching the database.
        def text(key: str, max_length: int = 100) -> str:
            return query_text(params, key, max_length=max_length)

        sort = text("sort")
        return cls(
            q=text("q", 200),
            chain=text("chain", 30),
            segment=parse_id(text("segment", 30)),
            tier=text("tier", 30),
            park=parse_id(text("park", 30)),
            district=text("district", 12),
            sort=sort if sort in SORTS else "name",
        )


def latest_month() -> datetime.date | None:
    return MonthlyIndicator.objects.order_by("-month").values_list("month", flat=True).first()


def _months_back(month: datetime.date, n: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 - n
    return datetime.date(index // 12, index % 12 + 1, 1)


def _text_match(q: str) -> Q:
    """Name or main products containing `q` (a credit code too, for ASCII text)."""
    if q.lower() == q.upper():
        # No letter with a case (Chinese, digits, punctuation): a plain substring test
        # (`instr` on SQLite, `strpos` on PostgreSQL) finds exactly the rows a case-folding
        # LIKE finds, and is 1.5× (SQLite) to 3.5× (PostgreSQL: ILIKE folds every row's text)
        # faster over every row of a large city.
        def contains(field: str) -> Q:
            return Q(GreaterThan(StrIndex(field, Value(q)), 0))
    else:

        def contains(field: str) -> Q:
            return Q(**{f"{field}__icontains": q})

    match = contains("name") | contains("main_products")
    if q.isascii():  # a credit code holds digits and Latin letters only
        match |= Q(credit_code__icontains=q.upper())
    return match


def filter_enterprises(user: User, filters: EnterpriseFilters) -> QuerySet:
    """The user's enterprises narrowed by the filters, with what the list shows (constant queries)."""
    scope = visible_enterprises(user)
    # The scope and the filters as `id IN (…)` semi-joins rather than joins: no duplicate
    # rows, so no DISTINCT, and both COUNT(*) and ORDER BY name LIMIT 50 stay on the
    # enterprise table and its name index (at 200,000 enterprises the DISTINCT over the
    # joined, annotated rows cost seconds; see benchmarks/README.md).
    qs = Enterprise.objects.filter(pk__in=scope.values("pk")) if scope.query.distinct else scope
    f = filters
    if f.q:
        qs = qs.filter(_text_match(f.q))
    links = []  # the link filters, each the ids it lets through
    if f.chain:
        links.append(ChainLink.objects.filter(chain__code=f.chain))
    if f.segment:
        links.append(SegmentLink.objects.filter(segment_id=f.segment))
    if f.tier:
        links.append(EnterpriseTier.objects.filter(tier=f.tier))
    ids = [q.order_by().values("enterprise_id") for q in links]
    if len(ids) >= 2 and connection.vendor == "sqlite":
        # One `id IN (… INTERSECT …)`: the link indexes give the few common ids and only
        # those enterprises are read, where SQLite would read every enterprise of the chain
        # (a chain and a tier at 200,000 enterprises: 44 → 27 ms). PostgreSQL plans the
        # separate semi-joins better (40 ms, against 64 for the INTERSECT).
        ids = [ids[0].intersection(*ids[1:])]
    for subquery in ids:
        qs = qs.filter(pk__in=subquery)
    if f.park:
        qs = qs.filter(park_id=f.park)
    if f.district:
        qs = qs.filter(district__code=f.district)
    month = latest_month()
    if month is not None:
        window = (
            MonthlyIndicator.objects.filter(
                enterprise=OuterRef("pk"), month__gt=_months_back(month, 12), month__lte=month
            )
            .values("enterprise")
            .annotate(total=Sum("output_value"))
            .values("total")
        )
        qs = qs.annotate(output_12m=Subquery(window, output_field=DecimalField()))
    elif f.sort in ("output", "-output"):
        f.sort = "name"
    return (
        qs.select_related("district", "park")
        .only(
            "id",
            "name",
            "credit_code",
            "district__code",
            "district__name",
            "park__id",
            "park__name",
            "established_on",
            "updated_at",
        )
        .prefetch_related(
            Prefetch(
                "tiers",
                queryset=EnterpriseTier.objects.only("id", "enterprise_id", "tier").order_by(
                    "tier"
                ),
            ),
            Prefetch("chains", queryset=Chain.objects.only("id", "code", "name")),
        )
        .order_by(SORTS[f.sort], "id")
    )


def enterprise_page(user: User, filters: EnterpriseFilters, number, per_page: int) -> Page:
    """One page of the filtered list: the matching ids first, then the page's 50 rows."""
    qs = filter_enterprises(user, filters)
    if filters.sort in ("output", "-output"):
        return Paginator(qs, per_page).get_page(number)
    link_filters = sum(1 for x in (filters.chain, filters.segment, filters.tier) if x)
    narrowed = filters.q or link_filters >= 2
    if narrowed and filters.sort in ("name", "-name") and connection.vendor == "sqlite":
        # One query for the matches' names in the table's own order, sorted here (both sort
        # by code point; PostgreSQL sorts by its collation, so it sorts itself). A text
        # search cannot use an index (names are matched anywhere); with two link filters
        # (a chain and a tier) SQLite would otherwise walk the whole name index probing
        # each row against both, then again to count (250 → 140 ms at 200,000 enterprises).
        # One link filter matches tens of thousands: the name index walk stays faster.
        pairs = sorted(_names_and_ids(qs), reverse=filters.sort == "-name")
        ids: list[int] | QuerySet = [pk for _name, pk in pairs]
    elif filters.q:
        ids = list(qs.values_list("id", flat=True))  # one scan: the count and the page
    else:
        # Page over the ids (ORDER BY … LIMIT on the indexes, no output subquery): a filter
        # that SQLite answers from the link indexes would otherwise compute the output of
        # every match before sorting.
        ids = qs.values_list("id", flat=True)
    page = Paginator(ids, per_page).get_page(number)
    # The ids passed the filters: read the page's rows with their 12-month output without
    # the filters' subqueries (or a second text scan).
    unfiltered = filter_enterprises(user, EnterpriseFilters(sort=filters.sort))
    rows = {e.pk: e for e in unfiltered.filter(pk__in=list(page.object_list))}
    page.object_list = [rows[pk] for pk in page.object_list if pk in rows]
    return page


def _names_and_ids(qs: QuerySet) -> list[tuple[str, int]]:
    """(name, id) of every enterprise of `qs`, which SQLite returns as one JSON array: one
    step of the query instead of one per row. After each step Python takes the GIL back, and
    a text search's rows come hundreds of microseconds of scanning apart, so under 20 clients
    each of those returns waited for the other threads' turn (a search's list 87 → 170 ms)."""
    sql, params = qs.order_by().values_list("name", "id").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT json_group_array(json_array(name, id)) FROM ({sql})", params)
        return [(name, pk) for name, pk in json.loads(cursor.fetchone()[0])]


def filter_choices(user: User) -> dict:
    from chainchief.enterprises.models import Tier
    from chainchief.places.models import District

    # Plain tuples: the list page renders these on every request.
    return {
        "chains": list(visible_chains(user).values_list("code", "name")),
        "tiers": [(value, str(label)) for value, label in Tier.choices],
        "parks": list(Park.objects.values_list("id", "name")),
        "segments": [
            (pk, f"{chain_name} · {name}")
            for pk, name, chain_name in Segment.objects.filter(chain__in=visible_chains(user))
            .order_by("chain__sort", "chain__code", "sort", "id")
            .values_list("id", "name", "chain__name")
        ],
        "districts": list(District.objects.values_list("code", "name")),
    }


def indicator_series(enterprise: Enterprise, months: int = 24) -> list[MonthlyIndicator]:
    rows = list(enterprise.indicators.order_by("-month")[:months])
    rows.reverse()
    return rows


def indicator_chart_option(rows: list[MonthlyIndicator]) -> dict:
    months = [r.month.strftime("%Y-%m") for r in rows]

    def series(name: str, attr: str, kind: str = "line") -> dict:
        return {
            "name": name,
            "type": kind,
            "smooth": True,
            "data": [
                float(getattr(r, attr)) if getattr(r, attr) is not None else None for r in rows
            ],
        }

    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0, "data": ["产值", "营业收入", "税收"]},
        "grid": {"left": 60, "right": 30, "top": 40, "bottom": 30},
        "xAxis": {"type": "category", "data": months},
        "yAxis": {"type": "value", "name": "万元"},
        "series": [
            series("产值", "output_value"),
            series("营业收入", "revenue"),
            series("税收", "tax", "bar"),
        ],
    }


def parks_for_list(user: User) -> QuerySet:
    visible = visible_enterprises(user).values("id")
    return (
        Park.objects.select_related("district")
        .prefetch_related("chains")
        .annotate(
            enterprise_count=Coalesce(
                Count("enterprises", filter=Q(enterprises__in=visible), distinct=True), 0
            )
        )
    )
