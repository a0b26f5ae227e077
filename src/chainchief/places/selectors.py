"""Reads of the city's places and bodies for pages, filters, imports and the API."""

from __future__ import annotations

from django.db.models import QuerySet

from chainchief.places.models import LEGACY_LABELS, City, Department, District, Park


def current_city() -> City:
    """The city this installation serves (an unsaved 本市 before one is set up)."""
    return City.current()


def districts() -> QuerySet[District]:
    return District.objects.order_by("code")


def parks(*, district: District | None = None) -> QuerySet[Park]:
    rows = Park.objects.select_related("district").order_by("district__code", "name")
    return rows if district is None else rows.filter(district=district)


def departments(*, kind: str | None = None) -> QuerySet[Department]:
    rows = Department.objects.order_by("sort", "name")
    return rows if kind is None else rows.filter(kind=kind)


def district_by_code() -> dict[str, District]:
    """Districts by their GB/T 2260 code (for imports that name districts by code)."""
    return {d.code: d for d in District.objects.all()}


def park_by_name() -> dict[str, Park]:
    return {p.name: p for p in Park.objects.all()}


def department_by_name() -> dict[str, Department]:
    """Departments by full name and by short name (a full name wins over a short one)."""
    rows = list(Department.objects.all())
    found = {d.short_name: d for d in rows if d.short_name}
    found.update({d.name: d for d in rows})
    return found


def changelog_labels(label: str) -> list[str]:
    """Every change-log object type a model has been recorded under, current label first:
    rows written before the move keep their old label (the log is hash-chained)."""
    label = LEGACY_LABELS.get(label, label)
    return [label, *(old for old, new in LEGACY_LABELS.items() if new == label)]
