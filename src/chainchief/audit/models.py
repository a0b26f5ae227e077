"""Audit (审计): annual plans with versions, audits with stages and documents, findings with a
configurable taxonomy, rectification data, and early-warning rules.

Rectification is a case of kind 审计整改 on the one supervision workflow (casework); what is
specific to audit (measures, money recovered, rules made, people held accountable, evidence,
the closing 认定) lives here in `Rectification`, linked to the finding. Money in 万元.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chainchief.accounts.changelog import track


class FocusArea(models.TextChoices):
    STRATEGY = "strategy", _("战略实施")
    PERFORMANCE = "performance", _("绩效管理")
    INVESTMENT = "investment", _("项目投资")
    LIVELIHOOD = "livelihood", _("民生民利")
    POWER = "power", _("权力运行")
    INTEGRITY = "integrity", _("正风反腐")


class AuditKind(models.TextChoices):
    CADRE = "cadre", _("经济责任审计")
    SPECIAL = "special", _("专项审计")
    SPECIAL_SURVEY = "special_survey", _("专项审计调查")
    INVESTMENT = "investment", _("投资项目审计")


class ItemSource(models.TextChoices):
    HIGHER = "higher", _("上级统一组织")
    AUTHORISED = "authorised", _("授权")
    ASSIGNED = "assigned", _("领导交办")
    OWN = "own", _("自行安排")


class CadreMode(models.TextChoices):
    LEAVING = "leaving", _("离任")
    SERVING = "serving", _("任中")


def money_field(label: str) -> models.DecimalField:
    return models.DecimalField(label, max_digits=16, decimal_places=2, default=0)


@track
class AuditCommitteeMember(models.Model):
    """A member of the audit committee (审计委员会): reads every plan, audit and finding."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="audit_committee_membership",
    )
    title = models.CharField(_("委员会职务"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("审计委员会成员")
        verbose_name_plural = _("审计委员会成员")

    def __str__(self) -> str:
        return f"{self.user} {self.title}".strip()


@track
class AuditPlan(models.Model):
    """The annual plan of one year; its items live in versions (PlanVersion)."""

    year = models.PositiveIntegerField(_("年度"), unique=True)
    title = models.CharField(_("名称"), max_length=200)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("年度审计项目计划")
        verbose_name_plural = _("年度审计项目计划")

    def __str__(self) -> str:
        return self.title


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("草案")
    APPROVED = "approved", _("审计委员会审议通过")
    ADJUSTING = "adjusting", _("调整（待审议）")
    SUPERSEDED = "superseded", _("已被调整")


@track
class PlanVersion(models.Model):
    """One version of a plan. Version 1 is the draft put to the committee; every adjustment
    is a new version with its reason, copied from the version it adjusts."""

    plan = models.ForeignKey(AuditPlan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("版本"))
    status = models.CharField(
        _("状态"), max_length=20, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    reason = models.TextField(_("调整原因"), blank=True)
    approved_on = models.DateField(_("审议通过日期"), null=True, blank=True)
    lock = models.PositiveIntegerField(_("修订号"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        ordering = ["plan", "-number"]
        verbose_name = _("计划版本")
        verbose_name_plural = _("计划版本")
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="unique_plan_version")
        ]

    def __str__(self) -> str:
        return f"{self.plan} 第{self.number}版"

    @property
    def editable(self) -> bool:
        return self.status in (VersionStatus.DRAFT, VersionStatus.ADJUSTING)


# Fields of a plan item compared between versions (the difference shown on adjustment).
ITEM_FIELDS = [
    "name", "kind", "focus_area", "audited_units", "period_audited", "team_leader",
    "planned_start", "planned_end", "source", "subject", "cadre_name", "cadre_post",
    "cadre_unit", "tenure_from", "tenure_to", "cadre_mode", "natural_resources",
]  # fmt: skip


@track
class PlanItem(models.Model):
    """One audit planned in a version. `key` stays the same across versions of a plan, so
    an item can be followed from version to version (and an audit points to it)."""

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="items")
    key = models.CharField(_("项目编号"), max_length=20)
    name = models.CharField(_("审计项目名称"), max_length=200)
    kind = models.CharField(_("审计类型"), max_length=20, choices=AuditKind.choices)
    focus_area = models.CharField(_("重点领域"), max_length=20, choices=FocusArea.choices)
    audited_units = models.CharField(_("被审计单位"), max_length=300)
    period_audited = models.CharField(_("审计期间"), max_length=50, blank=True)
    team_leader = models.CharField(_("审计组长"), max_length=50, blank=True)
    planned_start = models.DateField(_("计划开始"), null=True, blank=True)
    planned_end = models.DateField(_("计划结束"), null=True, blank=True)
    source = models.CharField(
        _("项目来源"), max_length=20, choices=ItemSource.choices, default=ItemSource.OWN
    )
    subject = models.CharField(_("审计对象（资金、政策或项目）"), max_length=200, blank=True)
    cadre_name = models.CharField(_("被审计领导干部"), max_length=50, blank=True)
    cadre_post = models.CharField(_("职务"), max_length=100, blank=True)
    cadre_unit = models.CharField(_("任职单位"), max_length=100, blank=True)
    tenure_from = models.DateField(_("任职起"), null=True, blank=True)
    tenure_to = models.DateField(_("任职止"), null=True, blank=True)
    cadre_mode = models.CharField(
        _("离任/任中"), max_length=10, choices=CadreMode.choices, blank=True
    )
    natural_resources = models.BooleanField(_("含自然资源资产审计"), default=False)

    class Meta:
        ordering = ["version", "key"]
        verbose_name = _("计划项目")
        verbose_name_plural = _("计划项目")
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="unique_item_key_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.key} {self.name}"


class AuditStage(models.TextChoices):
    PREPARING = "preparing", _("准备")
    FIELDWORK = "fieldwork", _("实施")
    REPORTING = "reporting", _("审计报告")
    RECTIFYING = "rectifying", _("整改")
    ARCHIVED = "archived", _("归档")


AUDIT_STAGES: list[str] = list(AuditStage.values)


@track
class Audit(models.Model):
    """An audit carried out: planned (plan year and item key) or not; kind-specific details."""

    year = models.PositiveIntegerField(_("年度"), db_index=True)
    item_key = models.CharField(_("计划项目编号"), max_length=20, blank=True)
    name = models.CharField(_("审计项目名称"), max_length=200)
    kind = models.CharField(_("审计类型"), max_length=20, choices=AuditKind.choices)
    focus_area = models.CharField(_("重点领域"), max_length=20, choices=FocusArea.choices)
    units = models.ManyToManyField(
        "places.Department", verbose_name=_("被审计单位"), related_name="audits", blank=True
    )
    projects = models.ManyToManyField(
        "projects.Project", verbose_name=_("涉及项目"), related_name="audits", blank=True
    )
    team_leader = models.CharField(_("审计组长"), max_length=50, blank=True)
    period_audited = models.CharField(_("审计期间"), max_length=50, blank=True)
    subject = models.CharField(_("审计对象"), max_length=200, blank=True)
    cadre_name = models.CharField(_("被审计领导干部"), max_length=50, blank=True)
    cadre_post = models.CharField(_("职务"), max_length=100, blank=True)
    cadre_unit = models.CharField(_("任职单位"), max_length=100, blank=True)
    tenure_from = models.DateField(_("任职起"), null=True, blank=True)
    tenure_to = models.DateField(_("任职止"), null=True, blank=True)
    cadre_mode = models.CharField(
        _("离任/任中"), max_length=10, choices=CadreMode.choices, blank=True
    )
    natural_resources = models.BooleanField(_("含自然资源资产审计"), default=False)
    stage = models.CharField(
        _("阶段"), max_length=20, choices=AuditStage.choices, default=AuditStage.PREPARING
    )
    version = models.PositiveIntegerField(_("版本"), default=1)
    notice_on = models.DateField(_("审计通知书日期"), null=True, blank=True)
    fieldwork_on = models.DateField(_("进点实施日期"), null=True, blank=True)
    report_on = models.DateField(_("审计报告日期"), null=True, blank=True)
    rectifying_on = models.DateField(_("进入整改日期"), null=True, blank=True)
    archived_on = models.DateField(_("归档日期"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        ordering = ["-year", "name"]
        verbose_name = _("审计项目")
        verbose_name_plural = _("审计项目")

    def __str__(self) -> str:
        return self.name


STAGE_DATE_FIELD = {
    AuditStage.PREPARING: "notice_on",
    AuditStage.FIELDWORK: "fieldwork_on",
    AuditStage.REPORTING: "report_on",
    AuditStage.RECTIFYING: "rectifying_on",
    AuditStage.ARCHIVED: "archived_on",
}


class DocumentKind(models.TextChoices):
    NOTICE = "notice", _("审计通知书")
    REPORT = "report", _("审计报告")
    DECISION = "decision", _("审计决定书")
    OTHER = "other", _("其他")


@track
class AuditDocument(models.Model):
    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("文书类型"), max_length=20, choices=DocumentKind.choices)
    name = models.CharField(_("文件名"), max_length=200)
    path = models.CharField(_("存储路径"), max_length=300)
    size = models.PositiveIntegerField(_("大小（字节）"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        ordering = ["kind", "id"]
        verbose_name = _("审计文书")
        verbose_name_plural = _("审计文书")

    def __str__(self) -> str:
        return self.name


@track
class FindingCategory(models.Model):
    """The bureau's taxonomy of findings (问题类别), grouped by focus area."""

    focus_area = models.CharField(_("重点领域"), max_length=20, choices=FocusArea.choices)
    name = models.CharField(_("问题类别"), max_length=50)
    sort = models.PositiveIntegerField(_("排序"), default=0)
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        ordering = ["focus_area", "sort", "name"]
        verbose_name = _("问题类别")
        verbose_name_plural = _("问题类别")
        constraints = [
            models.UniqueConstraint(fields=["focus_area", "name"], name="unique_category_per_area")
        ]

    def __str__(self) -> str:
        return f"{self.get_focus_area_display()} · {self.name}"


class Responsibility(models.TextChoices):
    DIRECT = "direct", _("直接责任")
    LEADERSHIP = "leadership", _("领导责任")


@track
class Finding(models.Model):
    """审计发现问题. Sensitive: see `audit.access` for who may see it."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="findings")
    number = models.CharField(_("问题编号"), max_length=30)
    summary = models.CharField(_("问题摘要"), max_length=200)
    description = models.TextField(_("问题描述"), blank=True)
    category = models.ForeignKey(
        FindingCategory, verbose_name=_("问题类别"), on_delete=models.PROTECT, related_name="+"
    )
    amount = models.DecimalField(
        _("涉及金额（万元）"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    legal_basis = models.TextField(_("问题定性依据"), blank=True)
    unit = models.ForeignKey(
        "places.Department",
        verbose_name=_("责任单位"),
        on_delete=models.PROTECT,
        related_name="audit_findings",
    )
    responsible_person = models.CharField(_("责任人"), max_length=50, blank=True)
    responsibility = models.CharField(
        _("责任类型"), max_length=20, choices=Responsibility.choices, default=Responsibility.DIRECT
    )
    recommendation = models.TextField(_("审计建议"), blank=True)
    projects = models.ManyToManyField(
        "projects.Project", verbose_name=_("涉及项目"), related_name="audit_findings", blank=True
    )
    shared_with_chains = models.BooleanField(
        _("共享给产业链"),
        default=False,
        help_text=_("共享后，涉及项目所属产业链的链长办可以查看该问题。"),
    )
    is_repeat = models.BooleanField(_("屡审屡犯"), default=False, db_index=True)
    repeat_of = models.ForeignKey(
        "self",
        verbose_name=_("此前同类问题"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="repeated_by",
    )
    found_on = models.DateField(_("发现日期"), default=timezone.localdate)
    version = models.PositiveIntegerField(_("版本"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        ordering = ["-found_on", "-id"]
        verbose_name = _("审计发现问题")
        verbose_name_plural = _("审计发现问题")
        indexes = [
            models.Index(fields=["unit", "category"]),
            models.Index(fields=["found_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.summary}"


class RectKind(models.TextChoices):
    IMMEDIATE = "immediate", _("立行立改")
    PHASED = "phased", _("分阶段整改")
    CONTINUING = "continuing", _("持续整改")


class RectState(models.TextChoices):
    AWAITING_PLAN = "awaiting_plan", _("待报整改方案")
    AWAITING_CONFIRMATION = "awaiting_confirmation", _("方案待确认")
    IN_PROGRESS = "in_progress", _("整改中")
    UNDER_REVIEW = "under_review", _("待认定")
    CLOSED = "closed", _("已销号")


class Outcome(models.TextChoices):
    DONE = "done", _("已整改")
    PARTIAL = "partial", _("部分整改")
    NOT_DONE = "not_done", _("未整改")
    CONTINUING = "continuing", _("持续整改")


class ContinuingReason(models.TextChoices):
    INSTITUTIONAL = "institutional", _("体制机制原因")
    HISTORICAL = "historical", _("历史遗留原因")
    LITIGATION = "litigation", _("涉及诉讼")


@track
class RectificationLimits(models.Model):
    """The time-limit table of kind 审计整改 (one row; defaults apply when there is none)."""

    plan_days = models.PositiveIntegerField(_("报送整改方案期限（天）"), default=30)
    confirm_days = models.PositiveIntegerField(_("审计机关确认期限（天）"), default=10)
    immediate_days = models.PositiveIntegerField(_("立行立改最长期限（天）"), default=60)
    phased_days = models.PositiveIntegerField(_("分阶段整改最长期限（天）"), default=365)
    continuing_days = models.PositiveIntegerField(_("持续整改最长期限（天）"), default=5 * 365)

    class Meta:
        verbose_name = _("整改时限")
        verbose_name_plural = _("整改时限")

    def __str__(self) -> str:
        return f"方案 {self.plan_days} 天 / 确认 {self.confirm_days} 天"

    @classmethod
    def current(cls) -> RectificationLimits:
        return cls.objects.order_by("id").first() or cls()

    def max_days(self, kind: str) -> int:
        return {
            RectKind.IMMEDIATE: self.immediate_days,
            RectKind.PHASED: self.phased_days,
            RectKind.CONTINUING: self.continuing_days,
        }[kind]


@track
class Rectification(models.Model):
    """The audit-specific side of a finding's rectification case (kind 审计整改)."""

    finding = models.OneToOneField(Finding, on_delete=models.CASCADE, related_name="rectification")
    case_id = models.PositiveIntegerField(_("督办事项编号"), null=True, blank=True, db_index=True)
    state = models.CharField(
        _("整改状态"), max_length=30, choices=RectState.choices, default=RectState.AWAITING_PLAN
    )
    version = models.PositiveIntegerField(_("版本"), default=1)
    assigned_on = models.DateField(_("交办日期"), default=timezone.localdate)
    plan_due_on = models.DateField(_("方案报送期限"))
    kind = models.CharField(_("整改类型"), max_length=20, choices=RectKind.choices, blank=True)
    measures = models.TextField(_("整改措施"), blank=True)
    responsible_person = models.CharField(_("整改责任人"), max_length=50, blank=True)
    due_on = models.DateField(_("完成时限"), null=True, blank=True)
    plan_filed_on = models.DateField(_("方案报送日期"), null=True, blank=True)
    confirm_due_on = models.DateField(_("确认期限"), null=True, blank=True)
    confirmed_on = models.DateField(_("方案确认日期"), null=True, blank=True)
    money_recovered = money_field(_("整改金额（万元）"))
    rules_made = models.PositiveIntegerField(_("制度建设（项）"), default=0)
    people_held = models.PositiveIntegerField(_("追责问责（人）"), default=0)
    evidence_count = models.PositiveIntegerField(_("佐证材料（份）"), default=0)
    outcome = models.CharField(_("认定结果"), max_length=20, choices=Outcome.choices, blank=True)
    outcome_reason = models.CharField(
        _("持续整改原因"), max_length=20, choices=ContinuingReason.choices, blank=True
    )
    reviewed_on = models.DateField(_("认定日期"), null=True, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("认定人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    closed_on = models.DateField(_("销号日期"), null=True, blank=True)
    closing_record = models.TextField(_("对账销号记录"), blank=True)
    escalated = models.BooleanField(_("已升级（红色）"), default=False)

    class Meta:
        verbose_name = _("审计整改")
        verbose_name_plural = _("审计整改")
        indexes = [models.Index(fields=["state", "due_on"])]

    def __str__(self) -> str:
        return f"整改：{self.finding}"

    def overdue(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        if self.state == RectState.CLOSED:
            return False
        if self.state == RectState.AWAITING_PLAN:
            return today > self.plan_due_on
        return bool(self.due_on and today > self.due_on)


@track
class RectificationProgress(models.Model):
    rectification = models.ForeignKey(
        Rectification, on_delete=models.CASCADE, related_name="progress"
    )
    reported_on = models.DateField(_("报告日期"))
    text = models.TextField(_("整改进展"))
    money_recovered = money_field(_("本次整改金额（万元）"))
    rules_made = models.PositiveIntegerField(_("本次制度建设（项）"), default=0)
    people_held = models.PositiveIntegerField(_("本次追责问责（人）"), default=0)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        ordering = ["-reported_on", "-id"]
        verbose_name = _("整改进展")
        verbose_name_plural = _("整改进展")

    def __str__(self) -> str:
        return f"{self.rectification_id} {self.reported_on}"


@track
class Evidence(models.Model):
    """整改佐证材料: a file stored under MEDIA_ROOT, served by a scoped view."""

    rectification = models.ForeignKey(
        Rectification, on_delete=models.CASCADE, related_name="evidence"
    )
    progress = models.ForeignKey(
        RectificationProgress,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="evidence",
    )
    name = models.CharField(_("文件名"), max_length=200)
    path = models.CharField(_("存储路径"), max_length=300)
    size = models.PositiveIntegerField(_("大小（字节）"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("整改佐证材料")
        verbose_name_plural = _("整改佐证材料")

    def __str__(self) -> str:
        return self.name


class RuleCode(models.TextChoices):
    STARTED_UNSIGNED = "started_unsigned", _("未签约先开工或无节点计划")
    OVERRUN = "overrun", _("计划投资上调（超概算风险）")
    INVESTMENT_LAG = "investment_lag", _("开工已久投资远低于计划")
    IDLE_SPENT = "idle_spent", _("项目停滞但已报投资")
    FUNDED_OUTPUT_FELL = "funded_output_fell", _("享受政策资金企业产值下降")
    OVERDUE_RECTIFICATION = "overdue_rectification", _("单位整改逾期")
    REPEAT_UNIT = "repeat_unit", _("单位屡审屡犯")


@track
class EarlyWarningRule(models.Model):
    """A configurable early-warning rule (治已病、防未病): threshold and explanation."""

    code = models.CharField(_("规则"), max_length=30, choices=RuleCode.choices, unique=True)
    enabled = models.BooleanField(_("启用"), default=True)
    threshold = models.DecimalField(_("阈值"), max_digits=12, decimal_places=2)
    threshold_label = models.CharField(_("阈值含义"), max_length=100)
    days = models.PositiveIntegerField(_("天数条件"), default=0)
    explanation = models.TextField(_("说明"))

    class Meta:
        ordering = ["id"]
        verbose_name = _("预警规则")
        verbose_name_plural = _("预警规则")

    def __str__(self) -> str:
        return self.get_code_display()


class WarningStatus(models.TextChoices):
    OPEN = "open", _("待处理")
    CONVERTED = "converted", _("已转为问题")
    DISMISSED = "dismissed", _("已排除")


@track
class EarlyWarning(models.Model):
    """One subject (a project, an enterprise, a unit) caught by a rule, with evidence rows.
    The nightly run refreshes open warnings; converted and dismissed ones are kept."""

    rule = models.ForeignKey(EarlyWarningRule, on_delete=models.CASCADE, related_name="warnings")
    subject_key = models.CharField(_("对象"), max_length=40)
    subject = models.CharField(_("预警对象"), max_length=200)
    message = models.TextField(_("预警内容"))
    evidence = models.JSONField(_("证据"), default=list)
    project = models.ForeignKey(
        "projects.Project", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    unit = models.ForeignKey(
        "places.Department", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(
        _("处理状态"), max_length=20, choices=WarningStatus.choices, default=WarningStatus.OPEN
    )
    reason = models.TextField(_("排除理由"), blank=True)
    finding = models.ForeignKey(
        Finding, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    first_seen = models.DateField(_("首次预警"), default=timezone.localdate)
    last_seen = models.DateField(_("最近预警"), default=timezone.localdate)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-last_seen", "-id"]
        verbose_name = _("审计预警")
        verbose_name_plural = _("审计预警")
        constraints = [
            models.UniqueConstraint(fields=["rule", "subject_key"], name="unique_warning_subject")
        ]

    def __str__(self) -> str:
        return f"{self.rule}：{self.subject}"
