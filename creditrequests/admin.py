"""The Django admin: organisations, people and their roles, drafts (answers read-only).

Status and review fields are read-only here on purpose: every move of a draft goes
through services.py, which checks who may make it and records it in the history.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    CreditRequestDraft,
    Customer,
    EvidenceFile,
    Notification,
    Organisation,
    ReminderSent,
    User,
)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "partner_type", "member_count", "draft_count", "created_at"]
    list_filter = ["partner_type"]
    search_fields = ["name"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                member_total=Count("members", distinct=True),
                draft_total=Count("drafts", distinct=True),
            )
        )

    @admin.display(description=_("people"), ordering="member_total")
    def member_count(self, organisation):
        return organisation.member_total

    @admin.display(description=_("drafts"), ordering="draft_total")
    def draft_count(self, organisation):
        return organisation.draft_total


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = [
        "username",
        "email",
        "organisation",
        "partner_center_role",
        "is_reviewer",
        "is_active",
    ]
    list_filter = ["organisation", "partner_center_role", "is_reviewer", "is_staff", "is_active"]
    list_select_related = ["organisation"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Partner"), {"fields": ("organisation", "partner_center_role", "is_reviewer")}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (_("Partner"), {"fields": ("organisation", "partner_center_role", "is_reviewer")}),
    )


@admin.register(CreditRequestDraft)
class CreditRequestDraftAdmin(SimpleHistoryAdmin):
    list_display = [
        "__str__",
        "organisation",
        "owner",
        "status",
        "deadline",
        "rule_set_version",
        "updated_at",
    ]
    list_filter = ["status", "credit_type", "rule_set_version", "organisation"]
    search_fields = ["customer_name", "customer_tenant_id", "reference", "partner_center_ticket"]
    list_select_related = ["organisation", "owner"]
    date_hierarchy = "created_at"
    show_full_result_count = False
    raw_id_fields = ["owner"]
    readonly_fields = [
        "public_id",
        "organisation",
        "status",
        "answers",
        "details_text",
        "rule_set_version",
        "eligible",
        "outcome",
        "deadline",
        "evaluated_on",
        "review_comment",
        "reviewed_by",
        "submitted_at",
        "reviewed_at",
        "partner_center_ticket",
        "filed_on",
        "closed_result",
        "credited_amount",
        "refusal_reason",
        "version",
        "created_at",
        "updated_at",
    ]
    exclude = ["current_step", "completed_steps"]

    def has_add_permission(self, request):
        return False  # drafts are written in the wizard, where the rules apply

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # An old record may be looked at, never restored: "revert" would rewrite status,
        # version and filing data past services.py (SIMPLE_HISTORY_REVERT_DISABLED only
        # hides the button; the POST would still save).
        if request.method != "GET":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def save_model(self, request, obj, form, change):
        # An admin edit is a change too: a reviewer's page from before it is now stale.
        if change and form.has_changed():
            obj.version += 1
        super().save_model(request, obj, form, change)


@admin.register(ReminderSent)
class ReminderSentAdmin(admin.ModelAdmin):
    list_display = ["draft", "threshold_days", "deadline", "sent_at"]
    list_select_related = ["draft"]
    readonly_fields = ["draft", "threshold_days", "deadline", "sent_at"]

    def has_add_permission(self, request):
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Mails about moves: read-only; an unsent one is retried by `send_notifications`."""

    list_display = ["draft", "event", "recipient", "created_at", "sent_at", "attempts"]
    list_filter = ["event"]
    list_select_related = ["draft", "recipient"]
    readonly_fields = [
        "draft",
        "event",
        "draft_version",
        "recipient",
        "created_at",
        "sent_at",
        "attempts",
    ]

    def has_add_permission(self, request):
        return False


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "tenant_id", "archived_at"]
    list_filter = ["organisation"]
    search_fields = ["name", "tenant_id", "domains_text"]


@admin.register(EvidenceFile)
class EvidenceFileAdmin(admin.ModelAdmin):
    """Read-only: files are added and removed on the draft's page, through services.py."""

    list_display = ["original_name", "draft", "kind", "sender_check", "uploaded_at"]
    list_filter = ["kind", "sender_check"]
    readonly_fields = [field.name for field in EvidenceFile._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
