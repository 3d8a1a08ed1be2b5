"""Forms for the action plan and its elements.

Every element form carries the version it was loaded at (a hidden field) so that
a save based on a stale copy is refused instead of overwriting someone else's work.
"""

from decimal import Decimal

from crispy_forms.helper import FormHelper
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Max, Q
from django.utils.translation import gettext_lazy as _

from strategies import fiscal
from strategies.access import scope_for
from strategies.fields import AmountField, SafeModelForm
from strategies.models import (
    ActionPlan,
    BudgetSource,
    Goal,
    Indicator,
    NationalStrategy,
    Organisation,
    OrganisationKind,
    Project,
    StrategicIssue,
    Strategy,
)

MAX_AMOUNT = Decimal("99999999999999.99")


def _helper(label=None):
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    return helper


class VersionedForm(SafeModelForm):
    """A model form that remembers the version it edits and checks numbering per parent."""

    parent_field: str = ""
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, plan=None, parent=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        if parent is not None and self.parent_field:
            setattr(self.instance, self.parent_field, parent)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        elif "number" in self.fields and self.parent_field and parent is not None:
            model = type(self.instance)
            taken = model.objects.filter(**{self.parent_field: parent}).aggregate(m=Max("number"))
            self.fields["number"].initial = (taken["m"] or 0) + 1
        self.helper = _helper()

    def values(self) -> dict:
        """What the person typed, by model field: the values a service takes."""
        return {
            name: self.cleaned_data[name] for name in self.Meta.fields if name in self.cleaned_data
        }

    def extras(self) -> dict:
        """What else the element's service takes (an indicator's targets, a project's budgets)."""
        return {}

    def clean(self):
        cleaned = super().clean()
        number = cleaned.get("number")
        if number is not None and self.parent_field:
            parent_id = getattr(self.instance, f"{self.parent_field}_id")
            clash = (
                type(self.instance)
                .objects.filter(**{f"{self.parent_field}_id": parent_id, "number": number})
                .exclude(pk=self.instance.pk)
            )
            if clash.exists():
                self.add_error(
                    "number",
                    _("Number %(number)s is already used here. Choose another number.")
                    % {"number": number},
                )
        return cleaned


