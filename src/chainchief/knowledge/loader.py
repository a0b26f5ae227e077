"""Load the engine's index from the database, once per process, rebuilt after an import.

The stamp is the id of the latest GraphImport: one tiny query per call tells whether the
cached index is still the graph in the database.
"""

from __future__ import annotations

import threading

from chainchief.knowledge import local_cache
from chainchief.knowledge.engine.index import GraphIndex, build_index
from chainchief.knowledge.models import (
    Company,
    CompanyIndustry,
    CompanyProduct,
    GraphImport,
    Industry,
    Product,
    ProductRelation,
)

NOT_IMPORTED = "未导入全国产业图谱"
_lock = threading.Lock()
_cached: GraphIndex | None = None


def current_stamp() -> tuple | None:
    # id and time together: a rolled-back test transaction can hand out the same id again.
    return GraphImport.objects.order_by("-id").values_list("id", "imported_at").first()


def load_index() -> GraphIndex:
    stamp = current_stamp()
    if stamp is None:
        return GraphIndex(stamp=None)
    return build_index(
        products=list(
            Product.objects.values_list("id", "name", "normalized", "noise_reason").iterator(5000)
        ),
        relations=list(
            ProductRelation.objects.values_list(
                "from_product_id", "to_product_id", "kind"
            ).iterator(5000)
        ),
        company_products=list(
            CompanyProduct.objects.values_list("company_id", "product_id", "weight")
        ),
        companies=list(
            Company.objects.values_list(
                "id",
                "key",
                "code",
                "short_name",
                "full_name",
                "province",
                "city",
                "distressed",
                "is_primary",
            )
        ),
        company_industries=list(
            CompanyIndustry.objects.values_list("company_id", "industry__code")
        ),
        industries=[
            (code, name, level, parent or "")
            for code, name, level, parent in Industry.objects.values_list(
                "code", "name", "level", "parent__code"
            )
        ],
        stamp=stamp,
    )


def get_index() -> GraphIndex:
    """The process-wide index (an empty one when no graph is imported)."""
    global _cached
    stamp = current_stamp()
    if _cached is not None and _cached.stamp == stamp:
        return _cached
    with _lock:
        if _cached is None or _cached.stamp != stamp:
            _cached = load_index() if stamp is not None else GraphIndex(stamp=None)
        return _cached


def clear_index() -> None:
    """Forget the index and the local data cached with it (tests, after an import)."""
    global _cached
    _cached = None
    local_cache.clear()
