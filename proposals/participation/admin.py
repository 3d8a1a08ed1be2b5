"""Admin of participation: mostly for support (what was notified, which e-mails failed)."""

from django.contrib import admin

from proposals.participation.models import (
    AgencyInput,
    Comment,
    Notification,
    NotificationPreference,
    Participant,
    Workshop,
)


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ["blueprint", "organisation", "role", "contact_name"]
    list_filter = ["role"]
    raw_id_fields = ["blueprint", "organisation", "invited_by"]


@admin.register(AgencyInput)
class AgencyInputAdmin(admin.ModelAdmin):
    list_display = ["blueprint", "section", "agency", "status", "submitted_at", "decided_at"]
    list_filter = ["status"]
    raw_id_fields = ["blueprint", "section", "agency", "created_by", "submitted_by", "decided_by"]


@admin.register(Workshop)
class WorkshopAdmin(admin.ModelAdmin):
    list_display = ["title", "blueprint", "starts_at", "venue"]
    raw_id_fields = ["blueprint", "created_by"]


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["blueprint", "section", "row_kind", "author", "created_at", "resolved_at"]
    list_filter = ["section"]
    raw_id_fields = ["blueprint", "parent", "author", "resolved_by"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["recipient", "kind", "created_at", "read_at", "email_state", "email_attempts"]
    list_filter = ["kind", "email_state"]
    raw_id_fields = ["recipient", "blueprint", "actor"]
    readonly_fields = ["email_error"]


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "email_mode", "last_digest_at"]
    raw_id_fields = ["user"]
