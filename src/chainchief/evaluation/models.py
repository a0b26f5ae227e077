"""The review meeting (点评会): indicator systems, runs with frozen results, comments with
action items, and the incentives-and-constraints ledger.

A run's results (ChainResult, IndicatorResult) are written once when it is computed; a
published run is never recomputed (a re-run makes a new run numbered one higher), so later
data changes cannot alter what the meeting saw.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chainchief.accounts.changelog import track
from chainchief.evaluation.scoring import METHODS


def _decimal(label, places: int = 2, **kwargs) -> models.DecimalField:
    return models.DecimalField(label, max_digits=18, decimal_places=places, **kwargs)


@track
class IndicatorSystem(models.Model):
    """考核指标体系: one per year and chain group (no chains listed = every active chain)."""

    name = models.CharField(_("名称"), max_length=100)
    year = models.PositiveIntegerField(_("年度"))
    chains = models.ManyToManyField(
        "chains.Chain", verbose_name=_("参评产业链"), blank=True, related_name="+"
    )
    grades = models.JSONField(
        _("等次分数线"), default=dict, help_text=_('如 {"优秀": 90, "良好": 80, "一般": 60}')
    )
    board_size = models.PositiveIntegerField(_("红黑榜人数"), default=3)
    note = models.TextField(_("说明"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        ordering = ["-year", "name"]
        verbose_name = _("考核指标体系")
        verbose_name_plural = _("考核指标体系")
        constraints = [models.UniqueConstraint(fields=["year", "name"], name="unique_system_name")]

    def __str__(self) -> str:
        return f"{self.year} {self.name}"


@track
class Dimension(models.Model):
    system = models.ForeignKey(IndicatorSystem, on_delete=models.CASCADE, related_name="dimensions")
    name = models.CharField(_("维度"), max_length=50)
    sort = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["sort", "id"]
        verbose_name = _("考核维度")
        verbose_name_plural = _("考核维度")

    def __str__(self) -> str:
        return self.name


class Direction(models.TextChoices):
    HIGHER = "higher", _("越大越好")
    LOWER = "lower", _("越小越好")


@track
class Indicator(models.Model):
    system = models.ForeignKey(IndicatorSystem, on_delete=models.CASCADE, related_name="indicators")
    dimension = models.ForeignKey(Dimension, on_delete=models.CASCADE, related_name="indicators")
    code = models.SlugField(_("代码"), max_length=40)
    name = models.CharField(_("指标"), max_length=100)
    unit = models.CharField(_("单位"), max_length=20, blank=True)
    direction = models.CharField(
        _("方向"), max_length=10, choices=Direction.choices, default=Direction.HIGHER
    )
    source = models.CharField(_("数据来源"), max_length=40)
    method = models.CharField(
        _("评分方法"), max_length=20, choices=[(k, v) for k, v in METHODS.items()]
    )
    params = models.JSONField(_("参数"), default=dict, blank=True)
    weight = _decimal(_("权重"), default=0)
    sort = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["dimension__sort", "sort", "id"]
        verbose_name = _("考核指标")
        verbose_name_plural = _("考核指标")
        constraints = [
            models.UniqueConstraint(fields=["system", "code"], name="unique_indicator_code")
        ]

    def __str__(self) -> str:
        return self.name


@track
class ManualValue(models.Model):
    """A value the office uploads for a manual indicator, with a note and its evidence file."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="manual_values")
    chain = models.ForeignKey("chains.Chain", on_delete=models.CASCADE, related_name="+")
    period = models.CharField(_("考核期"), max_length=10)
    value = _decimal(_("数值"), 4)
    note = models.CharField(_("说明"), max_length=200)
    file = models.CharField(_("佐证材料"), max_length=300, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("填报时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("手工填报值")
        verbose_name_plural = _("手工填报值")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "chain", "period"], name="unique_manual_value"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.period} {self.value}"


