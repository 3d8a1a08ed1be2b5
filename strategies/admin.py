from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from strategies.admin_audit import AuditedAdmin
from strategies.audit import audit_record
from strategies.models import (
    ActionPlan,
    AdministrationPlan,
    AuditAction,
    AuditEvent,
    ClusterMembership,
    Goal,
    Indicator,
    IndicatorTarget,
    Membership,
    NationalGoal,
    NationalIndicator,
    NationalStrategy,
    Organisation,
    PolicyHeading,
    PolicyStatement,
    Profile,
    Project,
    ProjectBudget,
    StrategicIssue,
    Strategy,
)


class PolicyHeadingInline(admin.TabularInline):
    model = PolicyHeading
    extra = 0


@admin.register(PolicyStatement)
class PolicyStatementAdmin(AuditedAdmin):
    list_display = ["title", "delivered_on"]
    inlines = [PolicyHeadingInline]


@admin.register(PolicyHeading)
class PolicyHeadingAdmin(AuditedAdmin):
    list_display = ["number", "title", "statement"]
    list_select_related = ["statement"]


class NationalStrategyInline(admin.TabularInline):
    model = NationalStrategy
    extra = 0
    fields = ["number", "title"]


@admin.register(AdministrationPlan)
class AdministrationPlanAdmin(AuditedAdmin):
    list_display = ["title", "start_year", "end_year"]
    inlines = [NationalStrategyInline]


class NationalGoalInline(admin.TabularInline):
    model = NationalGoal
    extra = 0


@admin.register(NationalStrategy)
class NationalStrategyAdmin(AuditedAdmin):
    list_display = ["number", "title", "plan"]
    list_select_related = ["plan"]
    filter_horizontal = ["policy_headings"]
    inlines = [NationalGoalInline]


class NationalIndicatorInline(admin.TabularInline):
    model = NationalIndicator
    extra = 0


@admin.register(NationalGoal)
class NationalGoalAdmin(AuditedAdmin):
    list_display = ["title", "strategy"]
    list_select_related = ["strategy"]
    inlines = [NationalIndicatorInline]


class ClusterMembershipInline(admin.TabularInline):
    model = ClusterMembership
    fk_name = "cluster"
    extra = 0
    autocomplete_fields = ["province"]


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin):
    list_display = ["name", "kind", "code", "province", "parent", "region"]
    list_filter = ["kind", "region"]
    list_select_related = ["province", "parent"]
    search_fields = ["name", "name_en", "code"]
    autocomplete_fields = ["parent", "province"]
    inlines = [ClusterMembershipInline]


@admin.register(Membership)
class MembershipAdmin(AuditedAdmin):
    """Roles decide access, so every grant, change and removal goes to the audit log."""

    list_display = ["user", "role", "organisation", "position"]
    list_filter = ["role", "organisation__kind"]
    list_select_related = ["user", "organisation"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]

    def save_model(self, request, obj, form, change):
        before = {}
        if change:
            old = Membership.objects.select_related("organisation").get(pk=obj.pk)
            before = {"role": old.role, "organisation": old.organisation.code}
        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user,
            action=AuditAction.ROLE_CHANGED if change else AuditAction.ROLE_GRANTED,
            target=obj,
            details={
                "user": obj.user.get_username(),
                "role": obj.role,
                "organisation": obj.organisation.code,
                "before": before,
            },
            request=request,
        )

    def delete_model(self, request, obj):
        details = {
            "user": obj.user.get_username(),
            "role": obj.role,
            "organisation": obj.organisation.code,
        }
        audit_record(
            actor=request.user,
            action=AuditAction.ROLE_REVOKED,
            target=obj,
            details=details,
            request=request,
        )
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for membership in queryset.select_related("user", "organisation"):
            self.delete_model(request, membership)


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class AuditedUserAdmin(AuditedAdmin, UserAdmin):
    """Staff, superuser and active flags are rights too: changes to them are audited."""

    RIGHTS = ("is_active", "is_staff", "is_superuser")

    def save_model(self, request, obj, form, change):
        before = {}
        if change:
            old = User.objects.get(pk=obj.pk)
            before = {flag: getattr(old, flag) for flag in self.RIGHTS}
        super().save_model(request, obj, form, change)
        after = {flag: getattr(obj, flag) for flag in self.RIGHTS}
        if before != after:
            audit_record(
                actor=request.user,
                action=AuditAction.ACCOUNT_CHANGED,
                target=obj,
                details={"before": before, "after": after},
                request=request,
            )


@admin.register(AuditEvent)
class AuditEventAdmin(AuditedAdmin):
    """Readable by administrators; nobody can add, change or delete events."""

    list_display = ["created_at", "actor_name", "action", "target_label", "ip_address"]
    list_filter = ["action"]
    search_fields = ["actor_name", "target_label", "target_id"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(Profile)
class ProfileAdmin(AuditedAdmin):
    list_display = ["user", "name_title", "language", "thai_numerals"]


@admin.register(ActionPlan)
class ActionPlanAdmin(AuditedAdmin):
    list_display = ["title", "organisation", "start_year", "end_year"]
    list_select_related = ["organisation"]


@admin.register(StrategicIssue)
class StrategicIssueAdmin(AuditedAdmin):
    list_display = ["number", "title", "plan"]
    list_select_related = ["plan"]
    filter_horizontal = ["national_strategies"]


class IndicatorTargetInline(admin.TabularInline):
    model = IndicatorTarget
    extra = 0


@admin.register(Goal)
class GoalAdmin(AuditedAdmin):
    list_display = ["number", "title", "issue", "perspective"]
    list_select_related = ["issue"]


@admin.register(Indicator)
class IndicatorAdmin(AuditedAdmin):
    list_display = ["number", "name", "goal", "unit"]
    list_select_related = ["goal"]
    inlines = [IndicatorTargetInline]


@admin.register(Strategy)
class StrategyAdmin(AuditedAdmin):
    list_display = ["number", "title", "issue"]
    list_select_related = ["issue"]


class ProjectBudgetInline(admin.TabularInline):
    model = ProjectBudget
    extra = 0


@admin.register(Project)
class ProjectAdmin(AuditedAdmin):
    list_display = ["number", "title", "strategy", "lead_agency"]
    list_select_related = ["strategy", "lead_agency"]
    inlines = [ProjectBudgetInline]
