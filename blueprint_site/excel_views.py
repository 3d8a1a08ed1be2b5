"""Excel pages: download the template or an export, upload, preview, confirm.

Access, as everywhere, comes from :mod:`strategies.access` (plans) and
:mod:`proposals.access` (Blueprints): a stranger gets 404; readers may download; only
people who may change the plan (or the Blueprint's sections) upload and confirm. An upload
is stored as an :class:`ImportBatch` of the person who sent it (anyone else gets 404).
"""

import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from proposals import excel_agency as agency
from strategies import access, cascade, http
from strategies.audit import audit_record
from strategies.excel import plan_export, safety
from strategies.excel.forms import UploadForm
from strategies.excel.models import ImportBatch, ImportKind
from strategies.excel.plan import apply_plan_import, preview_plan_import
from strategies.excel.results import ImportRefused, ImportStale
from strategies.models import AuditAction
from strategies.uploads import limited_upload, upload_too_large

GET_POST = require_http_methods(["GET", "POST"])
# An upload is not read past the limit (the form's own check comes too late for that).
EXCEL_UPLOAD = limited_upload(lambda: safety.MAX_UPLOAD_BYTES)


def _store(request, form, kind, target_id) -> ImportBatch:
    ImportBatch.objects.stale().delete()
    upload = form.cleaned_data["file"]
    content = form.content
    return ImportBatch.objects.create(
        kind=kind,
        target_id=target_id,
        user=request.user,
        filename=(upload.name or "upload.xlsx")[-255:],
        sha256=hashlib.sha256(content).hexdigest(),
        size=len(content),
        content=content,
    )


def _upload(request, *, kind, target_id, preview):
    """The bound upload form, or a redirect to the preview of the stored file."""
    form = UploadForm(request.POST, request.FILES, too_large=upload_too_large(request))
    if form.is_valid():
        try:
            preview(form.content)  # refuses what cannot be read, before anything is stored
        except safety.WorkbookRefused as refused:
            form.add_error("file", refused.message)
        else:
            batch = _store(request, form, kind, target_id)
            return form, redirect("excel:preview", batch.pk)
    return form, None


# --------------------------------------------------------------------------
# Action plans
# --------------------------------------------------------------------------


@login_required
@GET_POST
@EXCEL_UPLOAD
def plan_excel(request, pk):
    plan = access.plan_for(request.user, pk, edit=request.method == "POST")
    can_import = access.can_edit_plan(request.user, plan)
    form = UploadForm()
    if request.method == "POST":
        form, done = _upload(
            request,
            kind=ImportKind.ACTION_PLAN,
            target_id=plan.pk,
            preview=lambda content: preview_plan_import(plan, content),
        )
        if done:
            return done
    return render(
        request,
        "strategies/excel/plan_excel.html",
        {"plan": plan, "form": form, "can_import": can_import},
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_GET
def plan_template(request, pk):
    plan = access.plan_for(request.user, pk)
    content = plan_export.plan_workbook(
        plan, filled=False, issues=cascade.plan_issues(plan, request.user)
    )
    return http.xlsx_response(content, plan_export.plan_filename(plan, filled=False))


@login_required
@require_GET
def plan_export_view(request, pk):
    plan = access.plan_for(request.user, pk)
    content = plan_export.plan_workbook(
        plan, filled=True, issues=cascade.plan_issues(plan, request.user)
    )
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORTED,
        target=plan,
        details={"format": "xlsx"},
        request=request,
    )
    return http.xlsx_response(content, plan_export.plan_filename(plan, filled=True))


# --------------------------------------------------------------------------
# A Blueprint's agency input
# --------------------------------------------------------------------------


def _blueprint(request, pk):
    from proposals import access as blueprint_access

    blueprint, rights = blueprint_access.blueprint_for(request.user, pk)
    blueprint_access.require_live(rights)
    return blueprint, rights


