"""Forms of the review workspace (validation only; the services decide)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from proposals.models import MAX_TEXT_LENGTH
from proposals.review.models import NOTE_SECTIONS
from proposals.review.services import MAX_NOTE_LENGTH


class ReviewNoteForm(forms.Form):
    section = forms.ChoiceField(label=_("Section"), choices=NOTE_SECTIONS)
    text = forms.CharField(
        label=_("Review comment"),
        max_length=MAX_NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ScoreForm(forms.Form):
    """One level (1–5, or none) and a comment per criterion of the rubric."""

    def __init__(self, *args, criteria, scores, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            score = scores.get(criterion.pk)
            self.fields[f"level_{criterion.pk}"] = forms.TypedChoiceField(
                label=criterion.title,
                choices=[("", _("Not scored"))] + [(level, level) for level in range(1, 6)],
                coerce=int,
                empty_value=None,
                required=False,
                initial=score.level if score else "",
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment"),
                required=False,
                max_length=MAX_NOTE_LENGTH,
                initial=score.comment if score else "",
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def levels(self) -> dict[int, int | None]:
        return {c.pk: self.cleaned_data.get(f"level_{c.pk}") for c in self.criteria}

    def comments(self) -> dict[int, str]:
        return {c.pk: self.cleaned_data.get(f"comment_{c.pk}", "") for c in self.criteria}

    def rows(self):
        """``(criterion, level field, comment field)`` for the template."""
        return [(c, self[f"level_{c.pk}"], self[f"comment_{c.pk}"]) for c in self.criteria]


class DecisionForm(forms.Form):
    RETURN, ACCEPT = "return", "accept"

    action = forms.ChoiceField(
        label=_("Decision"),
        choices=[(RETURN, _("Return for revision")), (ACCEPT, _("Accept the Blueprint"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reasons (the province sees them)"),
        required=False,
        max_length=MAX_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean(self):
        data = super().clean()
        if data.get("action") == self.RETURN and not (data.get("reason") or "").strip():
            self.add_error(
                "reason", _("Give the reasons for returning it: the province needs them to revise.")
            )
        return data


class ExportForm(forms.Form):
    """Which Blueprints to export: the ticked ones, or every one the filter shows."""

    SELECTED, ALL = "selected", "all"

    scope = forms.ChoiceField(choices=[(SELECTED, SELECTED), (ALL, ALL)])
    blueprint = forms.TypedMultipleChoiceField(coerce=int, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Any id is accepted here; what the person may export is decided by the service.
        values = self.data.getlist("blueprint") if hasattr(self.data, "getlist") else []
        self.fields["blueprint"].choices = [(v, v) for v in values if str(v).isdigit()]

    def clean(self):
        data = super().clean()
        if data.get("scope") == self.SELECTED and not data.get("blueprint"):
            raise forms.ValidationError(_("Tick at least one submitted Blueprint to export."))
        return data
