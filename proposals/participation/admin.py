"""Admin of participation: mostly for support (what was notified, which e-mails failed)."""

from django.contrib import admin

from proposals.participation.models import (
    AgencyInput,
    Comment,
    InputStatus,
    Notification,
    NotificationPreference,
    Participant,
    Workshop,
)
from strategies.admin_audit import AuditedAdmin


@admin.register(Participant)
class ParticipantAdmin(AuditedAdmin):
    list_display = ["blueprint", "organisation", "role", "contact_name"]
    list_filter = ["role"]
    raw_id_fields = ["blueprint", "organisation", "invited_by"]


DECIDED = {InputStatus.ACCEPTED, InputStatus.RETURNED}


@admin.register(AgencyInput)
class AgencyInputAdmin(AuditedAdmin):
    """An agency's input is a record once the strategy office decided on it: read-only
    here, and never deleted (the bulk action cannot check each one)."""

    list_display = ["blueprint", "section", "agency", "status", "submitted_at", "decided_at"]
    list_filter = ["status"]
    raw_id_fields = ["blueprint", "section", "agency", "created_by", "submitted_by", "decided_by"]

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.status in DECIDED:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is None or obj.status in DECIDED:
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Workshop)
class WorkshopAdmin(AuditedAdmin):
    list_display = ["title", "blueprint", "starts_at", "venue"]
    raw_id_fields = ["blueprint", "created_by"]


@admin.register(Comment)
class CommentAdmin(AuditedAdmin):
    list_display = ["blueprint", "section", "row_kind", "author", "created_at", "resolved_at"]
    list_filter = ["section"]
    raw_id_fields = ["blueprint", "parent", "author", "resolved_by"]


@admin.register(Notification)
class NotificationAdmin(AuditedAdmin):
    list_display = ["recipient", "kind", "created_at", "read_at", "email_state", "email_attempts"]
    list_filter = ["kind", "email_state"]
    raw_id_fields = ["recipient", "blueprint", "actor"]
    readonly_fields = ["email_error"]


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(AuditedAdmin):
    list_display = ["user", "email_mode", "last_digest_at"]
    raw_id_fields = ["user"]
