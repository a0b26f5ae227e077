"""The one supervision workflow (督办): cases of every kind, their units, events, clocks.

A case's state only changes through `services.transition`, which records a `CaseEvent`,
writes the change log and bumps `version` so two concurrent transitions cannot both win.
Figures the statistics need (closed on time, working days used, reopened, handed back,
rating) are kept on the case when they happen, so a statistics page is one aggregate query.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chainchief.accounts.changelog import track


class State(models.TextChoices):
    PENDING = "pending", _("待受理")
    ASSIGNED = "assigned", _("已交办")
    IN_PROGRESS = "in_progress", _("办理中")
    ANSWERED = "answered", _("已答复")
    CLOSED = "closed", _("已办结")
    NOT_ACCEPTED = "not_accepted", _("不予受理")


OPEN_STATES = [State.PENDING, State.ASSIGNED, State.IN_PROGRESS]
FINAL_STATES = [State.CLOSED, State.NOT_ACCEPTED]


class Level(models.TextChoices):
    CITY = "city", _("市级")
    COUNTY = "county", _("区县级")


class Source(models.TextChoices):
    ENTERPRISE = "enterprise", _("企业提交")
    VISIT = "visit", _("走访登记")
    CHIEF = "chief", _("链长交办")
    REVIEW_MEETING = "review_meeting", _("点评会")
    HOTLINE = "hotline", _("热线转办")
    AUDIT = "audit", _("审计发现")
    OTHER = "other", _("其他")


class Rating(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASIC = "basic", _("基本满意")
    UNSATISFIED = "unsatisfied", _("不满意")


class Card(models.TextChoices):
    NONE = "", _("正常")
    YELLOW = "yellow", _("黄牌")
    RED = "red", _("红牌")


class Clock(models.TextChoices):
    """Which limit the clock currently measures."""

    ACCEPT = "accept", _("受理")
    ANSWER = "answer", _("答复")
    NONE = "", _("无")


@track
class Case(models.Model):
    kind = models.CharField(_("类型"), max_length=30, default="problem", db_index=True)
    number = models.CharField(_("编号"), max_length=30, unique=True, null=True, blank=True)
    title = models.CharField(_("标题"), max_length=200)
    text = models.TextField(_("诉求内容"), help_text=_("提出人的原话"))
    category = models.CharField(_("类别"), max_length=40, blank=True)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("企业"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    chain = models.ForeignKey(
        "chains.Chain",
        verbose_name=_("产业链"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    level = models.CharField(_("层级"), max_length=10, choices=Level.choices, default=Level.CITY)
    urgency = models.CharField(_("紧急程度"), max_length=10, default="normal")
    source = models.CharField(
        _("来源"), max_length=20, choices=Source.choices, default=Source.ENTERPRISE
    )
    state = models.CharField(
        _("状态"), max_length=20, choices=State.choices, default=State.PENDING, db_index=True
    )
    version = models.PositiveIntegerField(_("版本"), default=1)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提出人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="raised_cases",
    )
    raised_on = models.DateField(_("提出日期"), default=timezone.localdate, db_index=True)
    lead_department = models.ForeignKey(
        "places.Department",
        verbose_name=_("主办单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="lead_cases",
    )
    # The clock: what it measures, since when, its limit, and the date it falls due.
    clock = models.CharField(
        _("计时环节"), max_length=10, choices=Clock.choices, default=Clock.ACCEPT, blank=True
    )
    clock_started_on = models.DateField(_("计时起点"), null=True, blank=True)
    limit_days = models.PositiveIntegerField(_("时限（工作日）"), default=1)
    due_on = models.DateField(_("办理期限"), null=True, blank=True, db_index=True)
    paused_since = models.DateField(_("停止计时自"), null=True, blank=True)
    pause_reason = models.CharField(_("停止计时原因"), max_length=20, blank=True)
    paused_days = models.PositiveIntegerField(_("停止计时（工作日）"), default=0)
    assigned_on = models.DateField(_("交办日期"), null=True, blank=True)
    extensions = models.PositiveSmallIntegerField(_("延期次数"), default=0)
    extension_requested_days = models.PositiveSmallIntegerField(
        _("申请延期（工作日）"), null=True, blank=True
    )
    card = models.CharField(_("督办"), max_length=10, choices=Card.choices, default="", blank=True)
    card_since = models.DateField(_("亮牌日期"), null=True, blank=True)
    answered_on = models.DateField(_("答复日期"), null=True, blank=True)
    answer = models.TextField(_("答复内容"), blank=True)
    closed_on = models.DateField(_("办结日期"), null=True, blank=True, db_index=True)
    closed_on_time = models.BooleanField(_("按时办结"), null=True, blank=True)
    working_days_used = models.PositiveIntegerField(_("办理用时（工作日）"), null=True, blank=True)
    rating = models.CharField(_("回访评价"), max_length=15, choices=Rating.choices, blank=True)
    rating_comment = models.TextField(_("评价意见"), blank=True)
    rated_on_behalf = models.BooleanField(_("代为评价"), default=False)
    reopen_count = models.PositiveSmallIntegerField(_("重办次数"), default=0)
    hand_back_count = models.PositiveSmallIntegerField(_("退回次数"), default=0)
    extra = models.JSONField(_("扩展信息"), default=dict, blank=True)
    is_demo = models.BooleanField(_("演示数据"), default=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        ordering = ["-raised_on", "-id"]
        verbose_name = _("督办事项")
        verbose_name_plural = _("督办事项")
        indexes = [
            models.Index(fields=["kind", "raised_on"]),
            models.Index(fields=["chain", "raised_on"]),
            models.Index(fields=["lead_department", "raised_on"]),
            models.Index(fields=["state", "due_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.number or '新事项'} {self.title}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def kind_label(self) -> str:
        from chainchief.casework.kinds import get_kind

        try:
            return str(get_kind(self.kind).label)
        except ValueError:
            return self.kind

    @property
    def category_label(self) -> str:
        """The office's name of the category (lists set `category_name` for a page at once)."""
        name = self.__dict__.get("category_name")
        if name is None:
            name = (
                CaseCategory.objects.filter(kind=self.kind, code=self.category)
                .values_list("name", flat=True)
                .first()
            )
            self.category_name = name or self.category
        return self.category_name

    @property
    def urgency_label(self) -> str:
        from chainchief.casework.kinds import URGENCIES

        return str(dict(URGENCIES).get(self.urgency, self.urgency))


