"""Forms of the Blueprint: its header, each kind of row, assignments and workflow steps.

Every form that edits an existing row carries the version it was loaded at (a
hidden field) so that a save based on a stale copy is refused, never silently
overwriting someone else's work. Goals, indicators and projects use the action
plan's own forms (:mod:`strategies.forms`): the Blueprint edits the cascade, it
does not copy it.
"""

from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.core.validators import MaxLengthValidator
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from proposals import limits, selectors
from proposals.fields import BEDateField, deadline_window
from proposals.models import (
    MAX_TEXT_LENGTH,
    Blueprint,
    Capital,
    ChangeProposal,
    Diagnosis,
    ProjectActivity,
    ProjectMilestone,
    ReadinessItem,
    Risk,
    Section,
    SectionStatus,
    SuccessFactor,
)
from proposals.rows import KINDS
from strategies import fiscal
from strategies import forms as cascade_forms
from strategies.access import scope_for
from strategies.fields import SafeModelChoiceField, SafeModelForm
from strategies.models import (
    ClusterMembership,
    Organisation,
    OrganisationKind,
    Project,
    StrategicIssue,
    Strategy,
)
from strategies.templatetags.thai_dates import num


def _helper():
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    return helper


def _text_limit(form, name) -> int:
    """The bound of a row's long text (:mod:`proposals.limits`), else ``MAX_TEXT_LENGTH``."""
    model = getattr(getattr(form, "_meta", None), "model", None)
    kind = next((k for k in KINDS.values() if k.model is model), None)
    if kind is not None:
        try:
            return limits.text_limit(kind, model._meta.get_field(name)) or MAX_TEXT_LENGTH
        except FieldDoesNotExist:
            pass
    return MAX_TEXT_LENGTH


def _limit_text(form):
    """Cap every multi-line text field, with Django's clear "at most N characters" message."""
    for name, field in form.fields.items():
        if isinstance(field.widget, forms.Textarea) and isinstance(field, forms.CharField):
            limit = _text_limit(form, name)
            field.max_length = limit
            field.validators.append(MaxLengthValidator(limit))
            field.widget.attrs.setdefault("rows", 4)
            field.widget.attrs["maxlength"] = str(limit)


def _year_choices(years):
    return [("", "—")] + [(year, str(year)) for year in years]


class RowForm(SafeModelForm):
    """A row of a Blueprint section, with the version it was loaded at."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, blueprint: Blueprint, parent=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.blueprint = blueprint
        self.parent = parent
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        _limit_text(self)
        self.helper = _helper()

    @property
    def years(self):
        return self.blueprint.issue.plan.years

    @classmethod
    def for_row(cls, data, *, instance, blueprint, parent, initial, rights):
        return cls(data, instance=instance, blueprint=blueprint, parent=parent, initial=initial)

    def extras(self) -> dict:
        """What the services take beside the row's fields (targets, budgets…): none here."""
        return {}

    def extras_display(self) -> dict:
        return {}


