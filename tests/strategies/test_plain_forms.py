"""``{% plain_form %}`` writes crispy-bootstrap5's markup without its templates: what a
person sees and what a screen reader is told must not change with the speed-up."""

from html.parser import HTMLParser

from crispy_forms.utils import render_crispy_form
from django import forms

from strategies.templatetags.plain_forms import plain_form


class Meeting(forms.Form):
    title = forms.CharField(label="หัวข้อ", max_length=20, help_text="ชื่อการประชุม")
    kind = forms.ChoiceField(label="ประเภท", choices=[("a", "ก"), ("b", "ข")])
    notes = forms.CharField(label="บันทึก", widget=forms.Textarea, required=False)
    public = forms.BooleanField(label="เปิดเผย", required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == "b" and not cleaned.get("notes"):
            raise forms.ValidationError("ประเภท ข ต้องมีบันทึก")
        return cleaned


class Elements(HTMLParser):
    """The start tags (with their attributes, in any order) and texts of some HTML."""

    def __init__(self, html):
        super().__init__()
        self.items = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.items.append((tag, sorted(attrs, key=lambda pair: pair[0])))

    def handle_endtag(self, tag):
        self.items.append(("/" + tag,))

    def handle_data(self, data):
        if data.strip():
            self.items.append(data.strip())


def squeeze(html: str) -> str:
    """The markup without the whitespace crispy's templates leave between tags."""
    return " ".join(html.split()).replace("> <", "><").replace(" </", "</").replace("> ", ">")


def crispy(form) -> str:
    form.helper = None
    from crispy_forms.helper import FormHelper

    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    return render_crispy_form(form, helper)


def test_errors_are_announced_and_what_was_typed_is_kept():
    form = Meeting(data={"title": "x" * 21, "kind": "b", "notes": "", "public": "on"})
    assert not form.is_valid()
    html = str(plain_form(form))
    assert 'class="alert alert-block alert-danger"' in html and "ประเภท ข ต้องมีบันทึก" in html
    assert 'aria-describedby="id_title_helptext id_title_error"' in html
    assert 'aria-invalid="true"' in html and "is-invalid" in html
    assert 'id="error_1_id_title"' in html and 'value="' + "x" * 21 + '"' in html
    assert '<option value="b" selected>' in html and "checked" in html
    assert 'requiredField">หัวข้อ<span class="asteriskField">*</span>' in html


def test_the_markup_is_crispys():
    for data in (None, {"title": "", "kind": "a"}, {"title": "ok", "kind": "b"}):
        form, twin = Meeting(data=data), Meeting(data=data)
        if data is not None:
            form.is_valid(), twin.is_valid()
        ours = squeeze(str(plain_form(form)))
        theirs = squeeze(crispy(twin))
        # The same elements with the same attributes, field by field.
        for name in ("title", "kind", "notes", "public"):
            start = f'<div id="div_id_{name}"'
            assert start in ours and start in theirs
        # Element for element, attribute for attribute, text for text.
        assert Elements(ours).items == Elements(theirs).items, data
        for fragment in (
            'class="select form-select',
            'class="textinput form-control',
            'class="textarea form-control',
            'class="checkboxinput form-check-input',
            'id="id_title_helptext" class="form-text">ชื่อการประชุม</div>',
        ):
            assert (fragment in ours) == (fragment in theirs), (fragment, data)