@login_required
@GET_POST
@EXCEL_UPLOAD
def blueprint_excel(request, pk):
    blueprint, _rights = _blueprint(request, pk)
    state = agency.BlueprintState(blueprint, request.user)
    can_import = bool(state.editable_kinds) and blueprint.is_editable
    if request.method == "POST" and not state.editable_kinds:
        raise PermissionDenied
    form = UploadForm()
    if request.method == "POST":
        form, done = _upload(
            request,
            kind=ImportKind.AGENCY_INPUT,
            target_id=blueprint.pk,
            preview=lambda content: agency.preview_agency_import(blueprint, request.user, content),
        )
        if done:
            return done
    sections = [
        {
            "spec": spec,
            "section": state.section(spec.key),
            "may_change": state.may_change(spec.key),
            "rows": len(state.rows[spec.key]),
        }
        for spec in agency.AGENCY_SHEETS
    ]
    return render(
        request,
        "strategies/excel/blueprint_excel.html",
        {
            "blueprint": blueprint,
            "form": form,
            "can_import": can_import,
            "sections": sections,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_GET
def blueprint_template(request, pk):
    blueprint, _rights = _blueprint(request, pk)
    content = agency.agency_workbook(blueprint, request.user, filled=False)
    return http.xlsx_response(content, agency.agency_filename(blueprint, filled=False))


@login_required
@require_GET
def blueprint_export(request, pk):
    blueprint, _rights = _blueprint(request, pk)
    content = agency.agency_workbook(blueprint, request.user, filled=True)
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORTED,
        target=blueprint,
        details={"format": "xlsx", "what": "agency input"},
        request=request,
    )
    return http.xlsx_response(content, agency.agency_filename(blueprint, filled=True))


# --------------------------------------------------------------------------
# Preview and confirm (both kinds)
# --------------------------------------------------------------------------


def _target(request, batch):
    """The plan or Blueprint of ``batch``, with access checked as for uploading to it."""
    if batch.kind == ImportKind.ACTION_PLAN:
        plan = access.plan_for(request.user, batch.target_id, edit=True)
        return plan, plan.get_absolute_url(), reverse("excel:plan", args=[plan.pk])
    blueprint, _rights = _blueprint(request, batch.target_id)
    if not agency.BlueprintState(blueprint, request.user).editable_kinds:
        raise PermissionDenied
    return blueprint, blueprint.get_absolute_url(), reverse("excel:blueprint", args=[blueprint.pk])


def _proposes(request, blueprint) -> bool:
    """The person's import becomes an agency input (a line agency), not live rows."""
    from proposals import access as blueprint_access

    return not blueprint_access.rights_for(request.user, blueprint).edit


def _draft_url(request, blueprint):
    """The first draft input of the person's agencies in ``blueprint`` (where the import went)."""
    from proposals import access as blueprint_access
    from proposals.participation.models import AgencyInput, InputStatus

    rights = blueprint_access.rights_for(request.user, blueprint)
    draft = (
        AgencyInput.objects.filter(
            blueprint=blueprint, status=InputStatus.DRAFT, agency_id__in=rights.agencies
        )
        .order_by("section__key", "pk")
        .first()
    )
    return draft.get_absolute_url() if draft else None


def _preview(request, batch, target):
    if batch.kind == ImportKind.ACTION_PLAN:
        return preview_plan_import(target, bytes(batch.content))
    return agency.preview_agency_import(target, request.user, bytes(batch.content))


@login_required
@GET_POST
def import_preview(request, pk):
    batch = get_object_or_404(ImportBatch, pk=pk, user=request.user)
    target, done_url, upload_url = _target(request, batch)
    if batch.applied_at is not None:
        messages.info(request, _("This file was imported already."))
        return redirect(done_url)
    if request.method == "POST":
        try:
            with transaction.atomic():  # the import and its audit record, or neither
                if batch.kind == ImportKind.ACTION_PLAN:
                    summary = apply_plan_import(
                        user=request.user,
                        plan=target,
                        batch=batch,
                        fingerprint=request.POST.get("fingerprint", ""),
                    )
                else:
                    summary = agency.apply_agency_import(
                        user=request.user,
                        blueprint=target,
                        batch=batch,
                        fingerprint=request.POST.get("fingerprint", ""),
                    )
                audit_record(
                    actor=request.user,
                    action=AuditAction.IMPORTED,
                    target=target,
                    details={"file": batch.filename, "sha256": batch.sha256, **summary},
                    request=request,
                )
        except ImportStale as stale:
            messages.warning(request, stale.message)
            return redirect("excel:preview", batch.pk)
        except ImportRefused as refused:
            messages.error(request, refused.message)
            for problem in refused.problems[:20]:
                messages.error(request, f"{problem.cell} {problem.message}".strip())
            return redirect("excel:preview", batch.pk)
        if batch.kind == ImportKind.AGENCY_INPUT and _proposes(request, target):
            messages.success(
                request,
                _(
                    "Added to your agency's draft input: %(created)s new, %(updated)s changed. "
                    "Nothing changes in the Blueprint until you submit the input and the "
                    "strategy office accepts it."
                )
                % summary,
            )
            return redirect(_draft_url(request, target) or done_url)
        messages.success(
            request,
            _("Imported: %(created)s new, %(updated)s changed, %(unchanged)s unchanged.") % summary,
        )
        return redirect(done_url)
    try:
        preview = _preview(request, batch, target)
    except safety.WorkbookRefused as refused:  # a stored file read differently since (upgrade)
        messages.error(request, refused.message)
        batch.delete()
        return redirect(upload_url)
    return render(
        request,
        "strategies/excel/preview.html",
        {
            "batch": batch,
            "target": target,
            "preview": preview,
            "upload_url": upload_url,
            "done_url": done_url,
            "is_plan": batch.kind == ImportKind.ACTION_PLAN,
            "proposes": batch.kind == ImportKind.AGENCY_INPUT and _proposes(request, target),
            "plan": target if batch.kind == ImportKind.ACTION_PLAN else None,
        },
    )
