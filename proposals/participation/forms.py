"""Forms of participation: participants, workshops, comments, decisions, preferences."""

import datetime

from crispy_forms.helper import FormHelper
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from proposals.fields import BEDateField
from proposals.list_filters import each_word
from proposals.models import CONTENT_SECTIONS, MAX_TEXT_LENGTH, ChangeCategory, SectionKey
from proposals.participation.models import (
    AgencyInput,
    EmailMode,
    InputStatus,
    NotificationKind,
    Participant,
    PointKind,
    PromotedTo,
)
from strategies.fields import PlainSelect, SafeModelChoiceField, SafeModelForm
from strategies.models import Membership, Organisation, OrganisationKind


def _helper():
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    return helper


def _text(label, *, required=True, rows=3, help_text=""):
    return forms.CharField(
        label=label,
        required=required,
        max_length=MAX_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": rows, "maxlength": str(MAX_TEXT_LENGTH)}),
        help_text=help_text,
    )


def province_organisations(blueprint):
    """The province itself and its line agencies."""
    return Organisation.objects.filter(
        Q(pk=blueprint.province_id)
        | Q(kind=OrganisationKind.LINE_AGENCY, province_id=blueprint.province_id)
    ).order_by("kind", "name")


def province_people(blueprint):
    """People with a role in the province or one of its agencies."""
    organisations = Organisation.objects.filter(
        Q(pk=blueprint.province_id) | Q(province_id=blueprint.province_id)
    ).values("pk")
    members = Membership.objects.filter(organisation__in=organisations).values("user_id")
    # A subquery, not a join: no DISTINCT over whole rows, and indexes on both tables.
    return (
        get_user_model()
        .objects.filter(is_active=True, pk__in=members)
        .order_by("first_name", "last_name", "username")
    )


class ParticipantForm(SafeModelForm):
    class Meta:
        model = Participant
        fields = [
            "organisation",
            "role",
            "contact_name",
            "contact_position",
            "contact_phone",
            "contact_email",
            "contact_consent",
        ]

    def __init__(self, *args, blueprint, **kwargs):
        super().__init__(*args, **kwargs)
        organisation = self.fields["organisation"]
        if self.instance.pk:
            organisation.disabled = True
            organisation.queryset = Organisation.objects.filter(pk=self.instance.organisation_id)
        else:
            taken = Participant.objects.filter(blueprint=blueprint).values("organisation_id")
            organisation.queryset = (
                Organisation.objects.filter(
                    kind=OrganisationKind.LINE_AGENCY, province_id=blueprint.province_id
                )
                .exclude(pk__in=taken)
                .order_by("name")
            )
        self.helper = _helper()


class WorkshopForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=500)
    date = BEDateField(label=_("Date"))
    start_time = forms.TimeField(
        label=_("Starts at"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    end_time = forms.TimeField(
        label=_("Ends at"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    venue = forms.CharField(label=_("Venue"), max_length=500, required=False)
    agenda = _text(_("Agenda"), required=False, rows=4)
    minutes = _text(_("Minutes"), required=False, rows=8)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, workshop=None, **kwargs):
        if workshop is not None and not kwargs.get("initial"):
            starts = timezone.localtime(workshop.starts_at)
            ends = timezone.localtime(workshop.ends_at) if workshop.ends_at else None
            kwargs["initial"] = {
                "title": workshop.title,
                "date": starts.date(),
                "start_time": starts.time().replace(second=0, microsecond=0),
                "end_time": ends.time().replace(second=0, microsecond=0) if ends else None,
                "venue": workshop.venue,
                "agenda": workshop.agenda,
                "minutes": workshop.minutes,
                "version": workshop.version,
            }
        super().__init__(*args, **kwargs)
        self.helper = _helper()

    def clean(self):
        cleaned = super().clean()
        day, start, end = cleaned.get("date"), cleaned.get("start_time"), cleaned.get("end_time")
        if day and start and end and end < start:
            self.add_error("end_time", _("The end cannot come before the start."))
        return cleaned

    def values(self) -> dict:
        data = self.cleaned_data
        zone = timezone.get_current_timezone()
        starts = timezone.make_aware(
            datetime.datetime.combine(data["date"], data["start_time"]), zone
        )
        ends = None
        if data.get("end_time"):
            ends = timezone.make_aware(
                datetime.datetime.combine(data["date"], data["end_time"]), zone
            )
        return {
            "title": data["title"].strip(),
            "starts_at": starts,
            "ends_at": ends,
            "venue": data.get("venue", "").strip(),
            "agenda": data.get("agenda", ""),
            "minutes": data.get("minutes", ""),
        }


class InviteForm(forms.Form):
    person = SafeModelChoiceField(
        label=_("Person"),
        queryset=get_user_model().objects.none(),
        required=False,
        help_text=_("Someone with an account: they are told of the invitation."),
    )
    organisation = SafeModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none(), required=False
    )
    other_organisation = forms.CharField(
        label=_("Other organisation"),
        max_length=255,
        required=False,
        help_text=_("For organisations outside the government (chamber of commerce, farmers…)."),
    )
    name = forms.CharField(label=_("Name"), max_length=255, required=False)
    position = forms.CharField(label=_("Position"), max_length=255, required=False)

    def __init__(self, *args, blueprint, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = province_organisations(blueprint)
        for name in ("person", "organisation"):  # a province has a hundred people or more
            self.fields[name].widget = PlainSelect(choices=self.fields[name].choices)
        person = self.fields["person"]
        person.queryset = province_people(blueprint)
        person.label_from_instance = lambda u: u.get_full_name() or u.get_username()
        self.helper = _helper()

    def clean(self):
        cleaned = super().clean()
        if not (
            cleaned.get("person")
            or cleaned.get("organisation")
            or (cleaned.get("other_organisation") or "").strip()
        ):
            raise forms.ValidationError(_("Choose a person or an organisation."))
        return cleaned


class PointForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=PointKind.choices, initial=PointKind.IDEA)
    section = forms.ChoiceField(label=_("Section"), required=False)
    text = _text(_("What was raised"))
    raised_by = forms.CharField(label=_("Raised by"), max_length=255, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = [("", "—")] + [
            (key.value, key.label) for key in SectionKey
        ]
        self.helper = _helper()


class PromoteForm(forms.Form):
    to = forms.ChoiceField(choices=PromotedTo.choices)
    category = forms.ChoiceField(
        label=_("Category"), choices=ChangeCategory.choices, required=False
    )


class CommentForm(forms.Form):
    body = _text(
        _("Comment"),
        rows=3,
        help_text=_(
            "Type @ and a few letters of a name to mention a person or an agency "
            "(@username, @agency-code)."
        ),
    )
    row = forms.ChoiceField(label=_("About"), required=False)

    def __init__(self, *args, rows=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["row"].choices = [("", _("The whole section"))] + [
            (f"{kind}:{pk}", label) for kind, pk, label in rows
        ]


class CommentEditForm(forms.Form):
    body = _text(_("Comment"), rows=3)


class ReasonForm(forms.Form):
    reason = _text(_("Reason"), rows=4, help_text=_("The agency sees this reason."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class SubmitInputForm(forms.Form):
    note = _text(_("Note to the strategy office"), required=False, rows=3)


class PreferenceForm(forms.Form):
    """The person's default, and a choice per kind of event (``kind_<kind>``; empty
    follows the default)."""

    email_mode = forms.ChoiceField(
        label=_("E-mail me"), choices=EmailMode.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in NotificationKind:
            self.fields[f"kind_{kind.value}"] = forms.ChoiceField(
                label=kind.label,
                required=False,
                choices=[("", _("As above")), *EmailMode.choices],
            )

    def kind_fields(self):
        return [self[f"kind_{kind.value}"] for kind in NotificationKind]

    def kind_modes(self) -> dict:
        return {
            kind.value: self.cleaned_data[f"kind_{kind.value}"]
            for kind in NotificationKind
            if self.cleaned_data.get(f"kind_{kind.value}")
        }


class InputFilter(forms.Form):
    """Search and filters of a Blueprint's agency inputs (issue 20). They narrow the inputs
    the person may already see (:func:`~proposals.participation.selectors.inputs_of`); a
    value that is not an option is ignored."""

    q = forms.CharField(label=_("Search"), max_length=200, required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *InputStatus.choices]
    )
    section = forms.ChoiceField(
        label=_("Section"),
        required=False,
        choices=[("", _("All sections")), *[(key.value, key.label) for key in CONTENT_SECTIONS]],
    )

    def apply(self, queryset):
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data["q"]:
            # Matched over the input and its proposed rows; by id, so an input with many
            # matching rows is listed once.
            matching = AgencyInput.objects.filter(
                each_word(
                    data["q"],
                    "agency__name",
                    "agency__name_en",
                    "agency__short_name",
                    "note",
                    "return_reason",
                    "items__target_label",
                    # The text a new row proposes (the label field of each kind agencies
                    # fill: change, readiness, risk, factor) — read out of the JSON.
                    "items__data__title",
                    "items__data__requirement",
                    "items__data__description",
                    "items__data__text",
                    "submitted_by__first_name",
                    "submitted_by__last_name",
                )
            )
            queryset = queryset.filter(pk__in=matching.values("pk"))
        if data["status"]:
            queryset = queryset.filter(status=data["status"])
        if data["section"]:
            queryset = queryset.filter(section__key=data["section"])
        return queryset

    @property
    def active(self) -> bool:
        return self.is_valid() and any(self.cleaned_data.values())