class ActionPlanForm(SafeModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    start_year = forms.IntegerField(
        label=_("First fiscal year (B.E.)"),
        min_value=fiscal.MIN_FISCAL_YEAR,
        max_value=fiscal.MAX_FISCAL_YEAR - 3,
        help_text=_("A 4-year plan: e.g. 2548 for the plan B.E. 2548–2551."),
        error_messages={
            "min_value": _("Enter a Buddhist Era year (e.g. 2548), not a Christian Era year."),
        },
    )

    class Meta:
        model = ActionPlan
        fields = [
            "organisation",
            "administration_plan",
            "title",
            "start_year",
            "vision",
            "missions",
        ]
        widgets = {
            "vision": forms.Textarea(attrs={"rows": 3}),
            "missions": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        scope = scope_for(user)
        organisations = Organisation.objects.filter(kind=OrganisationKind.PROVINCE)
        if not scope.edit_all:
            organisations = organisations.filter(pk__in=scope.edit)
        self.fields["organisation"].queryset = organisations
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            self.fields["organisation"].disabled = True
        self.helper = _helper()

    def values(self) -> dict:
        """What the person typed, by model field: the values the plan's services take."""
        return {
            name: self.cleaned_data[name] for name in self.Meta.fields if name in self.cleaned_data
        }

    def clean(self):
        cleaned = super().clean()
        start = cleaned.get("start_year")
        admin_plan = cleaned.get("administration_plan")
        organisation = (
            cleaned.get("organisation")
            or self.instance.organisation_id
            and (self.instance.organisation)
        )
        if start is not None:
            self.instance.end_year = fiscal.plan_end_year(start)
            if admin_plan and not (admin_plan.start_year <= start <= admin_plan.end_year):
                self.add_error(
                    "start_year",
                    _("The plan must start within the administration plan's years (%(a)s–%(b)s).")
                    % {"a": admin_plan.start_year, "b": admin_plan.end_year},
                )
            if organisation:
                clash = ActionPlan.objects.filter(
                    organisation=organisation, start_year=start
                ).exclude(pk=self.instance.pk)
                if clash.exists():
                    self.add_error(
                        "start_year",
                        _("This organisation already has an action plan starting in %(year)s.")
                        % {"year": start},
                    )
        return cleaned


class StrategicIssueForm(VersionedForm):
    parent_field = "plan"

    class Meta:
        model = StrategicIssue
        fields = ["number", "title", "description", "national_strategies"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "national_strategies": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.plan is not None:
            self.fields["national_strategies"].queryset = NationalStrategy.objects.filter(
                plan_id=self.plan.administration_plan_id
            )
        self.fields["national_strategies"].help_text = _(
            "The strategies of the Government Administration Plan this issue serves."
        )


class GoalForm(VersionedForm):
    parent_field = "issue"

    class Meta:
        model = Goal
        fields = ["number", "title", "perspective"]


def _agencies_of(plan):
    """The plan's own organisation, the line agencies serving in its province and the
    province's partners (regional offices, local government, private sector)."""
    if plan is None:
        return Organisation.objects.none()
    organisation = plan.organisation
    if organisation.kind != OrganisationKind.PROVINCE:
        province_id = organisation.home_province_id
        return Organisation.objects.filter(
            Q(pk=plan.organisation_id)
            | Q(kind=OrganisationKind.LINE_AGENCY, province_id=province_id)
        ).order_by("name")
    return Organisation.objects.owners_for(organisation).order_by("name")


def amount_field(label, required=False):
    return AmountField(
        label=label,
        required=required,
        max_digits=16,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_AMOUNT)],
        error_messages={"min_value": _("A budget cannot be negative.")},
    )


class IndicatorForm(VersionedForm):
    """An indicator with one target field per fiscal year of its plan."""

    def _kept(self, name):
        value = self.cleaned_data.get(name)
        if value in (None, ""):
            return getattr(self.instance, name)
        return value

    def clean_direction(self):
        return self._kept("direction")

    def clean_accumulation(self):
        return self._kept("accumulation")

    def clean_tolerance(self):
        return self._kept("tolerance")

    parent_field = "goal"

    class Meta:
        model = Indicator
        fields = [
            "number",
            "name",
            "unit",
            "formula",
            "data_source",
            "baseline",
            "baseline_year",
            "weight",
            "owner",
            "direction",
            "accumulation",
            "tolerance",
        ]
        widgets = {"formula": forms.Textarea(attrs={"rows": 2})}
        # baseline, weight and the others: the models' help texts.

    RULE_FIELDS = ("direction", "accumulation", "tolerance")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _agencies_of(self.plan)
        self.fields["baseline_year"].validators.append(MinValueValidator(fiscal.MIN_FISCAL_YEAR))
        self.fields["baseline_year"].validators.append(MaxValueValidator(fiscal.MAX_FISCAL_YEAR))
        self.fields["weight"].validators += [MinValueValidator(0), MaxValueValidator(100)]
        self.fields["tolerance"].validators += [MinValueValidator(0), MaxValueValidator(100)]
        # The monitoring rules: left out (an import, an older form), they stay as they are.
        for name in self.RULE_FIELDS:
            self.fields[name].required = False
        existing = {}
        if self.instance.pk:
            existing = {t.fiscal_year: t.value for t in self.instance.targets.all()}
        for year in self.years:
            self.fields[self.target_field(year)] = AmountField(
                label=_("Target FY %(year)s") % {"year": year},
                required=False,
                max_digits=16,
                decimal_places=2,
                initial=existing.get(year),
                help_text=_(
                    "What the indicator should reach by the end of this fiscal year (the "
                    "baseline is where it started)."
                ),
            )

    @property
    def years(self):
        return self.plan.years if self.plan is not None else []

    @staticmethod
    def target_field(year):
        return f"target_{year}"

    def targets(self) -> dict[int, Decimal | None]:
        return {year: self.cleaned_data.get(self.target_field(year)) for year in self.years}

    def extras(self) -> dict:
        return {"targets": self.targets()}


class StrategyForm(VersionedForm):
    parent_field = "issue"

    class Meta:
        model = Strategy
        fields = ["number", "title", "goals"]
        widgets = {"goals": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        issue_id = self.instance.issue_id
        self.fields["goals"].queryset = Goal.objects.filter(issue_id=issue_id)


class ProjectForm(VersionedForm):
    """A project with a budget grid: one amount per fiscal year and source."""

    parent_field = "strategy"
    budget_sources = BudgetSource.choices

    class Meta:
        model = Project
        fields = ["number", "title", "objective", "lead_agency", "supporting_agencies"]
        widgets = {
            "objective": forms.Textarea(attrs={"rows": 3}),
            "supporting_agencies": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        agencies = _agencies_of(self.plan)
        self.fields["lead_agency"].queryset = agencies
        self.fields["supporting_agencies"].queryset = agencies
        existing = {}
        if self.instance.pk:
            existing = {(b.fiscal_year, b.source): b.amount for b in self.instance.budgets.all()}
        for year in self.years:
            for source, source_label in BudgetSource.choices:
                field = amount_field(
                    _("%(source)s, FY %(year)s") % {"source": source_label, "year": year}
                )
                field.initial = existing.get((year, source))
                self.fields[self.budget_field(year, source)] = field

    @property
    def years(self):
        return self.plan.years if self.plan is not None else []

    @staticmethod
    def budget_field(year, source):
        return f"budget_{year}_{source}"

    def budget_rows(self):
        """Rows for the budget grid template: (year, [bound field per source])."""
        return [
            (
                year,
                [self[self.budget_field(year, source)] for source, _label in BudgetSource.choices],
            )
            for year in self.years
        ]

    def budgets(self) -> dict[tuple[int, str], Decimal | None]:
        return {
            (year, source): self.cleaned_data.get(self.budget_field(year, source))
            for year in self.years
            for source, _label in BudgetSource.choices
        }

    def extras(self) -> dict:
        return {"budgets": self.budgets()}

    def non_grid_fields(self):
        return [self[name] for name in self.Meta.fields] + [self["version"]]
