"""Admin of the review workspace: OPDC edits the rubric (criteria, weights, level
descriptors) and the submission deadlines here; the rest is read-only for support."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from proposals.review.access import review_open
from proposals.review.models import (
    BlueprintDigest,
    Criterion,
    CriterionLevel,
    ExportJob,
    ReviewNote,
    Rubric,
    Score,
    SubmissionDeadline,
)
from strategies.admin_audit import AuditedAdmin


class ReadOnly(AuditedAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class CriterionInline(admin.TabularInline):
    model = Criterion
    fields = ["position", "title", "title_en", "section", "weight"]
    extra = 0
    show_change_link = True


@admin.register(Rubric)
class RubricAdmin(AuditedAdmin):
    list_display = ["name", "is_active", "created_at", "total_weight"]
    inlines = [CriterionInline]

    @admin.display(description=_("total weight"))
    def total_weight(self, obj):
        return sum(criterion.weight for criterion in obj.criteria.all())


class LevelInline(admin.TabularInline):
    model = CriterionLevel
    extra = 0
    max_num = 5


@admin.register(Criterion)
class CriterionAdmin(AuditedAdmin):
    list_display = ["title", "rubric", "position", "section", "weight"]
    list_filter = ["rubric"]
    inlines = [LevelInline]


@admin.register(SubmissionDeadline)
class SubmissionDeadlineAdmin(AuditedAdmin):
    list_display = ["fiscal_year", "submit_by", "note"]


@admin.register(ReviewNote)
class ReviewNoteAdmin(ReadOnly):
    """OPDC's review comments are records: never edited here, and never deleted once
    their version is decided (while it awaits the decision, one at a time, audited)."""

    list_display = ["snapshot", "section", "author", "created_at"]
    list_filter = ["section"]
    list_select_related = ["snapshot__blueprint", "author"]

    def has_delete_permission(self, request, obj=None):
        if obj is None:  # the bulk action cannot check each note's version
            return False
        snapshot = obj.snapshot
        return review_open(snapshot.blueprint, snapshot) and super().has_delete_permission(
            request, obj
        )


@admin.register(Score)
class ScoreAdmin(ReadOnly):
    list_display = ["snapshot", "criterion", "level", "weight", "scored_by", "scored_at"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ExportJob)
class ExportJobAdmin(ReadOnly):
    list_display = ["pk", "created_by", "created_at", "status", "done", "total", "attempts"]
    list_filter = ["status"]


@admin.register(BlueprintDigest)
class BlueprintDigestAdmin(ReadOnly):
    list_display = ["blueprint", "completeness", "blockers", "changed_at", "refreshed_at"]
