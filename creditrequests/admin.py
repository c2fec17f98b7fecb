from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import CreditRequestDraft, Organisation, ReminderSent, User


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "partner_type", "created_at"]
    list_filter = ["partner_type"]
    search_fields = ["name"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "email", "organisation", "partner_center_role", "is_reviewer"]
    list_filter = ["organisation", "partner_center_role", "is_reviewer", "is_staff"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        ("Partner", {"fields": ("organisation", "partner_center_role", "is_reviewer")}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        ("Partner", {"fields": ("organisation", "partner_center_role", "is_reviewer")}),
    )


@admin.register(CreditRequestDraft)
class CreditRequestDraftAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "organisation", "owner", "status", "deadline", "rule_set_version"]
    list_filter = ["status", "credit_type", "rule_set_version", "organisation"]
    search_fields = ["customer_name", "customer_tenant_id", "reference", "partner_center_ticket"]
    list_select_related = ["organisation", "owner"]
    readonly_fields = [
        "public_id",
        "answers",
        "details_text",
        "rule_set_version",
        "eligible",
        "outcome",
        "deadline",
        "evaluated_on",
        "version",
        "created_at",
        "updated_at",
    ]


@admin.register(ReminderSent)
class ReminderSentAdmin(admin.ModelAdmin):
    list_display = ["draft", "threshold_days", "deadline", "sent_at"]
    readonly_fields = ["draft", "threshold_days", "deadline", "sent_at"]
