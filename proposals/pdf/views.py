"""Downloading Blueprint PDFs and verifying a PDF against the archive.

Access goes through :mod:`proposals.access` like every Blueprint page: a stranger
gets 404; an OPDC reviewer only ever gets submitted PDFs.
"""

import hashlib
import logging
import re

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from proposals import access, selectors
from proposals.models import BlueprintStatus
from proposals.pdf import archive, drafts, signing
from proposals.pdf.models import DraftJobStatus, DraftPDFJob
from strategies import http
from strategies.audit import audit_export
from strategies.models import Profile
from strategies.uploads import limited_upload, upload_too_large

logger = logging.getLogger(__name__)

# A Blueprint whose working copy is frozen as submitted: its PDF is the archived one.
SUBMITTED_STATUSES = {BlueprintStatus.SUBMITTED, BlueprintStatus.ACCEPTED}


def _filename(blueprint, suffix: str) -> str:
    province = re.sub(r"[^a-z0-9-]+", "-", (blueprint.province.code or "").lower()).strip("-")
    return (
        f"blueprint-{province or blueprint.pk}-issue{blueprint.issue.number}"
        f"-{blueprint.fiscal_year}-{suffix}.pdf"
    )


def _thai_numerals_for(user) -> bool:
    """Thai digits in a draft when the reader's profile asks for them or the site setting
    (which also governs the archived submission) is on."""
    try:
        return user.profile.thai_numerals or settings.PDF_THAI_NUMERALS
    except Profile.DoesNotExist:
        return settings.PDF_THAI_NUMERALS


@login_required
@require_GET
def blueprint_pdf(request, pk):
    """The Blueprint as PDF: the archived submission once submitted, else a draft."""
    blueprint, rights = access.blueprint_for(
        request.user, pk, queryset=selectors.blueprint_queryset()
    )
    latest = blueprint.snapshots.order_by("-edition").first()
    if not rights.read_live:
        # OPDC sees what was submitted, never the working copy.
        if latest is None:
            raise Http404
        return redirect("proposals:snapshot_pdf", blueprint.pk, latest.edition)
    if (
        blueprint.status in SUBMITTED_STATUSES
        and latest is not None
        and latest.edition == blueprint.edition
    ):
        return redirect("proposals:snapshot_pdf", blueprint.pk, latest.edition)
    draft = drafts.draft_pdf(
        blueprint, thai_numerals=_thai_numerals_for(request.user), requested_by=request.user
    )
    if isinstance(draft, DraftPDFJob):
        # Too large to render in a request (or every render slot busy): the worker renders it.
        return redirect(draft)
    audit_export(request, blueprint, format="pdf", edition=blueprint.edition, draft=True)
    response = http.pdf_response(draft.content, _filename(blueprint, f"v{blueprint.edition}-draft"))
    response["X-PDF-Cache"] = "hit" if draft.cached else "miss"
    return response


def _draft_job(request, pk, job_id) -> tuple:
    """The Blueprint and one of its draft PDF jobs, for someone who may read its working
    copy (a stranger gets 404, like the draft itself; OPDC never sees a draft)."""
    blueprint, rights = access.blueprint_for(
        request.user, pk, queryset=selectors.blueprint_queryset()
    )
    if not rights.read_live:
        raise Http404
    job = get_object_or_404(
        DraftPDFJob.objects.defer("data", "content"), pk=job_id, blueprint=blueprint
    )
    return blueprint, job


@login_required
@require_GET
def draft_job(request, pk, job_id):
    """Progress of a large draft PDF rendered in the background, then its download."""
    blueprint, job = _draft_job(request, pk, job_id)
    if not job.is_finished and drafts.draft_job_recover(job):
        job.refresh_from_db()
    template = (
        "proposals/_pdf_job_progress.html" if http.is_htmx(request) else "proposals/pdf_job.html"
    )
    return render(request, template, {"blueprint": blueprint, "job": job})


@login_required
@require_GET
def draft_job_download(request, pk, job_id):
    blueprint, job = _draft_job(request, pk, job_id)
    if job.status != DraftJobStatus.DONE:
        return redirect(job)
    content = bytes(DraftPDFJob.objects.values_list("content", flat=True).get(pk=job.pk))
    audit_export(request, blueprint, format="pdf", edition=blueprint.edition, draft=True)
    return http.pdf_response(content, _filename(blueprint, f"v{blueprint.edition}-draft"))


