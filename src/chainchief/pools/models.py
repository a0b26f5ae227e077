"""The pools and networks that answer problems (两池两网): talent, capital, research results,
the cooperation network, and the matches recorded on cases (推荐资源)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chainchief.accounts.changelog import track


class PoolRow(models.Model):
    chain = models.ForeignKey(
        "chains.Chain",
        verbose_name=_("产业链"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    contact_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("联系人账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(_("备注"), blank=True)
    is_demo = models.BooleanField(_("演示数据"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


@track
class TalentSupply(PoolRow):
    """Skilled-worker and graduate supply (院校、专业、年度毕业生、培训项目)."""

    institution = models.CharField(_("院校或培训机构"), max_length=100)
    major = models.CharField(_("专业"), max_length=100)
    graduates_per_year = models.PositiveIntegerField(_("年度毕业生数"), default=0)
    training = models.CharField(_("培训项目"), max_length=200, blank=True)
    skill_level = models.CharField(_("技能等级"), max_length=30, blank=True)

    class Meta:
        ordering = ["institution", "major"]
        verbose_name = _("人才供给")
        constraints = [
            models.UniqueConstraint(fields=["institution", "major"], name="talent_supply_once")
        ]

    def __str__(self) -> str:
        return f"{self.institution} · {self.major}"


@track
class TalentNeed(PoolRow):
    """An enterprise's hiring need (岗位、人数、技能等级)."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("企业"), on_delete=models.CASCADE, related_name="+"
    )
    position = models.CharField(_("岗位"), max_length=100)
    headcount = models.PositiveIntegerField(_("人数"), default=1)
    skill_level = models.CharField(_("技能等级"), max_length=30, blank=True)
    case = models.ForeignKey(
        "casework.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["enterprise__name", "position"]
        verbose_name = _("用工需求")
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "position"], name="talent_need_once")
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.position} × {self.headcount}"


@track
class FinancingProduct(PoolRow):
    """A bank's or fund's financing product (资金池)."""

    class Type(models.TextChoices):
        LOAN = "loan", _("贷款")
        EQUITY = "equity", _("股权投资")
        GUARANTEE = "guarantee", _("融资担保")
        LEASE = "lease", _("融资租赁")
        OTHER = "other", _("其他")

    provider = models.CharField(_("金融机构"), max_length=100)
    name = models.CharField(_("产品名称"), max_length=100)
    type = models.CharField(_("类型"), max_length=20, choices=Type.choices, default=Type.LOAN)
    amount_min = models.DecimalField(
        _("额度下限（万元）"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    amount_max = models.DecimalField(
        _("额度上限（万元）"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    rate = models.CharField(_("利率区间"), max_length=50, blank=True)
    term = models.CharField(_("期限"), max_length=50, blank=True)
    eligible = models.CharField(_("适用对象"), max_length=300, blank=True)
    is_partner_bank = models.BooleanField(_("链上合作银行"), default=False)

    class Meta:
        ordering = ["provider", "name"]
        verbose_name = _("金融产品")
        constraints = [
            models.UniqueConstraint(fields=["provider", "name"], name="financing_product_once")
        ]

    def __str__(self) -> str:
        return f"{self.provider} · {self.name}"


@track
class ResearchResult(PoolRow):
    """A research result ready for industrialisation (可产业化科研成果)."""

    class Maturity(models.TextChoices):
        LAB = "lab", _("实验室")
        PILOT = "pilot", _("中试")
        INDUSTRIAL = "industrial", _("产业化")

    title = models.CharField(_("成果名称"), max_length=200, unique=True)
    institution = models.CharField(_("完成单位"), max_length=100)
    field = models.CharField(_("技术领域"), max_length=100, blank=True)
    maturity = models.CharField(
        _("成熟度"), max_length=20, choices=Maturity.choices, default=Maturity.LAB
    )
    trl = models.PositiveSmallIntegerField(_("技术就绪度 TRL"), null=True, blank=True)
    ip = models.CharField(_("知识产权"), max_length=200, blank=True)
    cooperation = models.CharField(_("合作方式"), max_length=100, blank=True)
    keywords = models.CharField(
        _("产品与关键词"), max_length=300, blank=True, help_text=_("用顿号或逗号分隔")
    )
    summary = models.TextField(_("简介"), blank=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("科研成果")

    def __str__(self) -> str:
        return self.title

    @property
    def words(self) -> list[str]:
        raw = self.keywords.replace("，", "、").replace(",", "、").replace(";", "、")
        return [w.strip() for w in raw.split("、") if w.strip()]


@track
class Partner(PoolRow):
    """The cooperation network (合作网络): universities, institutes, associations, services."""

    class Kind(models.TextChoices):
        UNIVERSITY = "university", _("高校")
        INSTITUTE = "institute", _("科研院所")
        ASSOCIATION = "association", _("行业协会")
        SERVICE = "service", _("服务机构")
        FINANCE = "finance", _("金融机构")

    name = models.CharField(_("名称"), max_length=100, unique=True)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    field = models.CharField(_("领域或专长"), max_length=200, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("合作机构")

    def __str__(self) -> str:
        return self.name


@track
class ResourceMatch(models.Model):
    """An offer of a pool chosen for a case (推荐资源 → 选用)."""

    case = models.ForeignKey("casework.Case", on_delete=models.CASCADE, related_name="resources")
    pool = models.CharField(_("资源池"), max_length=20)
    object_id = models.PositiveIntegerField()
    label = models.CharField(_("资源"), max_length=200)
    reason = models.CharField(_("匹配理由"), max_length=300, blank=True)
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    chosen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-chosen_at"]
        constraints = [
            models.UniqueConstraint(fields=["case", "pool", "object_id"], name="resource_once")
        ]

    def __str__(self) -> str:
        return self.label
