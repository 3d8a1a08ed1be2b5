"""Admin of the provinces' signing certificates: system administrators (superusers) only,
whatever model permissions a staff account holds — the key signs official documents.

A certificate is installed (or replaced) by uploading its PKCS#12 bundle and passphrase;
the page then shows the certificate's subject, issuer and validity, never the key.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from proposals.pdf import signing
from proposals.pdf.models import SigningCertificate
from strategies.fields import SafeModelForm

# The certificate's public facts, shown once it is installed.
SHOWN = [
    "subject",
    "issuer",
    "serial_number",
    "fingerprint",
    "not_before",
    "not_after",
    "uploaded_by",
    "uploaded_at",
]


class SigningCertificateForm(SafeModelForm):
    bundle = forms.FileField(
        label=_("PKCS#12 file (.p12 / .pfx)"),
        help_text=_("The province's certificate and private key, as issued by its CA."),
    )
    passphrase = forms.CharField(
        label=_("Passphrase of the file"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Used once to open the file; it is not kept."),
    )

    class Meta:
        model = SigningCertificate
        fields = ["province"]

    def clean(self):
        cleaned = super().clean()
        bundle = cleaned.get("bundle")
        if bundle is None:
            return cleaned
        if bundle.size > 1024 * 1024:
            raise ValidationError({"bundle": _("This is not a PKCS#12 file (over 1 MB).")})
        bundle.seek(0)
        cleaned["bundle_data"] = bundle.read()
        try:
            signing.read_pkcs12(cleaned["bundle_data"], cleaned.get("passphrase") or "")
        except ValidationError as error:
            raise ValidationError({"bundle": error.messages}) from error
        return cleaned


@admin.register(SigningCertificate)
class SigningCertificateAdmin(admin.ModelAdmin):
    form = SigningCertificateForm
    list_display = ["province", "subject", "not_before", "not_after", "uploaded_at"]

    def get_fields(self, request, obj=None):
        upload = ["bundle", "passphrase"]
        return ["province", *SHOWN, *upload] if obj else ["province", *upload]

    def get_readonly_fields(self, request, obj=None):
        return ["province", *SHOWN] if obj else []

    def save_model(self, request, obj, form, change):
        stored = signing.certificate_install(
            user=request.user,
            province=obj.province,
            pkcs12_data=form.cleaned_data["bundle_data"],
            passphrase=form.cleaned_data.get("passphrase") or "",
        )
        obj.pk = stored.pk
        obj._state.adding = False

    def delete_model(self, request, obj):
        signing.certificate_remove(user=request.user, stored=obj)

    def delete_queryset(self, request, queryset):
        for stored in queryset:
            signing.certificate_remove(user=request.user, stored=stored)

    # Superusers only: has_module_permission hides the section from other staff too.
    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser
