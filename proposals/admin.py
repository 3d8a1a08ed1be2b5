"""Admin: a read-mostly window for support staff. Work happens in the app's own pages,
where versions, history and rights are enforced; submitted snapshots are read-only here."""

from django.contrib import admin

from proposals.models import ApprovedEdition, Blueprint, Revision, Section, Snapshot, Transition
from strategies.admin_audit import AuditedAdmin


class ReadOnlyAdmin(AuditedAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Blueprint)
class BlueprintAdmin(ReadOnlyAdmin):
    list_display = ["title", "province", "fiscal_year", "status", "edition", "updated_at"]
    list_filter = ["status", "fiscal_year", "province"]
    search_fields = ["title", "issue__title"]


@admin.register(Section)
class SectionAdmin(ReadOnlyAdmin):
    list_display = ["blueprint", "key", "assignee", "due_date", "status"]
    list_filter = ["key", "status"]


@admin.register(Transition)
class TransitionAdmin(ReadOnlyAdmin):
    list_display = ["blueprint", "edition", "from_status", "to_status", "actor", "created_at"]
    list_filter = ["to_status"]


@admin.register(Revision)
class RevisionAdmin(ReadOnlyAdmin):
    list_display = ["blueprint", "number", "section", "kind", "action", "author", "created_at"]
    list_filter = ["section", "action"]


@admin.register(Snapshot)
class SnapshotAdmin(ReadOnlyAdmin):
    list_display = ["blueprint", "edition", "schema_version", "created_by", "created_at"]


@admin.register(ApprovedEdition)
class ApprovedEditionAdmin(ReadOnlyAdmin):
    list_display = ["blueprint", "edition", "sha256", "created_by", "created_at"]


# The review workspace's admin (rubric, deadlines) lives in proposals/review/admin.py;
# participation's (notifications, inputs, workshops) in proposals/participation/admin.py;
# the provinces' signing certificates in proposals/pdf/admin.py.
from proposals.participation import admin as participation_admin  # noqa: E402, F401
from proposals.pdf import admin as pdf_admin  # noqa: E402, F401
from proposals.review import admin as review_admin  # noqa: E402, F401
