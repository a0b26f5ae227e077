from django.contrib import admin

from chainchief.projects.models import (
    Attachment,
    Milestone,
    ProgressEntry,
    Project,
    StageMove,
    WarningRule,
)


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


class StageMoveInline(admin.TabularInline):
    model = StageMove
    extra = 0
    can_delete = False
    readonly_fields = ["from_stage", "to_stage", "moved_on", "by", "note", "reason"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False  # stages move only through the project page, the API or the CLI


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "kind",
        "chain",
        "stage",
        "planned_investment",
        "invested",
        "department",
    ]
    list_filter = ["kind", "stage", "chain", "department"]
    search_fields = ["name", "investor_name"]
    readonly_fields = ["stage", "version", "invested", "signed_on", "started_on", "production_on"]
    raw_id_fields = ["investor_enterprise", "responsible", "segment"]
    inlines = [MilestoneInline, StageMoveInline]


@admin.register(WarningRule)
class WarningRuleAdmin(admin.ModelAdmin):
    list_display = ["stall_days"]


@admin.register(ProgressEntry)
class ProgressEntryAdmin(admin.ModelAdmin):
    list_display = ["project", "reported_on", "invested_to_date", "by"]
    raw_id_fields = ["project"]
    readonly_fields = ["invested_increment"]


admin.site.register(Attachment)
