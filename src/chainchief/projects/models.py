"""The project library (项目库) and the investment-attraction pipeline (招商).

Money in 万元 (Decimal), land in 亩. A project's stage only changes through
`services.move_stage`, which records a `StageMove` and bumps `version` so that two people
moving the same project at once cannot both win.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chainchief.accounts.changelog import track
from chainchief.core.values import AREA_MU, MONEY


class Kind(models.TextChoices):
    ATTRACTION = "attraction", _("招商引资项目")
    MAJOR = "major", _("在建重大项目")
    UPGRADING = "upgrading", _("技改项目")
    DIGITAL = "digital", _("数字化项目")


class Stage(models.TextChoices):
    LEAD = "lead", _("线索")
    NEGOTIATING = "negotiating", _("洽谈")
    SIGNED = "signed", _("签约")
    STARTED = "started", _("开工")
    IN_PRODUCTION = "in_production", _("投产")
    DROPPED = "dropped", _("终止")


# The pipeline in order; `dropped` sits outside it.
PIPELINE: list[str] = [
    Stage.LEAD,
    Stage.NEGOTIATING,
    Stage.SIGNED,
    Stage.STARTED,
    Stage.IN_PRODUCTION,
]
ACTIVE_STAGES: list[str] = PIPELINE[:-1]  # stages that still need follow-up (stall warnings)


def money_field(label: str, **kwargs) -> models.DecimalField:
    """万元, bounded by core.values.MONEY (the services check the same bound first)."""
    return models.DecimalField(
        label,
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=MONEY.validators(),
        **kwargs,
    )


@track
class WarningRule(models.Model):
    """The city's warning thresholds (one row; defaults apply when there is none)."""

    stall_days = models.PositiveIntegerField(
        _("停滞预警天数"),
        default=60,
        help_text=_("超过此天数无进展记录为黄色预警，超过两倍为红色预警。"),
    )

    class Meta:
        verbose_name = _("项目预警规则")
        verbose_name_plural = _("项目预警规则")

    def __str__(self) -> str:
        return f"停滞 {self.stall_days} 天"

    @classmethod
    def current(cls) -> WarningRule:
        return cls.objects.order_by("id").first() or cls()


