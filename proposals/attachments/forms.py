"""The upload form of an attachment (the file's checks are the service's)."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from proposals.attachments.models import WORKSHOP_KINDS, AttachmentKind
from proposals.attachments.services import megabytes


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("What is it?"), choices=AttachmentKind.choices)
    title = forms.CharField(label=gettext_lazy("Title"), max_length=255)
    workshop = forms.TypedChoiceField(
        label=gettext_lazy("Workshop"), required=False, coerce=int, empty_value=None
    )
    file = forms.FileField(
        label=gettext_lazy("File (PDF, PNG or JPEG)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}),
    )

    def __init__(self, *args, workshops=(), editor=True, too_large=False, **kwargs):
        """``workshops``: those the person may attach to; ``editor``: may attach to the
        Blueprint itself (and any kind)."""
        super().__init__(*args, **kwargs)
        self.too_large = too_large
        choices = [(w.pk, str(w)) for w in workshops]
        if editor:
            choices.insert(0, ("", _("The Blueprint itself")))
        else:
            self.fields["workshop"].required = True
            self.fields["kind"].choices = [
                (value, label) for value, label in AttachmentKind.choices if value in WORKSHOP_KINDS
            ]
        self.fields["workshop"].choices = choices
        self.fields["file"].help_text = _("At most %(limit)s MB.") % {
            "limit": megabytes(settings.ATTACHMENT_MAX_BYTES)
        }

    def clean(self):
        cleaned = super().clean()
        if self.too_large:
            # The file was cut off at the limit: tell that, not "no file was sent".
            self.errors.pop("file", None)
            self.add_error(
                "file",
                _("The file is larger than %(limit)s MB.")
                % {"limit": megabytes(settings.ATTACHMENT_MAX_BYTES)},
            )
        return cleaned
