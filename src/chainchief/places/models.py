"""The city and its bodies: the city itself, its districts (GB/T 2260), parks and departments.

The four models were born in web, enterprises and accounts; they moved here without moving
their data, so each keeps its original table (`db_table`). Old change-log rows name them by
their old labels (see `LEGACY_LABELS` and `selectors.changelog_labels`).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from chainchief.accounts.changelog import track

# Change-log rows written before the move carry the old label; the rows are hash-chained, so
# they are never rewritten: readers map old labels to the current ones instead.
LEGACY_LABELS = {
    "web.city": "places.city",
    "enterprises.district": "places.district",
    "enterprises.park": "places.park",
    "accounts.department": "places.department",
}


@track
class City(models.Model):
    """The city this installation serves (one row)."""

    name = models.CharField(_("城市名称"), max_length=50, default="本市")
    code = models.CharField(_("行政区划代码"), max_length=6, blank=True)
    is_demo = models.BooleanField(_("演示数据"), default=False)
    layout_name = models.CharField(_("产业格局名称"), max_length=50, blank=True)

    class Meta:
        db_table = "web_city"
        verbose_name = _("城市")
        verbose_name_plural = _("城市")

    def __str__(self) -> str:
        return self.name

    @classmethod
    def current(cls) -> City:
        return cls.objects.order_by("id").first() or cls(name="本市")


@track
class District(models.Model):
    """A county-level division of the city, by its GB/T 2260 code."""

    code = models.CharField(_("行政区划代码"), max_length=6, unique=True)
    name = models.CharField(_("名称"), max_length=50)

    class Meta:
        db_table = "enterprises_district"
        ordering = ["code"]
        verbose_name = _("县市区")
        verbose_name_plural = _("县市区")

    def __str__(self) -> str:
        return self.name


@track
class Park(models.Model):
    class Kind(models.TextChoices):
        NATIONAL_ETDZ = "national_etdz", _("国家级经济技术开发区")
        NATIONAL_HTZ = "national_htz", _("国家级高新技术产业开发区")
        BONDED = "bonded", _("综合保税区")
        PROVINCIAL = "provincial", _("省级园区")
        OTHER = "other", _("其他园区")

    name = models.CharField(_("名称"), max_length=100, unique=True)
    district = models.ForeignKey(
        District, verbose_name=_("所在县市区"), on_delete=models.PROTECT, related_name="parks"
    )
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices, default=Kind.PROVINCIAL)
    description = models.TextField(_("简介"), blank=True)

    class Meta:
        db_table = "enterprises_park"
        ordering = ["district__code", "name"]
        verbose_name = _("园区")
        verbose_name_plural = _("园区")

    def __str__(self) -> str:
        return self.name


class Department(models.Model):
    """A city department (市直部门) or other body that can hold duties and tasks."""

    class Kind(models.TextChoices):
        DEPARTMENT = "department", _("市直部门")
        DISTRICT = "district", _("县市区")
        PARK = "park", _("园区管委会")
        OTHER = "other", _("其他单位")

    name = models.CharField(_("名称"), max_length=100, unique=True)
    short_name = models.CharField(_("简称"), max_length=40, blank=True)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices, default=Kind.DEPARTMENT)
    sort = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        db_table = "accounts_department"
        ordering = ["sort", "name"]
        verbose_name = _("部门")
        verbose_name_plural = _("部门")

    def __str__(self) -> str:
        return self.name
