"""Admin: the office's time-limit overrides and calendar notices; cases read-only (their state
only changes through the workflow)."""

from django.contrib import admin

from chainchief.casework import calendar
from chainchief.casework.models import CalendarNotice, Case, CaseEvent, TimeLimit


@admin.register(TimeLimit)
class TimeLimitAdmin(admin.ModelAdmin):
    list_display = ("kind", "category", "urgency", "days")
    list_filter = ("kind",)


@admin.register(CalendarNotice)
class CalendarNoticeAdmin(admin.ModelAdmin):
    list_display = ("year", "notice", "entered_at")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        calendar.reset()


class CaseEventInline(admin.TabularInline):
    model = CaseEvent
    extra = 0
    can_delete = False
    readonly_fields = ("action", "label", "from_state", "to_state", "on", "by_name", "comment")
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ("number", "title", "kind", "state", "lead_department", "due_on", "card")
    list_filter = ("kind", "state", "card", "category")
    search_fields = ("number", "title")
    inlines = [CaseEventInline]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in Case._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
