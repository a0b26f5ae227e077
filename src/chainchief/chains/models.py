from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chainchief.accounts.changelog import track
from chainchief.core.values import CHAIN_CODE_HELP, GOAL_TARGET, WEIGHT, YEAR


@track
class LayoutNode(models.Model):
    """A level of the city's industrial layout (产业格局): clusters containing chains, any depth."""

    name = models.CharField(_("名称"), max_length=100)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    level_name = models.CharField(_("层级名称"), max_length=30, default="产业集群")
    description = models.TextField(_("说明"), blank=True)
    sort = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["sort", "id"]
        verbose_name = _("产业格局节点")
        verbose_name_plural = _("产业格局")

    def __str__(self) -> str:
        return self.name


@track
class Chain(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("在用")
        DRAFT = "draft", _("草稿")

    code = models.CharField(_("代码"), max_length=30, unique=True, help_text=CHAIN_CODE_HELP)
    name = models.CharField(_("名称"), max_length=100)
    description = models.TextField(_("简介"), blank=True)
    layout_node = models.ForeignKey(
        LayoutNode,
        verbose_name=_("所属集群"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="chains",
    )
    host_parks = models.ManyToManyField(
        "places.Park", verbose_name=_("主要承载园区"), blank=True, related_name="chains"
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    sort = models.PositiveIntegerField(_("排序"), default=0)

    # Bumped by every edit through the services: a save based on an older one is refused.
    version = models.PositiveIntegerField(_("版本"), default=1)

    class Meta:
        ordering = ["sort", "code"]
        verbose_name = _("产业链")
        verbose_name_plural = _("产业链")

    def __str__(self) -> str:
        return self.name


@track
class OrgRole(models.Model):
    """A role of the 六个一 organisation (链长, 牵头部门, 工作专班 …), configurable per city."""

    class Holder(models.TextChoices):
        PERSON = "person", _("个人")
        BODY = "body", _("单位或组织")

    code = models.SlugField(_("代码"), max_length=30, unique=True)
    name = models.CharField(_("名称"), max_length=50)
    holder = models.CharField(
        _("担任者"), max_length=10, choices=Holder.choices, default=Holder.PERSON
    )
    grants_scope = models.BooleanField(
        _("授予该链权限"),
        default=False,
        help_text=_("担任此角色的系统用户可查看并编辑该产业链。"),
    )
    optional = models.BooleanField(_("可选"), default=False)
    default_duties = models.TextField(_("默认职责"), blank=True)
    sort = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["sort", "id"]
        verbose_name = _("组织角色")
        verbose_name_plural = _("组织角色（六个一）")

    def __str__(self) -> str:
        return self.name


@track
class ChainOrgMember(models.Model):
    """Who holds a role in a chain's organisation: a user, a department, or a named body."""

    chain = models.ForeignKey(Chain, on_delete=models.CASCADE, related_name="org_members")
    role = models.ForeignKey(
        OrgRole, verbose_name=_("角色"), on_delete=models.PROTECT, related_name="members"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="chain_roles",
    )
    department = models.ForeignKey(
        "places.Department",
        verbose_name=_("部门"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="chain_roles",
    )
    name = models.CharField(_("名称或姓名"), max_length=100, blank=True)
    title = models.CharField(_("职务"), max_length=100, blank=True)
    duties = models.TextField(_("职责"), blank=True)
    sort = models.PositiveIntegerField(_("排序"), default=0)

    # Bumped by every edit through the services: a save based on an older one is refused.
    version = models.PositiveIntegerField(_("版本"), default=1)

    class Meta:
        ordering = ["role__sort", "sort", "id"]
        verbose_name = _("组织成员")
        verbose_name_plural = _("组织成员")

    def __str__(self) -> str:
        return f"{self.chain} · {self.role} · {self.holder_name}"

    @property
    def holder_name(self) -> str:
        if self.name:
            return self.name
        if self.user_id:
            return str(self.user)
        if self.department_id:
            return str(self.department)
        return ""


@track
class DevelopmentGoal(models.Model):
    """One line of the chain's development-goal list (发展目标清单)."""

    chain = models.ForeignKey(Chain, on_delete=models.CASCADE, related_name="goals")
    indicator = models.CharField(_("指标"), max_length=100)
    unit = models.CharField(_("单位"), max_length=20)
    year = models.PositiveIntegerField(_("年度"), validators=YEAR.validators())
    target_value = models.DecimalField(
        _("目标值"), max_digits=18, decimal_places=2, validators=GOAL_TARGET.validators()
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)
    sort = models.PositiveIntegerField(_("排序"), default=0)

    # Bumped by every edit through the services: a save based on an older one is refused.
    version = models.PositiveIntegerField(_("版本"), default=1)

    class Meta:
        ordering = ["year", "sort", "id"]
        verbose_name = _("发展目标")
        verbose_name_plural = _("发展目标清单")
        constraints = [
            models.UniqueConstraint(
                fields=["chain", "indicator", "year"], name="unique_goal_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.chain} {self.year} {self.indicator}"


class Stage(models.TextChoices):
    UPSTREAM = "upstream", _("上游")
    MIDSTREAM = "midstream", _("中游")
    DOWNSTREAM = "downstream", _("下游")


@track
class Segment(models.Model):
    """A link (环节) of a chain map, in a tree under upstream / midstream / downstream."""

    chain = models.ForeignKey(Chain, on_delete=models.CASCADE, related_name="segments")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级环节"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    stage = models.CharField(_("位置"), max_length=12, choices=Stage.choices)
    name = models.CharField(_("名称"), max_length=100)
    description = models.TextField(_("说明"), blank=True)
    terms = models.JSONField(_("产品词"), default=list, blank=True)
    weight = models.DecimalField(
        _("权重"), max_digits=6, decimal_places=2, default=1, validators=WEIGHT.validators()
    )
    sort = models.PositiveIntegerField(_("排序"), default=0)
    # Bumped by every edit through the services: a save based on an older one is refused.
    version = models.PositiveIntegerField(_("版本"), default=1)

    class Meta:
        ordering = ["chain", "sort", "id"]
        verbose_name = _("环节")
        verbose_name_plural = _("环节")

    def __str__(self) -> str:
        return f"{self.get_stage_display()}·{self.name}"