class HeaderForm(RowForm):
    fiscal_year = forms.TypedChoiceField(label=_("Fiscal year (B.E.)"), coerce=int)
    cluster_url = forms.URLField(
        label=_("link to the cluster Blueprint"),
        max_length=500,
        required=False,
        assume_scheme="https",
    )

    class Meta:
        model = Blueprint
        fields = [
            "title",
            "fiscal_year",
            "cluster",
            "cluster_reference",
            "cluster_url",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fiscal_year"].choices = [(y, str(y)) for y in self.years]
        clusters = ClusterMembership.objects.filter(
            province_id=self.blueprint.province_id
        ).values_list("cluster_id", flat=True)
        self.fields["cluster"].queryset = Organisation.objects.filter(
            kind=OrganisationKind.CLUSTER, pk__in=clusters
        )
        self.fields["title"].widget.attrs["maxlength"] = "500"


class DiagnosisForm(RowForm):
    class Meta:
        model = Diagnosis
        fields = [
            "current_situation",
            "desired_state",
            "gap",
            "root_causes",
            "strengths",
            "weaknesses",
            "opportunities",
            "threats",
        ]
        widgets = {name: forms.Textarea(attrs={"rows": 5}) for name in fields}
        help_texts = {
            "current_situation": _("Where the province stands on this issue today, with figures."),
            "desired_state": _("Where it must be when the plan ends (the goals' targets)."),
            "gap": _("The distance between the current situation and the desired state."),
            "root_causes": _("Why the gap exists: causes, not symptoms."),
            "strengths": _("Strengths and weaknesses are inside the province's organisations."),
            "opportunities": _("Opportunities and threats come from outside."),
        }


class _AgencyMixin:
    agency_fields: tuple[str, ...] = ()

    def limit_agencies(self):
        agencies = selectors.agencies_of(self.blueprint)
        for name in self.agency_fields:
            self.fields[name].queryset = agencies


class ChangeProposalForm(_AgencyMixin, RowForm):
    agency_fields = ("responsible_agency",)
    start_year = forms.TypedChoiceField(
        label=_("From fiscal year"), coerce=int, empty_value=None, required=False
    )
    end_year = forms.TypedChoiceField(
        label=_("To fiscal year"), coerce=int, empty_value=None, required=False
    )

    class Meta:
        model = ChangeProposal
        fields = [
            "category",
            "title",
            "gap",
            "expected_result",
            "indicator",
            "responsible_agency",
            "start_year",
            "end_year",
        ]
        widgets = {
            "gap": forms.Textarea(attrs={"rows": 3}),
            "expected_result": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "category": _(
                "Efficiency: the same work with less time or cost. Quality: better service to "
                "people. Capacity: new skills, systems or structures."
            ),
            "gap": _("Which part of the gap in the diagnosis this change closes."),
            "expected_result": _("What will be different once the change is made, measurably."),
            "indicator": _("The indicator that will show whether the change worked."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_agencies()
        indicator = self.fields["indicator"]
        indicator.queryset = selectors.indicators_of(self.blueprint)
        indicator.label_from_instance = lambda i: f"{i.goal.number}.{i.number} {i.name}"
        for name in ("start_year", "end_year"):
            self.fields[name].choices = _year_choices(self.years)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_year"), cleaned.get("end_year")
        if start and end and end < start:
            self.add_error("end_year", _("The end year cannot come before the start year."))
        return cleaned


class ReadinessForm(RowForm):
    class Meta:
        model = ReadinessItem
        fields = ["capital", "requirement", "current_level", "gap", "action"]
        widgets = {
            "requirement": forms.Textarea(attrs={"rows": 3}),
            "current_level": forms.Textarea(attrs={"rows": 3}),
            "gap": forms.Textarea(attrs={"rows": 3}),
            "action": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "capital": _(
                "Human: skills and knowledge. Information: systems and data. "
                "Organisation: culture, leadership, alignment and teamwork."
            ),
            "requirement": _("What the strategy needs from this capital."),
            "current_level": _("What the organisation has today."),
            "gap": _(
                "The readiness gap: what is missing between the requirement and today's level."
            ),
            "action": _("What will be done to close the readiness gap."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # The capital decides the group the row is ordered in; keep it fixed.
            self.fields["capital"].disabled = True


class _PlanPeriodMixin:
    """Dates must fall inside the action plan's fiscal years."""

    def check_in_plan(self, name):
        value = self.cleaned_data.get(name)
        if value is None:
            return
        first, _end = fiscal.fiscal_year_bounds(self.years[0])
        _start, last = fiscal.fiscal_year_bounds(self.years[-1])
        if not first <= value <= last:
            self.add_error(
                name,
                _("Choose a date within the action plan (fiscal years %(first)s–%(last)s).")
                % {"first": self.years[0], "last": self.years[-1]},
            )


class ActivityForm(_AgencyMixin, _PlanPeriodMixin, RowForm):
    agency_fields = ("responsible_agency",)
    start_date = BEDateField(label=_("Starts"), required=False)
    end_date = BEDateField(label=_("Ends"), required=False)

    class Meta:
        model = ProjectActivity
        fields = ["title", "start_date", "end_date", "responsible_agency"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_agencies()

    def clean(self):
        cleaned = super().clean()
        self.check_in_plan("start_date")
        self.check_in_plan("end_date")
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date cannot come before the start date."))
        return cleaned


class MilestoneForm(_PlanPeriodMixin, RowForm):
    due_date = BEDateField(label=_("Due date"), required=False)

    class Meta:
        model = ProjectMilestone
        fields = ["title", "due_date", "indicator", "value"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = selectors.indicators_of(self.blueprint)
        self.fields["indicator"].required = False

    def clean(self):
        cleaned = super().clean()
        self.check_in_plan("due_date")
        if cleaned.get("value") is not None and cleaned.get("indicator") is None:
            self.add_error("indicator", _("Choose the indicator whose value this is."))
        return cleaned


class RiskForm(_AgencyMixin, RowForm):
    agency_fields = ("owner",)

    class Meta:
        model = Risk
        fields = ["description", "likelihood", "impact", "mitigation", "owner"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "mitigation": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "likelihood": _("How likely it is to happen."),
            "impact": _("How badly it would hurt the plan if it happened."),
            "mitigation": _("What will be done to prevent it or to limit the damage."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_agencies()


class SuccessFactorForm(RowForm):
    class Meta:
        model = SuccessFactor
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "text": _(
                "A condition that must hold for the Blueprint to succeed, e.g. the "
                "governor's backing."
            )
        }


class BlueprintProjectForm(cascade_forms.ProjectForm):
    """The action plan's project form, with the strategy chosen among the issue's."""

    class Meta(cascade_forms.ProjectForm.Meta):
        fields = ["strategy", *cascade_forms.ProjectForm.Meta.fields]

    def __init__(self, *args, issue: StrategicIssue, rights=None, **kwargs):
        super().__init__(*args, **kwargs)
        if rights is not None and not rights.edit:
            # An agency leads what it adds and keeps what it leads: only the strategy
            # office gives a project to another agency.
            lead = self.fields["lead_agency"]
            lead.queryset = lead.queryset.filter(pk__in=rights.agencies)
            lead.required = True
            if self.instance.pk:
                lead.disabled = True
                lead.help_text = _("Only the strategy office changes a project's lead agency.")
            elif lead.queryset.count() == 1:
                lead.initial = lead.queryset.get().pk
        strategy = self.fields["strategy"]
        strategy.queryset = Strategy.objects.filter(issue=issue)
        if self.instance.pk:
            strategy.disabled = True
            strategy.help_text = _("Move a project to another strategy on the action plan's pages.")
        else:
            taken = Project.objects.filter(strategy__issue=issue).aggregate(m=Max("number"))
            self.fields["number"].initial = (taken["m"] or 0) + 1
        _limit_text(self)

    def clean(self):
        chosen = self.cleaned_data.get("strategy")
        if chosen is not None and not self.instance.pk:
            self.instance.strategy = chosen
        return super().clean()

    def non_grid_fields(self):
        return [self[name] for name in self.Meta.fields] + [self["version"]]

    @classmethod
    def for_row(cls, data, *, instance, blueprint, parent, initial, rights):
        plan = blueprint.issue.plan
        return cls(
            data, instance=instance, plan=plan, issue=blueprint.issue, initial=initial,
            rights=rights,
        )  # fmt: skip

    def extras(self) -> dict:
        return {
            "budgets": self.budgets(),
            "supporting_agencies": list(self.cleaned_data.get("supporting_agencies") or []),
        }

    def extras_display(self) -> dict:
        """Budgets and supporting agencies typed, as readable text (side-by-side view)."""
        display = {
            f"budget_{year}_{source}": num(amount)
            for (year, source), amount in self.budgets().items()
            if amount is not None
        }
        agencies = self.cleaned_data.get("supporting_agencies") or []
        display["supporting_agencies"] = ", ".join(sorted(org.name for org in agencies))
        return display


class GoalForm(cascade_forms.GoalForm):
    @classmethod
    def for_row(cls, data, *, instance, blueprint, parent, initial, rights):
        plan = blueprint.issue.plan
        return cls(
            data, instance=instance, plan=plan, parent=parent or blueprint.issue, initial=initial
        )

    def extras(self) -> dict:
        return {}

    def extras_display(self) -> dict:
        return {}


class IndicatorForm(cascade_forms.IndicatorForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _limit_text(self)

    @classmethod
    def for_row(cls, data, *, instance, blueprint, parent, initial, rights):
        plan = blueprint.issue.plan
        return cls(data, instance=instance, plan=plan, parent=parent, initial=initial)

    def extras(self) -> dict:
        return {"targets": self.targets()}

    def extras_display(self) -> dict:
        """The yearly targets typed, as readable text (for the side-by-side view)."""
        return {
            f"target_{year}": num(value)
            for year, value in self.targets().items()
            if value is not None
        }


ROW_FORMS = {
    "goal": GoalForm,
    "indicator": IndicatorForm,
    "project": BlueprintProjectForm,
    "header": HeaderForm,
    "diagnosis": DiagnosisForm,
    "change": ChangeProposalForm,
    "readiness": ReadinessForm,
    "activity": ActivityForm,
    "milestone": MilestoneForm,
    "risk": RiskForm,
    "factor": SuccessFactorForm,
}


def build_row_form(
    kind, blueprint, *, data=None, instance=None, parent=None, initial=None, rights=None
):
    """The form for a row of ``kind`` (a cascade form for goals, indicators, projects).

    With ``rights`` (of the person filling it in), the owner field of a row is limited to
    what that person may set (see :meth:`proposals.access.Rights.may_set_owner`)."""
    return ROW_FORMS[kind.key].for_row(
        data, instance=instance, blueprint=blueprint, parent=parent, initial=initial,
        rights=rights,
    )  # fmt: skip


def form_values(kind, form) -> tuple[dict, dict]:
    """``(values, extras)`` for the services from a valid row form."""
    values = {name: form.cleaned_data[name] for name in kind.fields if name in form.cleaned_data}
    return values, form.extras()


# --------------------------------------------------------------------------
# Creating a Blueprint, assigning sections, workflow steps, comparing versions
# --------------------------------------------------------------------------


class BlueprintCreateForm(forms.Form):
    issue = SafeModelChoiceField(label=_("Strategic issue"), queryset=StrategicIssue.objects.none())
    fiscal_year = forms.IntegerField(
        label=_("Fiscal year (B.E.)"),
        min_value=fiscal.MIN_FISCAL_YEAR,
        max_value=fiscal.MAX_FISCAL_YEAR,
        error_messages={
            "min_value": _("Enter a Buddhist Era year (e.g. 2548), not a Christian Era year."),
        },
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=500,
        required=False,
        help_text=_("Leave empty to name it after the strategic issue."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        scope = scope_for(user)
        issues = StrategicIssue.objects.select_related("plan__organisation").order_by(
            "plan__organisation__name", "-plan__start_year", "number"
        )
        if not scope.edit_all:
            issues = issues.filter(plan__organisation_id__in=scope.edit)
        issue_field = self.fields["issue"]
        issue_field.queryset = issues
        issue_field.label_from_instance = lambda i: (
            f"{i.plan.organisation.name} {i.plan.start_year}–{i.plan.end_year}: {i}"
        )
        self.helper = _helper()

    def clean(self):
        cleaned = super().clean()
        issue, year = cleaned.get("issue"), cleaned.get("fiscal_year")
        if issue and year and year not in issue.plan.years:
            self.add_error(
                "fiscal_year",
                _("Fiscal year %(year)s is outside the action plan (%(first)s–%(last)s).")
                % {"year": year, "first": issue.plan.start_year, "last": issue.plan.end_year},
            )
        return cleaned


class SectionAssignForm(SafeModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    due_date = BEDateField(label=_("Due date"), required=False)

    class Meta:
        model = Section
        fields = ["assignee", "due_date", "status", "instructions"]
        widgets = {"instructions": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "assignee": _(
                "The line agency that drafts this section. Leave empty to keep it "
                "with the strategy office."
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = selectors.line_agencies_of(self.instance.blueprint)
        self.fields["due_date"].limit_to(
            deadline_window(self.instance.blueprint.fiscal_year), keep=self.instance.due_date
        )
        self.fields["version"].initial = self.instance.version
        _limit_text(self)
        self.helper = _helper()


class SectionStatusForm(forms.Form):
    status = forms.ChoiceField(choices=SectionStatus.choices)


class TransitionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason or note"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=MAX_TEXT_LENGTH,
    )
    approved_on = BEDateField(label=_("Approved on"), required=False)

    def __init__(self, *args, step, blueprint, **kwargs):
        super().__init__(*args, **kwargs)
        self.step = step
        if step.action != "approve":
            del self.fields["approved_on"]
        else:
            # The governor is the one the province's record names (shown on the page).
            self.fields["approved_on"].help_text = _(
                "The day the governor signed; left empty, today."
            )
        if step.reason_required:
            self.fields["reason"].required = True
            self.fields["reason"].label = _("Reason")
        self.helper = _helper()


class CompareForm(forms.Form):
    a = forms.IntegerField(min_value=1)
    b = forms.IntegerField(min_value=1)


__all__ = ["Capital", "build_row_form", "form_values"]
