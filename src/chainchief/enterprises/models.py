from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chainchief.accounts.changelog import track
from chainchief.core.values import COUNT, MONEY


class Tier(models.TextChoices):
    BILLION = "billion", _("百亿企业")
    LISTED = "listed", _("上市企业")
    HIGH_TECH = "high_tech", _("高新技术企业")
    ABOVE_SCALE = "above_scale", _("四上企业")
    LITTLE_GIANT = "little_giant", _("专精特新")
    ANCHOR = "anchor", _("链主企业")


@track
class Enterprise(models.Model):
    name = models.CharField(_("企业名称"), max_length=200, unique=True)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, unique=True)
    district = models.ForeignKey(
        "places.District",
        verbose_name=_("所在县市区"),
        on_delete=models.PROTECT,
        related_name="enterprises",
    )
    park = models.ForeignKey(
        "places.Park",
        verbose_name=_("所在园区"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="enterprises",
    )
    chains = models.ManyToManyField(
        "chains.Chain", verbose_name=_("所属产业链"), blank=True, related_name="enterprises"
    )
    segments = models.ManyToManyField(
        "chains.Segment", verbose_name=_("所属环节"), blank=True, related_name="enterprises"
    )
    main_products = models.TextField(
        _("主要产品"), blank=True, help_text=_("多个产品用顿号、逗号或分号分隔")
    )
    business_scope = models.TextField(_("经营范围"), blank=True)
    established_on = models.DateField(_("成立日期"), null=True, blank=True)
    liaison_official = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("联络干部"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="liaison_enterprises",
    )
    note = models.TextField(_("备注"), blank=True)
    # Bumped by every edit through the services: a save based on an older one is refused.
    version = models.PositiveIntegerField(_("版本"), default=1)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("企业")
        verbose_name_plural = _("企业")

    def __str__(self) -> str:
        return self.name

    def product_list(self) -> list[str]:
        from chainchief.enterprises.validators import split_products

        return split_products(self.main_products)


@track
class EnterpriseTier(models.Model):
    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="tiers")
    tier = models.CharField(_("梯队"), max_length=20, choices=Tier.choices)
    gained_on = models.DateField(_("认定日期"), null=True, blank=True)
    chain = models.ForeignKey(
        "chains.Chain",
        verbose_name=_("链主所在产业链"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="anchor_tiers",
    )

    class Meta:
        ordering = ["tier"]
        verbose_name = _("企业梯队")
        verbose_name_plural = _("企业梯队")
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "tier"], name="unique_enterprise_tier")
        ]
        # The list's tier filter reads the enterprises of one tier.
        indexes = [models.Index(fields=["tier", "enterprise"], name="enterprise_tier_by_tier")]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.get_tier_display()}"


@track
class Contact(models.Model):
    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("姓名"), max_length=50)
    title = models.CharField(_("职务"), max_length=50, blank=True)
    phone = models.CharField(_("电话"), max_length=30, blank=True)
    email = models.EmailField(_("邮箱"), blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("企业联系人")
        verbose_name_plural = _("企业联系人")

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.name}"


class IndicatorQuerySet(models.QuerySet):
    """Bulk writes of monthly rows keep the indicator summary exact (enterprises/summary.py),
    as saves and deletes do through signals."""

    def bulk_create(self, objs, *args, **kwargs):
        from chainchief.enterprises import summary

        objs = super().bulk_create(objs, *args, **kwargs)
        if kwargs.get("ignore_conflicts") or kwargs.get("update_conflicts"):
            summary.rebuild_output_summary(months={o.month for o in objs})
        else:
            summary.indicators_written(created=objs)
        return objs

    def bulk_update(self, objs, fields, *args, **kwargs):
        from chainchief.enterprises import summary

        objs = list(objs)
        before = summary.rows_before(objs)
        with summary.bulk_update_running():  # its inner update() calls are followed here
            count = super().bulk_update(objs, fields, *args, **kwargs)
        summary.indicators_written(updated=[(o, before[o.pk]) for o in objs if o.pk in before])
        return count

    def update(self, **kwargs):
        from chainchief.enterprises import summary

        if summary.bulk_update_running.active():
            return super().update(**kwargs)
        months = set(self.values_list("month", flat=True))
        count = super().update(**kwargs)
        summary.rebuild_output_summary(months=months | ({kwargs.get("month")} - {None}))
        return count


@track
class MonthlyIndicator(models.Model):
    """An enterprise's figures for one month. Money in 万元."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="indicators")
    month = models.DateField(_("月份"), help_text=_("当月第一天"))
    output_value = models.DecimalField(
        _("产值（万元）"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=MONEY.validators(),
    )
    revenue = models.DecimalField(
        _("营业收入（万元）"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=MONEY.validators(),
    )
    tax = models.DecimalField(
        _("税收（万元）"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=MONEY.validators(),
    )
    employees = models.PositiveIntegerField(
        _("从业人数"), null=True, blank=True, validators=COUNT.validators()
    )

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["enterprise", "month"]
        verbose_name = _("月度指标")
        verbose_name_plural = _("月度指标")
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "month"], name="unique_indicator_month")
        ]
        indexes = [models.Index(fields=["month", "enterprise"])]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.month:%Y-%m}"


class IndicatorSummary(models.Model):
    """Monthly indicator sums per month and set of chains (see enterprises/summary.py): the
    cockpit, the chain pages and the goals add a few hundred of these instead of millions of
    monthly rows. Kept exact by the writes; not tracked in the change log (it is derived)."""

    month = models.DateField()
    # The sorted ids of the chains the enterprises belong to ("3,7"); "" for no chain.
    chain_set = models.CharField(max_length=200, blank=True)
    output_value = models.DecimalField(max_digits=20, decimal_places=2, default=0)
    revenue = models.DecimalField(max_digits=20, decimal_places=2, default=0)
    tax = models.DecimalField(max_digits=20, decimal_places=2, default=0)
    employees = models.BigIntegerField(default=0)

    class Meta:
        ordering = ["month", "chain_set"]
        constraints = [
            models.UniqueConstraint(fields=["month", "chain_set"], name="unique_summary_cell")
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} [{self.chain_set}]"
