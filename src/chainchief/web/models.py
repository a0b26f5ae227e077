from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from chainchief.accounts.changelog import track


@track
class City(models.Model):
    """The city this installation serves (one row)."""

    name = models.CharField(_("城市名称"), max_length=50, default="本市")
    code = models.CharField(_("行政区划代码"), max_length=6, blank=True)
    is_demo = models.BooleanField(_("演示数据"), default=False)
    layout_name = models.CharField(_("产业格局名称"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("城市")
        verbose_name_plural = _("城市")

    def __str__(self) -> str:
        return self.name

    @classmethod
    def current(cls) -> City:
        return cls.objects.order_by("id").first() or cls(name="本市")
