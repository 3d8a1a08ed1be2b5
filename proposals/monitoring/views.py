"""Monitoring pages: the province's board, periods, entering actuals and progress, evidence,
target changes. Access from :mod:`proposals.monitoring.access` (404 to strangers); every
change is a POST through :mod:`proposals.monitoring.services`."""

import datetime
import hashlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from proposals.monitoring import access, forms, rollup, selectors, services, status, workbook
from proposals.monitoring.models import (
    Evidence,
    IndicatorActual,
    ProjectProgress,
    ReportingPeriod,
    TargetChange,
)
from strategies import fiscal
from strategies.audit import audit_record
from strategies.excel import safety
from strategies.excel.forms import UploadForm
from strategies.excel.models import ImportBatch, ImportKind
from strategies.excel.results import ImportRefused, ImportStale
from strategies.excel.writing import XLSX_CONTENT_TYPE
from strategies.models import ActionPlan, AuditAction, Indicator, Project
from strategies.uploads import limited_upload, upload_too_large

GET_POST = require_http_methods(["GET", "POST"])
EVIDENCE_UPLOAD = limited_upload(lambda: settings.ATTACHMENT_MAX_BYTES)


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _board_url(province_id, fiscal_year=None) -> str:
    url = reverse("proposals:monitoring:board", args=[province_id])
    return f"{url}?year={fiscal_year}" if fiscal_year else url


def _year(request, province) -> int:
    raw = request.GET.get("year", "")
    if raw.isdigit() and fiscal.MIN_FISCAL_YEAR <= int(raw) <= fiscal.MAX_FISCAL_YEAR:
        return int(raw)
    latest = ReportingPeriod.objects.filter(province=province).order_by("-fiscal_year").first()
    if latest:
        return latest.fiscal_year
    current = fiscal.fiscal_year_of(services.today())
    plan = ActionPlan.objects.filter(organisation=province).order_by("-start_year").first()
    if plan and not plan.start_year <= current <= plan.end_year:
        return plan.start_year
    return current


def _period(request, pk):
    """The period ``pk`` and the reader's rights; 404 when they may not see it."""
    period = get_object_or_404(ReportingPeriod.objects.select_related("province"), pk=pk)
    rights = access.rights_for(request.user, period.province)
    if not rights.sees_period(period, services.today()):
        raise Http404
    return period, rights


def _element(request, model, pk, period):
    """An indicator or project of the period's province that the reader may read, or 404."""
    if model is Indicator:
        obj = get_object_or_404(
            Indicator.objects.select_related("goal__issue__plan__organisation", "owner"), pk=pk
        )
        issue = obj.goal.issue
    else:
        obj = get_object_or_404(
            Project.objects.select_related("strategy__issue__plan__organisation", "lead_agency"),
            pk=pk,
        )
        issue = obj.strategy.issue
    if issue.plan.organisation.home_province_id != period.province_id:
        raise Http404
    access.require_element_readable(request.user, period.province, issue.pk)
    return obj


# --------------------------------------------------------------------------
# The board
# --------------------------------------------------------------------------


@login_required
@require_GET
def board(request, pk):
    province, rights = access.province_for(request.user, pk)
    fiscal_year = _year(request, province)
    today = services.today()
    national = access.may_trace(request.user)
    data = selectors.board(
        request.user, province, rights, fiscal_year=fiscal_year, today=today, national=national
    )
    return render(
        request,
        "proposals/monitoring/board.html",
        {
            "province": province,
            "rights": rights,
            "board": data,
            "today": today,
            "labels": status.LABELS,
            "quarters": fiscal.QUARTERS,
            "national": national,
        },
    )


# --------------------------------------------------------------------------
# Periods
# --------------------------------------------------------------------------


def _next_quarter(province, fiscal_year):
    """The first quarter of the year not yet open and its usual due date, two weeks after
    it ends (what the form offers; the office may change both)."""
    opened = set(
        ReportingPeriod.objects.filter(province=province, fiscal_year=fiscal_year).values_list(
            "quarter", flat=True
        )
    )
    quarter = next((q for q in fiscal.QUARTERS if q not in opened), None)
    if quarter is None:
        return None, None
    _first, last = fiscal.quarter_bounds(fiscal_year, quarter)
    return quarter, last + datetime.timedelta(days=15)


