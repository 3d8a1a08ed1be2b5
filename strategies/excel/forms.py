from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from strategies.excel import safety


class UploadForm(forms.Form):
    """An Excel workbook: checked for name, size and zip structure before it is parsed.

    ``too_large``: the upload was cut off at the size limit while it was being received
    (:func:`strategies.uploads.limited_upload`), so the file is missing from the form.
    """

    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        help_text=_(
            "The template filled in, an export edited in Excel, or your own sheet with the same "
            "sheet names and column headers. At most 5 MB and 5,000 rows per sheet."
        ),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )

    def __init__(self, *args, too_large=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.too_large = too_large
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.content = b""

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            safety.check_upload(upload.name or "", upload.size or 0)
            content = upload.read(safety.MAX_UPLOAD_BYTES + 1)
            safety.check_upload(upload.name or "", len(content))
            safety.check_zip(content)
        except safety.WorkbookRefused as refused:
            raise forms.ValidationError(refused.message, code="refused") from refused
        self.content = content
        return upload

    def clean(self):
        cleaned = super().clean()
        if self.too_large:
            self.errors.pop("file", None)  # "required": the file was left out, for its size
            self.add_error("file", forms.ValidationError(safety.too_large(), code="too_large"))
        return cleaned
