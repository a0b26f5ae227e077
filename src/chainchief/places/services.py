"""Writes of the city's places and bodies: the city, its districts, parks and departments.

Keyword-only arguments, plain values in; the rules live here (a district code is a GB/T 2260
county code, a park lies in a district, names are unique and not blank), so the settings
pages and every other caller get the same Chinese messages. These records carry no
version column: an edit brings the fingerprint of the record as it was read, and a save
after someone else's is refused. Every write lands in the change log with the acting user.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import ProtectedError

from chainchief.accounts import changelog
from chainchief.accounts.changelog import acting_user, fingerprint, record_changes, snapshot
from chainchief.core.values import InvalidValue, without_nul
from chainchief.enterprises.validators import normalize_district_code
from chainchief.places.models import City, Department, District, Park

STALE_MESSAGE = "该记录已被他人修改，请刷新后重试"
__all__ = [
    "STALE_MESSAGE", "delete_place", "fingerprint", "save_city", "save_department",
    "save_district", "save_park",
]  # fmt: skip


def _text(value: Any, *, label: str, max_length: int, required: bool = True) -> str:
    text = str(without_nul(value) or "").strip()
    if required and not text:
        raise ValidationError(f"{label}不能为空")
    if len(text) > max_length:
        raise ValidationError(f"{label}最多 {max_length} 个字，实际 {len(text)} 个")
    return text


def _choice(value: Any, choices: type[models.TextChoices], *, label: str) -> str:
    if value not in choices.values:
        raise ValidationError(f"{label}“{value}”无效，应为：{'、'.join(map(str, choices.labels))}")
    return value


def _save(instance: models.Model, values: dict[str, Any], *, by, read_fingerprint: str | None):
    model = type(instance)
    with transaction.atomic():
        before = None
        if instance.pk is not None:
            # Lock the row so two saves cannot both pass the freshness check.
            stored = model._default_manager.select_for_update().filter(pk=instance.pk).first()
            if stored is None:
                raise ValidationError(f"{model._meta.verbose_name}已被删除")
            if read_fingerprint is not None and fingerprint(stored) != read_fingerprint:
                raise ValidationError(STALE_MESSAGE)
            before = snapshot(stored)
        for name, value in values.items():
            setattr(instance, name, value)
        instance.full_clean()
        with acting_user(by):
            instance.save()
            if not changelog.is_tracked(model):
                # Tracked models log themselves through signals; the others are logged here.
                after = snapshot(instance)
                if before is None:
                    record_changes([(instance, "create", None, after)])
                elif before != after:
                    record_changes([(instance, "update", before, after)])
    return instance


def save_city(
    *, name: str, code: str = "", layout_name: str = "", is_demo: bool | None = None, by
) -> City:
    """Name the city this installation serves (there is one row; the first save creates it).
    `is_demo` (None: unchanged) flags a generated demo city, so every page says 演示数据."""
    city = City.objects.order_by("id").first() or City()
    code = str(code or "").strip()
    if code:
        try:
            code = normalize_district_code(code)
        except InvalidValue as exc:
            raise ValidationError(str(exc)) from exc
    values = {
        "name": _text(name, label="城市名称", max_length=50),
        "code": code,
        "layout_name": _text(layout_name, label="产业格局名称", max_length=50, required=False),
    }
    if is_demo is not None:
        values["is_demo"] = bool(is_demo)
    return _save(city, values, by=by, read_fingerprint=None)


def save_district(
    *,
    district: District | None = None,
    code: str,
    name: str,
    by,
    read_fingerprint: str | None = None,
) -> District:
    """Add a district (县市区) or change one; its code is a six-digit GB/T 2260 code."""
    try:
        code = normalize_district_code(code)
    except InvalidValue as exc:
        raise ValidationError(f"{exc}（GB/T 2260，例如 430405）") from exc
    values = {"code": code, "name": _text(name, label="县市区名称", max_length=50)}
    return _save(district or District(), values, by=by, read_fingerprint=read_fingerprint)


def save_park(
    *,
    park: Park | None = None,
    name: str,
    district: District | None,
    kind: str = Park.Kind.PROVINCIAL,
    description: str = "",
    by,
    read_fingerprint: str | None = None,
) -> Park:
    """Add a park (园区) or change one; a park lies in one of the city's districts."""
    if district is None:
        raise ValidationError("请选择园区所在的县市区")
    values = {
        "name": _text(name, label="园区名称", max_length=100),
        "district": district,
        "kind": _choice(kind, Park.Kind, label="园区类型"),
        "description": _text(description, label="简介", max_length=2000, required=False),
    }
    return _save(park or Park(), values, by=by, read_fingerprint=read_fingerprint)


def save_department(
    *,
    department: Department | None = None,
    name: str,
    short_name: str = "",
    kind: str = Department.Kind.DEPARTMENT,
    sort: int = 0,
    by,
    read_fingerprint: str | None = None,
) -> Department:
    """Add a department (部门) or other body that holds duties and cases, or change one."""
    try:
        sort = int(sort)
    except (TypeError, ValueError):
        raise ValidationError(f"排序应为整数，实际为“{sort}”") from None
    if not 0 <= sort <= 100_000:
        raise ValidationError("排序应在 0 到 100000 之间")
    values = {
        "name": _text(name, label="部门名称", max_length=100),
        "short_name": _text(short_name, label="简称", max_length=40, required=False),
        "kind": _choice(kind, Department.Kind, label="单位类型"),
        "sort": sort,
    }
    return _save(department or Department(), values, by=by, read_fingerprint=read_fingerprint)


def delete_place(
    *, instance: City | District | Park | Department, by, read_fingerprint: str | None = None
) -> None:
    """Delete a district, park or department; one still in use is refused with what uses it."""
    if isinstance(instance, City):
        raise ValidationError("城市不能删除")
    with transaction.atomic():
        if read_fingerprint is not None and fingerprint(instance) != read_fingerprint:
            raise ValidationError(STALE_MESSAGE)
        before, pk = snapshot(instance), instance.pk
        try:
            with transaction.atomic(), acting_user(by):
                instance.delete()
        except ProtectedError as exc:
            used_by = sorted({str(o._meta.verbose_name) for o in exc.protected_objects})
            raise ValidationError(
                f"“{instance}”仍被{'、'.join(used_by)}使用，不能删除；请先修改或删除这些记录"
            ) from exc
        instance.pk = pk  # delete() cleared it; the log names the record that was removed
        if not changelog.is_tracked(type(instance)):
            with acting_user(by):
                record_changes([(instance, "delete", before, None)])