@login_required
@require_GET
def snapshot_pdf(request, pk, edition):
    """The archived PDF of a submission, byte for byte (rendered on first request)."""
    blueprint, _rights = access.blueprint_for(
        request.user, pk, queryset=selectors.blueprint_queryset()
    )
    snapshot = get_object_or_404(blueprint.snapshots, edition=edition)
    try:
        archived = archive.archive_soon(snapshot)
    except signing.SigningFailed:
        # Never an unsigned stand-in for the signed file: say so until the certificate is fixed.
        logger.exception("Could not sign the PDF of snapshot %s", snapshot.pk)
        context = {"blueprint": blueprint, "snapshot": snapshot}
        return render(request, "proposals/pdf_unsigned.html", context, status=503)
    if archived is None:  # large: the worker renders it; this page reloads until it is there
        context = {"blueprint": blueprint, "snapshot": snapshot}
        return render(request, "proposals/pdf_preparing.html", context, status=202)
    try:
        content = archive.verified_content(archived)
    except archive.ArchiveCorrupted:
        # Never bytes that are not what was submitted: say so (logged for the admins).
        context = {"blueprint": blueprint, "snapshot": snapshot}
        return render(request, "proposals/pdf_corrupted.html", context, status=500)
    audit_export(request, blueprint, format="pdf", edition=snapshot.edition, sha256=archived.sha256)
    response = http.pdf_response(content, _filename(blueprint, f"v{snapshot.edition}"))
    response["ETag"] = f'"{archived.sha256}"'
    response["X-Content-SHA256"] = archived.sha256
    return response


# --------------------------------------------------------------------------
# Verify: is this PDF an archived submission?
# --------------------------------------------------------------------------


class VerifyForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("PDF file"))

    def __init__(self, *args, too_large=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.too_large = too_large

    def clean(self):
        cleaned = super().clean()
        limit_mb = settings.PDF_VERIFY_MAX_BYTES // (1024 * 1024)
        if self.too_large:
            self._errors.pop("file", None)
            raise forms.ValidationError(
                _("The file is too large: at most %(size)s MB.") % {"size": limit_mb}
            )
        upload = cleaned.get("file")
        if upload is None:
            return cleaned
        if upload.size > settings.PDF_VERIFY_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is too large: at most %(size)s MB.") % {"size": limit_mb}
            )
        upload.seek(0)
        if upload.read(5) != b"%PDF-":
            raise forms.ValidationError(_("This is not a PDF file."))
        digest = hashlib.sha256()
        upload.seek(0)
        for chunk in upload.chunks():
            digest.update(chunk)
        cleaned["sha256"] = digest.hexdigest()
        return cleaned


@login_required
@require_http_methods(["GET", "POST"])
@limited_upload(lambda: settings.PDF_VERIFY_MAX_BYTES)
def pdf_verify(request):
    """Upload a PDF, learn whether it is an archived submission (and which, if allowed),
    and whether its electronic signatures are intact and trusted. A file over the limit
    is not read past it (:mod:`strategies.uploads`)."""
    result = signatures = None
    if request.method == "POST":
        form = VerifyForm(request.POST, request.FILES, too_large=upload_too_large(request))
        if form.is_valid():
            result = _verify_result(request.user, form.cleaned_data["sha256"])
            upload = form.cleaned_data["file"]
            upload.seek(0)
            signatures = signing.verify_signatures(upload.read())
    else:
        form = VerifyForm()
    return render(
        request,
        "proposals/pdf_verify.html",
        {
            "form": form,
            "result": result,
            "signatures": signatures,
            "max_mb": settings.PDF_VERIFY_MAX_BYTES // (1024 * 1024),
        },
    )


def _verify_result(user, digest: str) -> dict:
    """What the verify page may say about ``digest``.

    A match is always confirmed (the person holds the file, so its content is no
    secret to them); which Blueprint it is, and a link to it, only if they may read
    that Blueprint's submissions — the link would be a 404 otherwise.
    """
    archived = archive.find_by_hash(digest)
    if archived is None:
        return {"match": False, "sha256": digest}
    snapshot = archived.snapshot
    blueprint = snapshot.blueprint
    if not access.rights_for(user, blueprint).read:
        return {"match": True, "details": False, "sha256": digest}
    return {
        "match": True,
        "details": True,
        "sha256": digest,
        "blueprint": blueprint,
        "snapshot": snapshot,
        "archived": archived,
        "url": reverse("proposals:snapshot", args=[blueprint.pk, snapshot.edition]),
    }