@track
class Rating(models.Model):
    """One named rater's score (0—100) for a subjective indicator."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="ratings")
    chain = models.ForeignKey("chains.Chain", on_delete=models.CASCADE, related_name="+")
    period = models.CharField(_("考核期"), max_length=10)
    rater = models.CharField(_("评分人"), max_length=50)
    score = _decimal(_("分数"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["rater"]
        verbose_name = _("主观评分")
        verbose_name_plural = _("主观评分")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "chain", "period", "rater"], name="unique_rating"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.rater} {self.score}"


@track
class Run(models.Model):
    """考评: one computation of every chain's scores for a period; a draft until published."""

    class Status(models.TextChoices):
        COMPUTING = "computing", _("计算中")
        DRAFT = "draft", _("草稿")
        PUBLISHED = "published", _("已发布")
        FAILED = "failed", _("计算失败")

    system = models.ForeignKey(IndicatorSystem, on_delete=models.PROTECT, related_name="runs")
    period = models.CharField(_("考核期"), max_length=10, db_index=True)
    number = models.PositiveIntegerField(_("版本"), default=1)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.COMPUTING
    )
    error = models.TextField(_("错误"), blank=True)
    job_id = models.CharField(_("后台任务"), max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    computed_at = models.DateTimeField(_("计算完成时间"), null=True, blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-period", "-number"]
        verbose_name = _("考评")
        verbose_name_plural = _("考评")
        constraints = [
            models.UniqueConstraint(fields=["system", "period", "number"], name="unique_run_number")
        ]

    def __str__(self) -> str:
        return f"{self.period} 第{self.number}版（{self.get_status_display()}）"


class ChainResult(models.Model):
    """A chain's total, rank, grade and dimension scores in one run (written once)."""

    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="chain_results")
    chain = models.ForeignKey("chains.Chain", on_delete=models.PROTECT, related_name="+")
    total = _decimal(_("总分"))
    rank = models.PositiveIntegerField(_("名次"))
    grade = models.CharField(_("等次"), max_length=10)
    veto_reason = models.TextField(_("否决原因"), blank=True)
    board = models.CharField(_("红黑榜"), max_length=5, blank=True)  # red | black | ""
    dimensions = models.JSONField(_("维度得分"), default=dict)

    class Meta:
        ordering = ["rank", "chain__sort", "chain__code"]
        constraints = [models.UniqueConstraint(fields=["run", "chain"], name="unique_chain_result")]

    def __str__(self) -> str:
        return f"{self.run} {self.chain_id} {self.total}"


class IndicatorResult(models.Model):
    """One chain's value and points on one indicator in a run, with the formula and the rows
    it counted (drill-down). The indicator's name and method are copied: a frozen run keeps
    them even when the system is edited later."""

    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="indicator_results")
    chain = models.ForeignKey("chains.Chain", on_delete=models.PROTECT, related_name="+")
    indicator = models.ForeignKey(Indicator, null=True, on_delete=models.SET_NULL, related_name="+")
    code = models.CharField(max_length=40)
    name = models.CharField(max_length=100)
    dimension = models.CharField(max_length=50)
    unit = models.CharField(max_length=20, blank=True)
    method = models.CharField(max_length=20)
    weight = _decimal(_("权重"))
    value = _decimal(_("数值"), 4, null=True)
    target = _decimal(_("目标值"), 4, null=True)
    points = _decimal(_("得分"))
    rank = models.PositiveIntegerField(_("名次"), null=True)
    formula = models.TextField(_("计算过程"))
    source_note = models.TextField(_("取数口径"), blank=True)
    rows = models.JSONField(_("计入明细"), default=list)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["run", "chain"])]

    def __str__(self) -> str:
        return f"{self.name} {self.points}"


@track
class Comment(models.Model):
    """点评意见 of one chain in one run: drafted by the platform, edited and signed by the
    general chief. `version` guards concurrent edits."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("待签发")
        SIGNED = "signed", _("已签发")

    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="comments")
    chain = models.ForeignKey("chains.Chain", on_delete=models.PROTECT, related_name="+")
    draft = models.TextField(_("平台草稿"))
    text = models.TextField(_("点评意见"))
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    version = models.PositiveIntegerField(default=1)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_at = models.DateTimeField(_("签发时间"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("点评意见")
        verbose_name_plural = _("点评意见")
        constraints = [models.UniqueConstraint(fields=["run", "chain"], name="unique_comment")]

    def __str__(self) -> str:
        return f"{self.chain} · {self.run.period} 点评意见"


@track
class ActionItem(models.Model):
    """整改要求 of a comment; becomes a supervision case of kind 点评交办 when signed."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="action_items")
    text = models.TextField(_("整改要求"))
    department = models.ForeignKey(
        "places.Department",
        verbose_name=_("责任单位"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    deadline = models.DateField(_("完成时限"))
    case_id = models.PositiveIntegerField(_("督办事项"), null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("整改要求")
        verbose_name_plural = _("整改要求")

    def __str__(self) -> str:
        return self.text[:50]


class IncentiveKind(models.TextChoices):
    PRAISE = "praise", _("通报表扬")
    HONOUR = "honour", _("评优评先")
    REWARD = "reward", _("资金奖励")
    CRITICISM = "criticism", _("通报批评")
    TALK = "talk", _("约谈")
    RECTIFY = "rectify", _("限期整改")


POSITIVE_KINDS = {IncentiveKind.PRAISE, IncentiveKind.HONOUR, IncentiveKind.REWARD}


@track
class Incentive(models.Model):
    """正向激励 / 反向约束: a decision tied to a run and a chain or a person (cadre)."""

    run = models.ForeignKey(
        Run, null=True, blank=True, on_delete=models.PROTECT, related_name="incentives"
    )
    chain = models.ForeignKey(
        "chains.Chain", null=True, blank=True, on_delete=models.PROTECT, related_name="incentives"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("干部"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="incentives",
    )
    kind = models.CharField(_("类型"), max_length=10, choices=IncentiveKind.choices)
    amount = _decimal(_("奖励金额（万元）"), null=True, blank=True)
    text = models.TextField(_("决定内容"))
    decided_on = models.DateField(_("决定日期"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-decided_on", "-id"]
        verbose_name = _("激励约束")
        verbose_name_plural = _("激励约束台账")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.decided_on}"

    @property
    def positive(self) -> bool:
        return self.kind in POSITIVE_KINDS
