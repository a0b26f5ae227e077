"""The national reference graph (全国产业图谱): industries, listed companies, products and
their relations, as imported from the public ChainKnowledgeGraph format, plus the links of
local enterprises to graph products.

Graph tables are written only by the importer (bulk, not change-logged: they are reference
data, reproducible from the source files); the import itself is recorded as a GraphImport.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chainchief.accounts.changelog import track


class GraphImport(models.Model):
    """One import run that changed the graph; the latest id is the engine's cache stamp."""

    source = models.CharField(_("来源目录"), max_length=500)
    digest = models.CharField(_("内容摘要"), max_length=64)
    counts = models.JSONField(_("数量"), default=dict)
    changes = models.JSONField(_("变更"), default=dict)
    duplicates = models.JSONField(_("重复代码报告"), default=list)
    imported_at = models.DateTimeField(_("导入时间"), auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("图谱导入记录")
        verbose_name_plural = _("图谱导入记录")

    def __str__(self) -> str:
        return f"{self.imported_at:%Y-%m-%d %H:%M} {self.source}"


class Industry(models.Model):
    """A Shenwan (申万 2021) industry: level 1 `xx0000`, level 2 `xxyy00`, level 3 `xxyyzz`."""

    code = models.CharField(_("行业代码"), max_length=6, unique=True)
    name = models.CharField(_("名称"), max_length=50)
    level = models.PositiveSmallIntegerField(_("级别"), default=1)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级行业"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("申万行业")
        verbose_name_plural = _("申万行业")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Company(models.Model):
    """A listed company of the graph. `key` is the 6-digit code (plus `#n` for the extra rows
    of a code that appears more than once in the source: kept, flagged, never merged)."""

    key = models.CharField(_("键"), max_length=12, unique=True)
    code = models.CharField(_("证券代码"), max_length=6, db_index=True)
    raw_code = models.CharField(_("原始代码"), max_length=12)
    short_name = models.CharField(_("简称"), max_length=50, db_index=True)
    full_name = models.CharField(_("全称"), max_length=200, blank=True)
    exchange = models.CharField(_("交易所"), max_length=30, blank=True)
    listed_on_raw = models.CharField(_("上市日期（原文）"), max_length=30, blank=True)
    listed_on = models.DateField(_("上市日期"), null=True, blank=True)
    province = models.CharField(_("省份"), max_length=20, blank=True, db_index=True)
    city = models.CharField(_("城市"), max_length=20, blank=True)
    distressed = models.BooleanField(_("风险警示（ST）"), default=False)
    is_primary = models.BooleanField(_("代码主记录"), default=True)
    duplicate_code = models.BooleanField(_("代码重复"), default=False)
    duplicate_note = models.CharField(_("重复说明"), max_length=500, blank=True)

    class Meta:
        ordering = ["key"]
        verbose_name = _("上市公司")
        verbose_name_plural = _("上市公司")

    def __str__(self) -> str:
        return f"{self.short_name}（{self.code}）"


class Product(models.Model):
    name = models.CharField(_("名称"), max_length=300, unique=True)
    normalized = models.CharField(_("规范名"), max_length=300, db_index=True)
    noise = models.BooleanField(_("噪声"), default=False)
    noise_reason = models.CharField(_("噪声原因"), max_length=20, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("产品")
        verbose_name_plural = _("产品")

    def __str__(self) -> str:
        return self.name


class CompanyProduct(models.Model):
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="product_links")
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="company_links")
    weight = models.FloatField(_("收入占比"), default=0)

    class Meta:
        verbose_name = _("主营产品")
        verbose_name_plural = _("主营产品")
        constraints = [
            models.UniqueConstraint(fields=["company", "product"], name="unique_company_product")
        ]

    def __str__(self) -> str:
        return f"{self.company_id} → {self.product_id}"


class RelationKind(models.TextChoices):
    UPSTREAM_MATERIAL = "upstream_material", _("上游材料")
    SUBCLASS = "subclass", _("产品小类")
    DOWNSTREAM = "downstream", _("下游产品")


