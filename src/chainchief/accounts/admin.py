from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from chainchief.accounts.models import ChangeLog, SecurityEvent, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "full_name", "role", "department", "is_active", "locked_until")
    list_filter = ("role", "is_active", "department")
    search_fields = ("username", "full_name", "phone")
    fieldsets = BaseUserAdmin.fieldsets + (
        (
            _("链长制"),
            {
                "fields": (
                    "role",
                    "full_name",
                    "title",
                    "phone",
                    "department",
                    "enterprise",
                    "admin_duty",
                    "failed_logins",
                    "locked_until",
                )
            },
        ),
    )
    raw_id_fields = ("enterprise",)


@admin.register(ChangeLog)
class ChangeLogAdmin(admin.ModelAdmin):
    """Read-only: the change log is never edited from the UI."""

    list_display = ("time", "user_name", "action", "object_type", "object_repr")
    list_filter = ("action", "object_type")
    search_fields = ("object_repr", "user_name")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SecurityEvent)
class SecurityEventAdmin(admin.ModelAdmin):
    """Read-only, like the change log: security events are appended by code only."""

    list_display = ("seq", "time", "kind", "subject_name", "actor_name", "ip")
    list_filter = ("kind",)
    search_fields = ("subject_name", "actor_name", "ip")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
