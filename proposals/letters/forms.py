"""The covering letter's details and the province's office, as forms."""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from proposals.letters import render, services
from proposals.letters.models import CoveringLetter


def _helper():
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    return helper


class LetterForm(forms.Form):
    """What the office enters for the covering letter (หนังสือนำส่ง)."""

    document_number = forms.CharField(
        label=_("Document number (ที่)"),
        max_length=100,
        help_text=_("As the office's registry gives it, e.g. ชพ ๐๐๑๗/๑๒๓๔."),
        error_messages={"required": _("Enter the letter's document number (ที่).")},
    )
    reference = forms.CharField(
        label=_("Reference (อ้างถึง)"),
        max_length=500,
        required=False,
        help_text=_("A letter this one answers, if any."),
    )
    enclosures = forms.CharField(
        label=_("Other enclosures"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line; the Blueprint itself is always the first enclosure."),
    )
    signer_name = forms.CharField(
        label=_("Signer's name"),
        max_length=255,
        error_messages={"required": _("Enter the name of the person who signs the letter.")},
    )
    signer_position = forms.CharField(
        label=_("Signer's position"),
        max_length=255,
        error_messages={"required": _("Enter the position of the person who signs the letter.")},
    )

    def __init__(self, *args, blueprint, **kwargs):
        super().__init__(*args, **kwargs)
        letter = CoveringLetter.objects.filter(blueprint=blueprint).first()
        if letter is not None:
            for name in services.LETTER_FIELDS:
                self.fields[name].initial = getattr(letter, name)
        else:
            name, position = render.signer_defaults(blueprint)
            self.fields["signer_name"].initial = name
            self.fields["signer_position"].initial = position
        self.helper = _helper()


class OfficeForm(forms.Form):
    """The office a province's letters print, and its emblem (Garuda) image."""

    office_name = forms.CharField(label=_("Office"), max_length=255, required=False)
    office_address = forms.CharField(label=_("Office address"), max_length=500, required=False)
    office_unit = forms.CharField(
        label=_("Issuing unit"),
        max_length=255,
        required=False,
        help_text=_("The unit that owns the matter, printed at the foot of a letter."),
    )
    office_phone = forms.CharField(label=_("Telephone"), max_length=100, required=False)
    emblem = forms.FileField(
        label=_("Emblem (Garuda) image"),
        required=False,
        help_text=_("PNG or JPEG, at most 512 KB. Without it the letter leaves the space empty."),
    )
    remove_emblem = forms.BooleanField(label=_("Remove the emblem"), required=False)

    def __init__(self, *args, province, too_large=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.too_large = too_large
        for name in services.OFFICE_FIELDS:
            self.fields[name].initial = getattr(province, name)
        self.helper = _helper()

    def clean_emblem(self):
        if self.too_large:
            raise forms.ValidationError(
                _("The emblem image is too large: at most %(kb)s KB.")
                % {"kb": services.EMBLEM_MAX_BYTES // 1024}
            )
        upload = self.cleaned_data.get("emblem")
        if not upload:
            return None
        content = upload.read(services.EMBLEM_MAX_BYTES + 1)
        services.emblem_check(content)  # ValidationError with the reason
        return content


def submit_form(data, blueprint) -> LetterForm:
    """The letter's part of the submission page (prefixed, so its fields never clash
    with the step's own form)."""
    return LetterForm(data, blueprint=blueprint, prefix="letter")


def submit_save(user, blueprint, form: LetterForm | None) -> None:
    """Save the letter's details from the submission page (inside the step's transaction,
    so a refused step keeps nothing); no form, nothing to do."""
    if form is not None:
        services.letter_save(user=user, blueprint=blueprint, values=form.cleaned_data)