@login_required
@GET_POST
def period_open(request, pk):
    province, rights = access.province_for(request.user, pk)
    rights.require_office()
    fiscal_year = _year(request, province)
    quarter, due_date = _next_quarter(province, fiscal_year)
    form = forms.PeriodForm(
        request.POST or None,
        initial={
            "fiscal_year": fiscal_year,
            "quarter": quarter,
            "due_date": due_date,
            "grace_days": 7,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            period = services.period_open(user=request.user, province=province, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _("Quarter %(quarter)s of fiscal year %(year)s is open for entries.")
                % {"quarter": period.quarter, "year": period.fiscal_year},
            )
            return redirect(_board_url(province.pk, period.fiscal_year))
    return render(
        request,
        "proposals/monitoring/form.html",
        {
            "province": province,
            "form": form,
            "title": _("Open a reporting period"),
            "cancel_url": _board_url(province.pk),
        },
        status=400 if form.errors else 200,
    )


@login_required
@GET_POST
def period_edit(request, pk):
    period, rights = _period(request, pk)
    rights.require_office()
    form = forms.PeriodEditForm(
        request.POST or None,
        initial={
            "due_date": period.due_date,
            "grace_days": period.grace_days,
            "version": period.version,
        },
    )
    conflict = False
    if request.method == "POST" and form.is_valid():
        try:
            services.period_update(user=request.user, period=period, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        except services.EditConflict:
            conflict = True
        else:
            messages.success(request, _("Saved."))
            return redirect(_board_url(period.province_id, period.fiscal_year))
    return render(
        request,
        "proposals/monitoring/form.html",
        {
            "province": period.province,
            "period": period,
            "form": form,
            "conflict": conflict,
            "title": _("Due date of Q%(quarter)s/%(year)s")
            % {"quarter": period.quarter, "year": period.fiscal_year},
            "cancel_url": _board_url(period.province_id, period.fiscal_year),
        },
        status=409 if conflict else 400 if form.errors else 200,
    )


@login_required
@GET_POST
def period_reopen(request, pk):
    period, rights = _period(request, pk)
    rights.require_office()
    form = forms.ReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.period_reopen(user=request.user, period=period, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        except services.Refused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, _("The period is reopened for late entries."))
            return redirect(_board_url(period.province_id, period.fiscal_year))
    return render(
        request,
        "proposals/monitoring/form.html",
        {
            "province": period.province,
            "period": period,
            "form": form,
            "title": _("Reopen Q%(quarter)s/%(year)s for late entries")
            % {"quarter": period.quarter, "year": period.fiscal_year},
            "reopenings": period.reopenings.select_related("by"),
            "cancel_url": _board_url(period.province_id, period.fiscal_year),
        },
        status=400 if form.errors else 200,
    )


# --------------------------------------------------------------------------
# Actual values and evidence
# --------------------------------------------------------------------------


def _actual_context(request, period, rights, indicator, form, evidence_form, conflict=None):
    actual = IndicatorActual.objects.filter(indicator=indicator, period=period).first()
    values = {
        a.period.quarter: a.value
        for a in IndicatorActual.objects.filter(
            indicator=indicator, period__fiscal_year=period.fiscal_year
        ).select_related("period")
    }
    if form.is_bound and form.is_valid():
        values[period.quarter] = form.cleaned_data["value"]
    verdict = status.evaluate_indicator(
        indicator, fiscal_year=period.fiscal_year, quarter=period.quarter, values=values
    )
    today = services.today()
    return {
        "province": period.province,
        "period": period,
        "rights": rights,
        "indicator": indicator,
        "actual": actual,
        "verdict": verdict,
        "form": form,
        "evidence_form": evidence_form,
        "conflict": conflict,
        "can_enter": rights.can_enter_indicator(indicator) and period.is_open(today),
        "revisions": actual.revisions.select_related("author") if actual else [],
        "evidence": actual.evidence.defer("content").select_related("uploaded_by")
        if actual
        else [],
        "back_url": _board_url(period.province_id, period.fiscal_year),
    }


@login_required
@GET_POST
@EVIDENCE_UPLOAD
def actual_entry(request, pk, indicator_pk):
    period, rights = _period(request, pk)
    indicator = _element(request, Indicator, indicator_pk, period)
    if request.method == "POST":
        rights.require_indicator(indicator)
    actual = IndicatorActual.objects.filter(indicator=indicator, period=period).first()
    initial = (
        {"value": actual.value, "note": actual.note, "version": actual.version} if actual else {}
    )
    form = forms.ActualForm(request.POST or None, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            _actual, changed = services.actual_save(
                user=request.user,
                indicator=indicator,
                period=period,
                value=data["value"],
                note=data["note"],
                version=data["version"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        except services.Refused as refused:
            form.add_error(None, refused.message)
        except services.EditConflict as error:
            conflict = error.current
        else:
            messages.success(request, _("Saved.") if changed else _("Nothing changed."))
            return redirect(request.path)
    context = _actual_context(
        request, period, rights, indicator, form, forms.EvidenceForm(), conflict=conflict
    )
    bad = form.is_bound and (form.errors or conflict is not None)
    return render(
        request,
        "proposals/monitoring/actual.html",
        context,
        status=409 if conflict is not None else 400 if bad else 200,
    )


@login_required
@require_POST
@EVIDENCE_UPLOAD
def evidence_add(request, pk, indicator_pk):
    period, rights = _period(request, pk)
    indicator = _element(request, Indicator, indicator_pk, period)
    rights.require_indicator(indicator)
    actual = IndicatorActual.objects.filter(indicator=indicator, period=period).first()
    evidence_form = forms.EvidenceForm(request.POST, request.FILES)
    if upload_too_large(request):
        evidence_form.add_error(None, _("The file is too large."))
    elif actual is None:
        evidence_form.add_error(None, _("Enter the value first, then its evidence."))
    elif evidence_form.is_valid():
        upload = evidence_form.cleaned_data.get("file")
        try:
            services.evidence_add(
                user=request.user,
                actual=actual,
                title=evidence_form.cleaned_data["title"],
                url=evidence_form.cleaned_data["url"],
                filename=upload.name if upload else "",
                content=upload.read() if upload else b"",
            )
        except ValidationError as error:
            _add_errors(evidence_form, error)
        except services.Refused as refused:
            evidence_form.add_error(None, refused.message)
        else:
            messages.success(request, _("Evidence attached."))
            return redirect("proposals:monitoring:actual", period.pk, indicator.pk)
    initial = (
        {"value": actual.value, "note": actual.note, "version": actual.version} if actual else {}
    )
    context = _actual_context(
        request, period, rights, indicator, forms.ActualForm(initial=initial), evidence_form
    )
    return render(request, "proposals/monitoring/actual.html", context, status=400)


@login_required
@require_GET
def evidence_file(request, pk):
    evidence = get_object_or_404(
        Evidence.objects.defer("content").select_related(
            "actual__period__province", "actual__indicator__goal"
        ),
        pk=pk,
    )
    period, _rights = _period(request, evidence.actual.period_id)
    _element(request, Indicator, evidence.actual.indicator_id, period)
    if evidence.kind != "file":  # a link is shown as itself; this URL serves stored files
        raise Http404
    try:
        content = services.evidence_content(evidence)
    except services.Refused as refused:
        return HttpResponse(refused.message, status=500, content_type="text/plain; charset=utf-8")
    response = HttpResponse(content, content_type=evidence.content_type)
    response["Content-Disposition"] = content_disposition_header(False, evidence.filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --------------------------------------------------------------------------
# Project progress
# --------------------------------------------------------------------------


@login_required
@GET_POST
def progress_entry(request, pk, project_pk):
    period, rights = _period(request, pk)
    project = _element(request, Project, project_pk, period)
    if request.method == "POST":
        rights.require_project(project)
    progress = ProjectProgress.objects.filter(project=project, period=period).first()
    initial = {}
    if progress:
        initial = {
            "percent_complete": progress.percent_complete,
            "milestones": progress.milestones,
            "note": progress.note,
            "version": progress.version,
        }
        for spend in progress.spending.all():
            initial[f"committed_{spend.source}"] = spend.committed
            initial[f"disbursed_{spend.source}"] = spend.disbursed
    form = forms.ProgressForm(request.POST or None, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            _progress, changed = services.progress_save(
                user=request.user,
                project=project,
                period=period,
                percent_complete=data["percent_complete"],
                milestones=data["milestones"],
                note=data["note"],
                spending=form.spending(),
                version=data["version"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        except services.Refused as refused:
            form.add_error(None, refused.message)
        except services.EditConflict as error:
            conflict = error.current
        else:
            messages.success(request, _("Saved.") if changed else _("Nothing changed."))
            return redirect(request.path)
    today = services.today()
    verdict = status.evaluate_project(
        percent=progress.percent_complete if progress else None, quarter=period.quarter
    )
    bad = form.is_bound and (form.errors or conflict is not None)
    return render(
        request,
        "proposals/monitoring/progress.html",
        {
            "province": period.province,
            "period": period,
            "project": project,
            "progress": progress,
            "verdict": verdict,
            "form": form,
            "conflict": conflict,
            "can_enter": rights.can_enter_project(project) and period.is_open(today),
            "revisions": progress.revisions.select_related("author") if progress else [],
            "back_url": _board_url(period.province_id, period.fiscal_year),
            "national": access.may_trace(request.user),
        },
        status=409 if conflict is not None else 400 if bad else 200,
    )


# --------------------------------------------------------------------------
# Target changes
# --------------------------------------------------------------------------


def _indicator(request, pk):
    indicator = get_object_or_404(
        Indicator.objects.select_related("goal__issue__plan__organisation"), pk=pk
    )
    plan = indicator.goal.issue.plan
    province = plan.organisation
    rights = access.rights_for(request.user, province)
    access.require_element_readable(request.user, province, indicator.goal.issue_id)
    return indicator, plan, province, rights


@login_required
@GET_POST
def target_change(request, pk):
    indicator, plan, province, rights = _indicator(request, pk)
    rights.require_indicator(indicator)
    form = forms.TargetChangeForm(request.POST or None, years=plan.years)
    if request.method == "POST" and form.is_valid():
        try:
            services.target_change_request(
                user=request.user, indicator=indicator, **form.cleaned_data
            )
        except ValidationError as error:
            _add_errors(form, error)
        except services.Refused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(
                request, _("The change is waiting for the strategy office's decision.")
            )
            return redirect(_board_url(province.pk) + "#target-changes")
    history = TargetChange.objects.filter(indicator=indicator).select_related(
        "requested_by", "decided_by"
    )
    return render(
        request,
        "proposals/monitoring/target_change.html",
        {
            "province": province,
            "indicator": indicator,
            "targets": {t.fiscal_year: t.value for t in indicator.targets.all()},
            "form": form,
            "history": history,
            "back_url": _board_url(province.pk),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def target_change_decide(request, pk):
    change = get_object_or_404(TargetChange, pk=pk)
    indicator, _plan, province, rights = _indicator(request, change.indicator_id)
    rights.require_office()
    form = forms.DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose approve or refuse."))
    else:
        try:
            services.target_change_decide(
                user=request.user,
                change=change,
                approve=form.cleaned_data["decision"] == "approve",
                note=form.cleaned_data["decision_note"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        except services.Refused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, _("Decided."))
    return redirect(_board_url(province.pk) + "#target-changes")


# --------------------------------------------------------------------------
# Bulk entry: the period's workbook
# --------------------------------------------------------------------------

EXCEL_UPLOAD = limited_upload(lambda: safety.MAX_UPLOAD_BYTES)


def _enters(rights):
    if not rights.enters_anything:
        raise PermissionDenied


@login_required
@require_GET
def workbook_download(request, pk):
    period, rights = _period(request, pk)
    _enters(rights)
    response = HttpResponse(
        workbook.results_workbook(period, request.user), content_type=XLSX_CONTENT_TYPE
    )
    response["Content-Disposition"] = f'attachment; filename="{workbook.workbook_filename(period)}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@GET_POST
@EXCEL_UPLOAD
def workbook_upload(request, pk):
    period, rights = _period(request, pk)
    _enters(rights)
    form = UploadForm()
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES, too_large=upload_too_large(request))
        if form.is_valid():
            try:
                workbook.preview_results_import(period, request.user, form.content)
            except safety.WorkbookRefused as refused:
                form.add_error("file", refused.message)
            else:
                ImportBatch.objects.stale().delete()
                upload = form.cleaned_data["file"]
                batch = ImportBatch.objects.create(
                    kind=ImportKind.RESULTS,
                    target_id=period.pk,
                    user=request.user,
                    filename=(upload.name or "upload.xlsx")[-255:],
                    sha256=hashlib.sha256(form.content).hexdigest(),
                    size=len(form.content),
                    content=form.content,
                )
                return redirect("proposals:monitoring:import_preview", batch.pk)
    return render(
        request,
        "proposals/monitoring/upload.html",
        {
            "province": period.province,
            "period": period,
            "form": form,
            "back_url": _board_url(period.province_id, period.fiscal_year),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@GET_POST
def import_preview(request, pk):
    batch = get_object_or_404(ImportBatch, pk=pk, user=request.user, kind=ImportKind.RESULTS)
    period, rights = _period(request, batch.target_id)
    _enters(rights)
    done_url = _board_url(period.province_id, period.fiscal_year)
    upload_url = reverse("proposals:monitoring:workbook_upload", args=[period.pk])
    if batch.applied_at is not None:
        messages.info(request, _("This file was imported already."))
        return redirect(done_url)
    if request.method == "POST":
        try:
            with transaction.atomic():
                summary = workbook.apply_results_import(
                    user=request.user,
                    period=period,
                    batch=batch,
                    fingerprint=request.POST.get("fingerprint", ""),
                )
                audit_record(
                    actor=request.user,
                    action=AuditAction.IMPORTED,
                    target=period,
                    details={"file": batch.filename, "sha256": batch.sha256, **summary},
                    request=request,
                )
        except ImportStale as stale:
            messages.warning(request, stale.message)
            return redirect("proposals:monitoring:import_preview", batch.pk)
        except ImportRefused as refused:
            messages.error(request, refused.message)
            for problem in refused.problems[:20]:
                messages.error(request, f"{problem.cell} {problem.message}".strip())
            return redirect("proposals:monitoring:import_preview", batch.pk)
        messages.success(
            request,
            _("Imported: %(created)s new, %(updated)s changed, %(unchanged)s unchanged.") % summary,
        )
        return redirect(done_url)
    try:
        preview = workbook.preview_results_import(period, request.user, bytes(batch.content))
    except safety.WorkbookRefused as refused:
        messages.error(request, refused.message)
        batch.delete()
        return redirect(upload_url)
    return render(
        request,
        "strategies/excel/preview.html",
        {
            "batch": batch,
            "target": period_label(period),
            "province": period.province,
            "preview": preview,
            "upload_url": upload_url,
            "done_url": done_url,
            "is_plan": False,
        },
    )


def period_label(period) -> str:
    return _("Results of %(province)s, Q%(quarter)s/%(year)s") % {
        "province": period.province.name,
        "quarter": period.quarter,
        "year": period.fiscal_year,
    }


@login_required
@require_POST
def baseline_from_results(request, pk):
    province, rights = access.province_for(request.user, pk)
    rights.require_office()
    raw = request.POST.get("year", "")
    if not raw.isdigit() or not fiscal.MIN_FISCAL_YEAR <= int(raw) <= fiscal.MAX_FISCAL_YEAR:
        messages.error(request, _("Choose a fiscal year."))
        return redirect(_board_url(province.pk))
    year = int(raw)
    try:
        counts = services.baseline_from_results(
            user=request.user, province=province, fiscal_year=year
        )
    except services.EditConflict:
        messages.warning(
            request, _("An indicator changed meanwhile; nothing was saved. Try again.")
        )
    else:
        messages.success(
            request,
            _(
                "Baselines taken from the results of fiscal year %(year)s: %(updated)s "
                "indicator(s) updated, %(skipped)s left as they were (no result, or a Blueprint "
                "of the issue awaits approval or OPDC)."
            )
            % {"year": year, **counts},
        )
    return redirect(_board_url(province.pk, year))


# --------------------------------------------------------------------------
# The quarterly report (PDF) and the data (CSV, XLSX, JSON)
# --------------------------------------------------------------------------


@login_required
@require_GET
def quarterly_report(request, pk):
    from django.utils import translation

    from proposals.monitoring import report

    period, rights = _period(request, pk)
    with translation.override("th"):  # the rules' text too: an official document in Thai
        context = report.report_context(request.user, period, rights, today=services.today())
    rendered = report.render_pdf(context)
    response = HttpResponse(rendered.content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{report.report_filename(period)}"'
    response["Cache-Control"] = "private, no-store"
    return response


EXPORT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": XLSX_CONTENT_TYPE,
    "json": "application/json; charset=utf-8",
}


@login_required
@require_GET
def data_export(request, pk, fmt):
    from django.utils import translation

    from proposals.monitoring import data_export as export

    if fmt not in EXPORT_TYPES:
        raise Http404
    province, rights = access.province_for(request.user, pk)
    fiscal_year = _year(request, province)
    with translation.override("th"):
        data = selectors.board(
            request.user, province, rights, fiscal_year=fiscal_year, today=services.today()
        )
        rows = export.rows(data)
    if fmt == "csv":
        content = export.to_csv(rows)
    elif fmt == "xlsx":
        content = export.to_xlsx(rows)
    else:
        content = export.to_json(rows, board=data)
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORTED,
        target=province,
        details={"format": fmt, "what": "results", "fiscal_year": fiscal_year},
        request=request,
    )
    response = HttpResponse(content, content_type=EXPORT_TYPES[fmt])
    filename = f"results-{province.code}-{fiscal_year}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def national_view(request):
    from strategies.access import scope_for
    from strategies.fields import is_pk
    from strategies.models import NationalStrategy, Organisation

    scope = scope_for(request.user)
    if not (scope.reviewer or scope.edit_all):
        raise PermissionDenied
    fiscal_year = _national_year(request)
    strategy = request.GET.get("strategy", "")
    cluster = request.GET.get("cluster", "")
    wanted = request.GET.get("status", "")
    rows = selectors.national(
        request.user,
        fiscal_year=fiscal_year,
        today=services.today(),
        strategy_id=int(strategy) if is_pk(strategy) else None,
        cluster_id=int(cluster) if is_pk(cluster) else None,
        status_filter=wanted,
    )
    return render(
        request,
        "proposals/monitoring/national.html",
        {
            "rows": rows,
            "fiscal_year": fiscal_year,
            "labels": status.LABELS,
            "strategies": NationalStrategy.objects.order_by("plan_id", "number"),
            "clusters": Organisation.objects.filter(kind="cluster").order_by("name"),
            "selected": {"strategy": strategy, "cluster": cluster, "status": wanted},
        },
    )


def _national_year(request) -> int:
    """The fiscal year asked for, else the latest with a reporting period, else this one."""
    raw = request.GET.get("year", "")
    if raw.isdigit() and fiscal.MIN_FISCAL_YEAR <= int(raw) <= fiscal.MAX_FISCAL_YEAR:
        return int(raw)
    latest = ReportingPeriod.objects.order_by("-fiscal_year").first()
    return latest.fiscal_year if latest else fiscal.fiscal_year_of(services.today())


@login_required
@require_GET
def cluster_view(request, pk):
    """A provincial cluster's results: its members side by side (access.cluster_rights)."""
    from strategies.models import Organisation, OrganisationKind

    cluster = get_object_or_404(Organisation, pk=pk, kind=OrganisationKind.CLUSTER)
    fiscal_year = _national_year(request)
    members = list(Organisation.objects.cluster_members(cluster, fiscal_year))
    rights = access.cluster_rights(request.user, members)
    data = rollup.cluster_results(
        cluster=cluster,
        members=members,
        rights=rights,
        fiscal_year=fiscal_year,
        today=services.today(),
    )
    return render(
        request,
        "proposals/monitoring/cluster.html",
        {
            "data": data,
            "fiscal_year": fiscal_year,
            "labels": status.LABELS,
            "national": access.may_trace(request.user),
        },
    )


@login_required
@require_GET
def trace_view(request, pk):
    """One national strategy down to the provinces' indicators, projects and money: the
    provinces of one cluster (``?cluster=``), or of the whole country ten to a page
    (``?page=``), by name. A cluster that is not one of the year's, or a page that does
    not exist, is 404 — the address is the filter, and may be shared."""
    from django.core.paginator import InvalidPage

    from strategies.fields import is_pk
    from strategies.models import NationalStrategy

    access.national_issue_filter(request.user)  # 403 outside OPDC, before anything is read
    strategy = get_object_or_404(NationalStrategy.objects.select_related("plan"), pk=pk)
    fiscal_year = _national_year(request)
    cluster = request.GET.get("cluster", "")
    number = request.GET.get("page", "1")
    if (cluster and not is_pk(cluster)) or not is_pk(number):
        raise Http404
    try:
        data = rollup.trace(
            user=request.user,
            strategy=strategy,
            fiscal_year=fiscal_year,
            today=services.today(),
            cluster_id=int(cluster) if cluster else None,
            page=int(number),
        )
    except (rollup.UnknownCluster, InvalidPage) as error:
        raise Http404 from error
    query = request.GET.copy()
    query.pop("page", None)
    query["year"] = str(fiscal_year)
    return render(
        request,
        "proposals/monitoring/trace.html",
        {
            "data": data,
            "fiscal_year": fiscal_year,
            "labels": status.LABELS,
            "page": data.page,
            "query_without_page": query.urlencode(),
        },
    )