@track
class Project(models.Model):
    name = models.CharField(_("项目名称"), max_length=200)
    kind = models.CharField(
        _("项目类型"), max_length=20, choices=Kind.choices, default=Kind.ATTRACTION
    )
    chain = models.ForeignKey(
        "chains.Chain", verbose_name=_("产业链"), on_delete=models.PROTECT, related_name="projects"
    )
    segment = models.ForeignKey(
        "chains.Segment",
        verbose_name=_("环节"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="projects",
    )
    stage = models.CharField(_("阶段"), max_length=20, choices=Stage.choices, default=Stage.LEAD)
    version = models.PositiveIntegerField(_("版本"), default=1)
    is_key = models.BooleanField(_("重点项目"), default=False)

    # The investor: a company of the national graph (by code), a local enterprise, or a name.
    investor_name = models.CharField(_("投资方"), max_length=200, blank=True)
    investor_company_code = models.CharField(
        _("全国图谱企业代码"), max_length=40, blank=True, db_index=True
    )
    investor_enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("本地投资企业"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="projects",
    )
    source_region = models.CharField(_("来源地区"), max_length=50, blank=True)
    target_reasons = models.JSONField(_("推荐理由"), default=list, blank=True)

    planned_investment = money_field(_("计划总投资（万元）"))
    signed_amount = money_field(_("签约金额（万元）"))
    invested = models.DecimalField(
        _("累计完成投资（万元）"), max_digits=16, decimal_places=2, default=0
    )
    expected_output = money_field(_("预计年产值（万元）"))
    expected_tax = money_field(_("预计年税收（万元）"))
    policy_funds = money_field(_("政策资金（万元）"))
    land_mu = models.DecimalField(
        _("用地（亩）"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=AREA_MU.validators(),
    )
    district = models.ForeignKey(
        "places.District",
        verbose_name=_("落地县市区"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="projects",
    )
    park = models.ForeignKey(
        "places.Park",
        verbose_name=_("落地园区"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="projects",
    )
    department = models.ForeignKey(
        "places.Department",
        verbose_name=_("责任单位"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="projects",
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("责任人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="responsible_projects",
    )
    planned_start_on = models.DateField(_("计划开工日期"), null=True, blank=True)
    planned_end_on = models.DateField(_("计划竣工日期"), null=True, blank=True)
    # Set by stage moves: when the project reached these stages (period totals read them).
    stage_since = models.DateField(_("进入当前阶段日期"), default=timezone.localdate)
    signed_on = models.DateField(_("签约日期"), null=True, blank=True)
    started_on = models.DateField(_("开工日期"), null=True, blank=True)
    production_on = models.DateField(_("投产日期"), null=True, blank=True)
    # The last progress entry (or creation) date: stall warnings compare it with today.
    last_progress_on = models.DateField(_("最近进展日期"), default=timezone.localdate)
    note = models.TextField(_("备注"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("项目")
        verbose_name_plural = _("项目")
        constraints = [
            models.UniqueConstraint(fields=["chain", "name"], name="unique_project_name_per_chain")
        ]
        indexes = [
            models.Index(fields=["chain", "stage"]),
            models.Index(fields=["stage", "last_progress_on"]),
            models.Index(fields=["department", "stage"]),
        ]

    def __str__(self) -> str:
        return self.name


@track
class StageMove(models.Model):
    """One move of a project between stages: dated, by whom, with a note (and a reason when
    going backwards or dropping)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="moves")
    from_stage = models.CharField(_("原阶段"), max_length=20, choices=Stage.choices)
    to_stage = models.CharField(_("新阶段"), max_length=20, choices=Stage.choices)
    moved_on = models.DateField(_("日期"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(_("说明"), blank=True)
    reason = models.TextField(_("原因"), blank=True)
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        ordering = ["-moved_on", "-id"]
        verbose_name = _("阶段变更")
        verbose_name_plural = _("阶段变更")

    def __str__(self) -> str:
        return f"{self.project} {self.get_from_stage_display()}→{self.get_to_stage_display()}"


@track
class Milestone(models.Model):
    """A planned step; `planned_investment` (optional) is the cumulative amount planned by its
    date, which the 'investment behind plan' warning compares with `Project.invested`."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    name = models.CharField(_("节点名称"), max_length=100)
    planned_on = models.DateField(_("计划日期"))
    actual_on = models.DateField(_("实际日期"), null=True, blank=True)
    planned_investment = money_field(_("计划累计投资（万元）"))

    class Meta:
        ordering = ["planned_on", "id"]
        verbose_name = _("节点")
        verbose_name_plural = _("节点")
        indexes = [models.Index(fields=["project", "planned_on"])]

    def __str__(self) -> str:
        return f"{self.project} · {self.name}"


@track
class ProgressEntry(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="progress")
    reported_on = models.DateField(_("日期"))
    text = models.TextField(_("进展情况"))
    invested_to_date = models.DecimalField(
        _("累计完成投资（万元）"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    # invested_to_date minus the previous figure, so period totals are one SUM.
    invested_increment = models.DecimalField(
        _("本次新增投资（万元）"), max_digits=16, decimal_places=2, default=0
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("填报人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        ordering = ["-reported_on", "-id"]
        verbose_name = _("进展记录")
        verbose_name_plural = _("进展记录")
        indexes = [
            models.Index(fields=["project", "reported_on"]),
            models.Index(fields=["reported_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.reported_on}"


@track
class Attachment(models.Model):
    """A photo or file of a progress entry, stored under MEDIA_ROOT and served by a scoped view.
    A path (not a FileField) so the change log can snapshot it as plain text."""

    entry = models.ForeignKey(ProgressEntry, on_delete=models.CASCADE, related_name="attachments")
    path = models.CharField(_("存储路径"), max_length=300)
    size = models.PositiveIntegerField(_("大小（字节）"), default=0)
    name = models.CharField(_("文件名"), max_length=200)

    class Meta:
        ordering = ["id"]
        verbose_name = _("附件")
        verbose_name_plural = _("附件")

    def __str__(self) -> str:
        return self.name