class CaseUnit(models.Model):
    """A department working on a case: the one 主办 unit and any 协办 units."""

    class Role(models.TextChoices):
        LEAD = "lead", _("主办")
        CO = "co", _("协办")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="units")
    department = models.ForeignKey(
        "places.Department", on_delete=models.PROTECT, related_name="case_units"
    )
    role = models.CharField(_("角色"), max_length=5, choices=Role.choices)
    answer = models.TextField(_("答复"), blank=True)
    answered_on = models.DateField(_("答复日期"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["role", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "department"], name="case_unit_once")
        ]
        indexes = [models.Index(fields=["department", "case"])]

    def __str__(self) -> str:
        return f"{self.case} · {self.get_role_display()} · {self.department}"


class CaseEvent(models.Model):
    """One step of a case's timeline: dated, signed, commented."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("操作"), max_length=30)
    label = models.CharField(_("操作名称"), max_length=30)
    from_state = models.CharField(_("原状态"), max_length=20, blank=True)
    to_state = models.CharField(_("新状态"), max_length=20, blank=True)
    at = models.DateTimeField(_("时间"), default=timezone.now)
    on = models.DateField(_("日期"), default=timezone.localdate)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    by_name = models.CharField(_("签名"), max_length=100, blank=True)
    comment = models.TextField(_("意见"), blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.on} {self.by_name} {self.label}"


class CaseAttachment(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    event = models.ForeignKey(
        CaseEvent, null=True, blank=True, on_delete=models.SET_NULL, related_name="attachments"
    )
    path = models.CharField(max_length=300)
    name = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveIntegerField(default=0)
    uploaded_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.name


@track
class TimeLimit(models.Model):
    """The office's override of a kind's answer limit (working days)."""

    kind = models.CharField(_("类型"), max_length=30, default="problem")
    category = models.CharField(_("类别"), max_length=40, blank=True)
    urgency = models.CharField(_("紧急程度"), max_length=10, blank=True)
    days = models.PositiveSmallIntegerField(_("答复时限（工作日）"))

    class Meta:
        verbose_name = _("办理时限")
        verbose_name_plural = _("办理时限")
        constraints = [
            models.UniqueConstraint(fields=["kind", "category", "urgency"], name="time_limit_once")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.category or '*'} {self.urgency or '*'}: {self.days}"


@track
class CaseCategory(models.Model):
    """A category of a kind's cases (问题类别), kept by the chain office in the settings area.

    `code` is stored on `Case.category` and never changes; the name may. A category in use is
    deactivated (no longer offered), never deleted. Its answer limits per urgency are
    `TimeLimit` rows (kind, code, urgency)."""

    kind = models.CharField(_("类型"), max_length=30, default="problem")
    code = models.CharField(_("代码"), max_length=40)
    name = models.CharField(_("名称"), max_length=40)
    sort = models.PositiveIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)
    version = models.PositiveIntegerField(_("版本"), default=1)

    class Meta:
        ordering = ["kind", "sort", "id"]
        verbose_name = _("问题类别")
        verbose_name_plural = _("问题类别")
        constraints = [
            models.UniqueConstraint(fields=["kind", "code"], name="case_category_code_once"),
            models.UniqueConstraint(fields=["kind", "name"], name="case_category_name_once"),
        ]

    def __str__(self) -> str:
        return self.name


@track
class CaseSettings(models.Model):
    """The office's settings of the workflow (one row): the size of the 红黑榜."""

    ranking_top = models.PositiveSmallIntegerField(_("红黑榜名额（前后各 N 名）"), default=5)
    version = models.PositiveIntegerField(_("版本"), default=1)

    class Meta:
        verbose_name = _("督办设置")
        verbose_name_plural = _("督办设置")

    def __str__(self) -> str:
        return f"红黑榜前后各 {self.ranking_top} 名"


