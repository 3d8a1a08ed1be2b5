from django.contrib import admin

from strategies.models import (
    ActionPlan,
    AdministrationPlan,
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
class PolicyStatementAdmin(admin.ModelAdmin):
    list_display = ["title", "delivered_on"]
    inlines = [PolicyHeadingInline]


@admin.register(PolicyHeading)
class PolicyHeadingAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "statement"]
    list_select_related = ["statement"]


class NationalStrategyInline(admin.TabularInline):
    model = NationalStrategy
    extra = 0
    fields = ["number", "title"]


@admin.register(AdministrationPlan)
class AdministrationPlanAdmin(admin.ModelAdmin):
    list_display = ["title", "start_year", "end_year"]
    inlines = [NationalStrategyInline]


class NationalGoalInline(admin.TabularInline):
    model = NationalGoal
    extra = 0


@admin.register(NationalStrategy)
class NationalStrategyAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "plan"]
    list_select_related = ["plan"]
    filter_horizontal = ["policy_headings"]
    inlines = [NationalGoalInline]


class NationalIndicatorInline(admin.TabularInline):
    model = NationalIndicator
    extra = 0


@admin.register(NationalGoal)
class NationalGoalAdmin(admin.ModelAdmin):
    list_display = ["title", "strategy"]
    list_select_related = ["strategy"]
    inlines = [NationalIndicatorInline]


class ClusterMembershipInline(admin.TabularInline):
    model = ClusterMembership
    fk_name = "cluster"
    extra = 0
    autocomplete_fields = ["province"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "code", "province", "parent", "region"]
    list_filter = ["kind", "region"]
    list_select_related = ["province", "parent"]
    search_fields = ["name", "name_en", "code"]
    autocomplete_fields = ["parent", "province"]
    inlines = [ClusterMembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "organisation", "position"]
    list_filter = ["role", "organisation__kind"]
    list_select_related = ["user", "organisation"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "language", "thai_numerals"]


@admin.register(ActionPlan)
class ActionPlanAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "start_year", "end_year"]
    list_select_related = ["organisation"]


@admin.register(StrategicIssue)
class StrategicIssueAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "plan"]
    list_select_related = ["plan"]
    filter_horizontal = ["national_strategies"]


class IndicatorTargetInline(admin.TabularInline):
    model = IndicatorTarget
    extra = 0


@admin.register(Goal)
class GoalAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "issue", "perspective"]
    list_select_related = ["issue"]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "goal", "unit"]
    list_select_related = ["goal"]
    inlines = [IndicatorTargetInline]


@admin.register(Strategy)
class StrategyAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "issue"]
    list_select_related = ["issue"]


class ProjectBudgetInline(admin.TabularInline):
    model = ProjectBudget
    extra = 0


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "strategy", "lead_agency"]
    list_select_related = ["strategy", "lead_agency"]
    inlines = [ProjectBudgetInline]