class ProductRelation(models.Model):
    """`to_product` is an upstream material / a sub-class / a downstream product of `from_product`."""

    from_product = models.ForeignKey(
        Product, on_delete=models.CASCADE, related_name="relations_from"
    )
    to_product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="relations_to")
    kind = models.CharField(_("关系"), max_length=20, choices=RelationKind.choices)

    class Meta:
        verbose_name = _("产品关系")
        verbose_name_plural = _("产品关系")
        constraints = [
            models.UniqueConstraint(
                fields=["from_product", "to_product", "kind"], name="unique_product_relation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.from_product_id} {self.kind} {self.to_product_id}"


class CompanyIndustry(models.Model):
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="industry_links")
    industry = models.ForeignKey(Industry, on_delete=models.CASCADE, related_name="company_links")

    class Meta:
        verbose_name = _("所属行业")
        verbose_name_plural = _("所属行业")
        constraints = [
            models.UniqueConstraint(fields=["company", "industry"], name="unique_company_industry")
        ]

    def __str__(self) -> str:
        return f"{self.company_id} ∈ {self.industry_id}"


class IndustryUpstream(models.Model):
    industry = models.ForeignKey(Industry, on_delete=models.CASCADE, related_name="upstream_links")
    upstream = models.ForeignKey(
        Industry, on_delete=models.CASCADE, related_name="downstream_links"
    )
    count = models.PositiveIntegerField(_("支撑产品关系数"), default=0)

    class Meta:
        verbose_name = _("行业上游")
        verbose_name_plural = _("行业上游")
        constraints = [
            models.UniqueConstraint(
                fields=["industry", "upstream"], name="unique_industry_upstream"
            )
        ]

    def __str__(self) -> str:
        return f"{self.upstream_id} → {self.industry_id}"


class EnterpriseProduct(models.Model):
    """A local enterprise makes a graph product: entered by staff, or matched from its texts."""

    class Source(models.TextChoices):
        ENTERED = "entered", _("录入")
        MATCHED = "matched", _("文本匹配")

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.CASCADE, related_name="graph_products"
    )
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="enterprise_links")
    source = models.CharField(
        _("来源"), max_length=10, choices=Source.choices, default=Source.MATCHED
    )
    matched_text = models.CharField(_("匹配原文"), max_length=300, blank=True)

    class Meta:
        ordering = ["enterprise", "product"]
        verbose_name = _("企业产品（图谱）")
        verbose_name_plural = _("企业产品（图谱）")
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "product"], name="unique_enterprise_product"
            )
        ]

    def __str__(self) -> str:
        return f"{self.enterprise_id} · {self.product_id}"


@track
class Synonym(models.Model):
    """A synonym group the office added (beside the curated list shipped with the product)."""

    text = models.CharField(
        _("同义词组"),
        max_length=500,
        help_text=_("如：光伏组件 = 太阳能电池组件；或 电线电缆 > 电力电缆, 控制电缆"),
    )
    scope = models.CharField(
        _("适用产业链"),
        max_length=50,
        blank=True,
        help_text=_("留空表示所有产业链；填写如“电池”，仅在名称含该词的产业链生效"),
    )
    note = models.CharField(_("说明"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("添加人"), null=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("添加时间"), auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("产品同义词")
        verbose_name_plural = _("产品同义词")

    def __str__(self) -> str:
        return self.text


@track
class TargetMark(models.Model):
    """The office marked a target 不相关 for a segment: excluded there, kept as evaluation data."""

    segment = models.ForeignKey(
        "chains.Segment",
        verbose_name=_("环节"),
        on_delete=models.CASCADE,
        related_name="target_marks",
    )
    company_key = models.CharField(_("企业代码"), max_length=40)  # graph key or credit code
    company_name = models.CharField(_("企业名称"), max_length=200)
    reason = models.CharField(_("不相关原因"), max_length=300)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("标记人"), null=True, on_delete=models.SET_NULL
    )
    marked_at = models.DateTimeField(_("标记时间"), auto_now_add=True)

    class Meta:
        ordering = ["-marked_at", "-id"]
        verbose_name = _("目标标记")
        verbose_name_plural = _("目标标记")
        constraints = [
            models.UniqueConstraint(fields=["segment", "company_key"], name="unique_target_mark")
        ]

    def __str__(self) -> str:
        return f"{self.company_name} 不相关（{self.segment_id}）"


class UniverseCompany(models.Model):
    """A company of the city's own registry (非上市企业名录), imported from a file. Reference
    data written in bulk by the import job (not change-logged; the import is a Job)."""

    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, unique=True)
    name = models.CharField(_("企业名称"), max_length=200, db_index=True)
    address = models.CharField(_("地址"), max_length=300, blank=True)
    province = models.CharField(_("省份"), max_length=20, blank=True)
    city = models.CharField(_("城市"), max_length=20, blank=True)
    business_scope = models.TextField(_("经营范围"), blank=True)
    registered_capital = models.FloatField(_("注册资本（万元）"), null=True, blank=True)
    established_on = models.DateField(_("成立日期"), null=True, blank=True)
    industry = models.CharField(_("行业"), max_length=100, blank=True)
    imported_at = models.DateTimeField(_("导入时间"), auto_now=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("企业名录")
        verbose_name_plural = _("企业名录")

    def __str__(self) -> str:
        return self.name


class UniverseProduct(models.Model):  # noqa: DJ008 (a link row, never shown alone)
    company = models.ForeignKey(UniverseCompany, on_delete=models.CASCADE, related_name="products")
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="universe_links")
    matched_text = models.CharField(_("匹配原文"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("名录企业产品")
        verbose_name_plural = _("名录企业产品")
        constraints = [
            models.UniqueConstraint(fields=["company", "product"], name="unique_universe_product")
        ]