@track
class CalendarNotice(models.Model):
    """A year's official holiday notice (国务院办公厅关于放假安排的通知), entered by the office
    when the calendar package does not know the year yet."""

    year = models.PositiveIntegerField(_("年份"), unique=True)
    holidays = models.JSONField(_("放假日期"), default=list)
    workdays = models.JSONField(_("调休上班日期"), default=list)
    notice = models.TextField(_("通知原文或文号"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("工作日历")
        verbose_name_plural = _("工作日历")

    def __str__(self) -> str:
        return f"{self.year} 年放假安排"

    def holiday_dates(self) -> set[datetime.date]:
        return {datetime.date.fromisoformat(d) for d in self.holidays}

    def workday_dates(self) -> set[datetime.date]:
        return {datetime.date.fromisoformat(d) for d in self.workdays}


class Notification(models.Model):
    """An in-app message (站内消息) about a case: assignment, reminder, answer, rating."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=30)
    text = models.CharField(_("内容"), max_length=300)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    # Idempotency of reminders: the same key is never sent twice to the same user.
    key = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"], condition=~models.Q(key=""), name="notification_key_once"
            )
        ]

    def __str__(self) -> str:
        return self.text


@track
class Visit(models.Model):
    """An enterprise visit (走访记录) by a deputy director or other official."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("企业"),
        on_delete=models.PROTECT,
        related_name="visits",
    )
    chain = models.ForeignKey(
        "chains.Chain",
        verbose_name=_("产业链"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="visits",
    )
    visited_on = models.DateField(_("走访日期"), db_index=True)
    visitors = models.CharField(_("走访人员"), max_length=200)
    met = models.CharField(_("企业接待人员"), max_length=200, blank=True)
    notes = models.TextField(_("走访情况"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="visits",
    )
    is_demo = models.BooleanField(_("演示数据"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-visited_on", "-id"]
        verbose_name = _("走访记录")
        verbose_name_plural = _("走访记录")

    def __str__(self) -> str:
        return f"{self.visited_on} 走访 {self.enterprise}"


class VisitPoint(models.Model):
    """One point raised during a visit; it becomes a case in one step."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="points")
    text = models.TextField(_("问题或诉求"))
    category = models.CharField(_("类别"), max_length=40, default="other")
    case = models.OneToOneField(
        Case, null=True, blank=True, on_delete=models.SET_NULL, related_name="visit_point"
    )

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.text[:50]
