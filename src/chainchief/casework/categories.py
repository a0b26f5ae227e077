"""Reads of the office's workflow settings: each kind's categories (问题类别) as rows the
chain office keeps at 系统设置, their answer limits per urgency, and the 红黑榜 size.

A kind declares its default categories in code (`CaseKind.categories`); they are seeded as
`CaseCategory` rows (migration 0004, and after `migrate`/`flush` for a kind that has no rows
yet), and from then on the rows rule: the forms, the API, the ledger filters and export and
the statistics all read them here. Audit findings keep the audit taxonomy (the 审计整改 kind
declares no categories).
"""

from __future__ import annotations

from chainchief.casework.kinds import URGENCIES, all_kinds, get_kind
from chainchief.casework.models import CaseCategory, CaseSettings, TimeLimit

RANKING_TOP_MIN, RANKING_TOP_MAX, RANKING_TOP_DEFAULT = 1, 20, 5


def categories(kind: str = "problem", *, active_only: bool = False) -> list[CaseCategory]:
    qs = CaseCategory.objects.filter(kind=kind)
    if active_only:
        qs = qs.filter(is_active=True)
    return list(qs.order_by("sort", "id"))


def category_rows(kind: str = "problem", *, active_only: bool = False) -> list[CaseCategory]:
    """The categories with `answer_days` set: working days to answer per urgency, as the
    workflow computes them (the category's `TimeLimit` rows, else the kind's table)."""
    from chainchief.casework.services import answer_limit

    spec = get_kind(kind)
    rows = categories(kind, active_only=active_only)
    table = limit_table(kind)
    for row in rows:
        row.answer_days = {u: answer_limit(spec, row.code, u, table=table) for u, _ in URGENCIES}
    return rows


def limit_table(kind: str) -> list:
    """The office's `TimeLimit` rows of a kind, read once for many `answer_limit` calls."""
    return list(TimeLimit.objects.filter(kind=kind))


def category_choices(kind: str = "problem") -> list[tuple[str, str]]:
    """(code, name) of the categories offered for new cases, in the office's order."""
    return [(c.code, c.name) for c in categories(kind, active_only=True)]


def category_names(kind: str | None = "problem") -> dict[str, str]:
    """code → name of every category of `kind` (deactivated ones too: old cases keep their
    label); `kind=None`: of every kind (codes of different kinds do not collide in use)."""
    qs = CaseCategory.objects.all() if kind is None else CaseCategory.objects.filter(kind=kind)
    return dict(qs.order_by("-sort").values_list("code", "name"))


def has_categories(kind: str) -> bool:
    return CaseCategory.objects.filter(kind=kind).exists()


def check_category(kind: str, code: str) -> str | None:
    """None when `code` may be used for a new case of `kind`, else the Chinese reason."""
    rows = dict(CaseCategory.objects.filter(kind=kind).values_list("code", "is_active").order_by())
    if not rows:
        return None  # the kind has no categories (e.g. 审计整改: the audit taxonomy)
    if rows.get(code):
        return None
    names = "、".join(name for _, name in category_choices(kind))
    if code in rows:
        return f"类别“{category_names(kind).get(code, code)}”已停用，可选：{names}"
    return f"类别“{code}”不存在，可选：{names}"


def default_category(kind: str = "problem") -> str:
    """The category of a point nobody classified yet: 其他 while offered, else the last one."""
    choices = [code for code, _ in category_choices(kind)]
    if "other" in choices or not choices:
        return "other" if choices else ""
    return choices[-1]


def urgency_choices() -> list[tuple[str, str]]:
    return [(code, str(label)) for code, label in URGENCIES]


def ranking_top() -> int:
    """How many departments the 红黑榜 shows at the top and at the bottom (1..20)."""
    row = CaseSettings.objects.order_by("id").values_list("ranking_top", flat=True).first()
    return int(row) if row else RANKING_TOP_DEFAULT


def current_settings() -> CaseSettings:
    return CaseSettings.objects.order_by("id").first() or CaseSettings(
        ranking_top=RANKING_TOP_DEFAULT
    )


def seed_default_categories(**kwargs) -> int:
    """Rows for the declared default categories of every kind that has none yet (a kind
    registered after the seeding migration, or a database flushed by tests)."""
    made = 0
    for kind in all_kinds():
        if not kind.categories or CaseCategory.objects.filter(kind=kind.code).exists():
            continue
        CaseCategory.objects.bulk_create(
            [
                CaseCategory(kind=kind.code, code=code, name=str(label), sort=i * 10)
                for i, (code, label) in enumerate(kind.categories, start=1)
            ]
        )
        made += len(kind.categories)
    return made
