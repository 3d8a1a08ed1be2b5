"""Forms of the monitoring pages. They parse what was typed; the services decide."""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from proposals.fields import BEDateField
from proposals.monitoring.models import NOTE_MAX_LENGTH
from strategies import fiscal
from strategies.models import BudgetSource


def _helper():
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    return helper


class _Form(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class PeriodForm(_Form):
    fiscal_year = forms.IntegerField(
        label=_("Fiscal year (B.E.)"),
        min_value=fiscal.MIN_FISCAL_YEAR,
        max_value=fiscal.MAX_FISCAL_YEAR,
    )
    quarter = forms.TypedChoiceField(
        label=_("Quarter"),
        coerce=int,
        choices=[
            (1, _("Q1 (October–December)")),
            (2, _("Q2 (January–March)")),
            (3, _("Q3 (April–June)")),
            (4, _("Q4 (July–September)")),
        ],
    )
    # Dates in the Buddhist Era, with the house's calendar (a browser's own date input shows
    # Common Era years and the browser's format, not what Thai officials type).
    due_date = BEDateField(
        label=_("Due date"),
        help_text=_(
            "The day by which every agency should have reported, usually two weeks after "
            "the quarter ends."
        ),
    )
    grace_days = forms.IntegerField(
        label=_("Grace period (days)"),
        min_value=0,
        max_value=90,
        initial=7,
        help_text=_("Late entries are still taken for this many days; then the period locks."),
    )


class PeriodEditForm(_Form):
    due_date = BEDateField(label=_("Due date"))
    grace_days = forms.IntegerField(label=_("Grace period (days)"), min_value=0, max_value=90)
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReopenForm(_Form):
    until = BEDateField(label=_("Open for late entries until"))
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Recorded with your name: why late entries are let in."),
    )


class ActualForm(_Form):
    value = forms.DecimalField(label=_("Actual value"), max_digits=16, decimal_places=2)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One or two sentences: what the figure means, why it moved."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class EvidenceForm(_Form):
    title = forms.CharField(label=_("Title"), max_length=255, required=False)
    file = forms.FileField(label=_("File (PDF, PNG, JPEG)"), required=False)
    url = forms.CharField(label=_("or a link"), max_length=500, required=False)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("file") and not (cleaned.get("url") or "").strip():
            raise forms.ValidationError(_("Attach a file or give a link."))
        return cleaned


class ProgressForm(_Form):
    percent_complete = forms.DecimalField(
        label=_("Per cent complete"), max_digits=5, decimal_places=2, min_value=0, max_value=100
    )
    milestones = forms.CharField(
        label=_("Milestones reached"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for source, label in BudgetSource.choices:
            self.fields[f"committed_{source}"] = forms.DecimalField(
                label=_("%(source)s: committed (baht)") % {"source": label},
                required=False,
                max_digits=16,
                decimal_places=2,
                min_value=0,
            )
            self.fields[f"disbursed_{source}"] = forms.DecimalField(
                label=_("%(source)s: disbursed (baht)") % {"source": label},
                required=False,
                max_digits=16,
                decimal_places=2,
                min_value=0,
            )

    def spending(self) -> dict:
        result = {}
        for source in BudgetSource.values:
            committed = self.cleaned_data.get(f"committed_{source}")
            disbursed = self.cleaned_data.get(f"disbursed_{source}")
            if committed is None and disbursed is None:
                continue
            result[source] = (committed or 0, disbursed or 0)
        return result


class TargetChangeForm(_Form):
    fiscal_year = forms.TypedChoiceField(label=_("Fiscal year"), coerce=int)
    new_value = forms.DecimalField(label=_("New target"), max_digits=16, decimal_places=2)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Why the target should change: the office decides on it and it stays in the history."
        ),
    )

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fiscal_year"].choices = [(year, str(year)) for year in years]


class DecisionForm(_Form):
    decision = forms.ChoiceField(
        choices=[("approve", _("Approve")), ("refuse", _("Refuse"))], widget=forms.HiddenInput
    )
    decision_note = forms.CharField(label=_("Note"), max_length=500, required=False)
