"""The bureau's configuration in 系统设置: the taxonomy, the time limits, the warning rules and
the committee's members. Plans, audits and findings change only through their pages."""

from django.contrib import admin

from chainchief.audit.models import (
    AuditCommitteeMember,
    EarlyWarningRule,
    FindingCategory,
    RectificationLimits,
)


@admin.register(FindingCategory)
class FindingCategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "focus_area", "sort", "active"]
    list_filter = ["focus_area", "active"]
    list_editable = ["sort", "active"]


@admin.register(RectificationLimits)
class RectificationLimitsAdmin(admin.ModelAdmin):
    list_display = ["plan_days", "confirm_days", "immediate_days", "phased_days", "continuing_days"]


@admin.register(EarlyWarningRule)
class EarlyWarningRuleAdmin(admin.ModelAdmin):
    list_display = ["code", "enabled", "threshold", "threshold_label", "days"]
    list_editable = ["enabled", "threshold", "days"]
    readonly_fields = ["code"]


@admin.register(AuditCommitteeMember)
class AuditCommitteeMemberAdmin(admin.ModelAdmin):
    list_display = ["user", "title"]
    raw_id_fields = ["user"]
