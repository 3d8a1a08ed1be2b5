"""Views of OPDC's review workspace. Thin: check access, call a service, redirect or render.

Access (see :mod:`proposals.review.access`): the dashboard, exports and cluster
roll-ups are for OPDC reviewers only (403 for other signed-in people); a Blueprint's
review page needs the right to review it (404 for strangers, 403 for the province's
own members, who read their review history instead). Every change is POST-only;
HTMX only refreshes the export progress, which also works by reloading the page.
"""

import datetime
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from proposals import selectors, workflow
from proposals.models import BlueprintStatus, SectionKey, Transition
from proposals.review import assignments, dashboard, data_export, exports, rollup
from proposals.review import services as review_services
from proposals.review.access import (
    blueprint_for_history,
    blueprint_for_review,
    is_opdc,
    require_opdc,
    review_open,
)
from proposals.review.compare import compare
from proposals.review.forms import DecisionForm, ExportForm, ReviewNoteForm, ScoreForm
from proposals.review.models import (
    GENERAL,
    NOTE_SECTIONS,
    Criterion,
    CriterionLevel,
    ExportJob,
    ReviewNote,
    Score,
)
from proposals.review.participation import participation_of
from proposals.review.rubric import rubric_result
from strategies import http
from strategies.audit import audit_export
from strategies.models import Organisation, OrganisationKind

GET_POST = require_http_methods(["GET", "POST"])


# --------------------------------------------------------------------------
# The national dashboard
# --------------------------------------------------------------------------


def _dashboard_state(request, data):
    """The filter form, the filters and the filtered rows for ``data`` (GET or POST)."""
    reference = dashboard.reference()
    today = timezone.localdate()
    form = dashboard.DashboardForm(data or None, years=reference.years)
    filters = dashboard.Filters.from_form(form, lambda: reference.default_year(today))
    deadline = reference.deadlines.get(filters.fiscal_year)
    deadline_passed = deadline is not None and deadline.submit_by < today
    base = dashboard.rows(fiscal_year=filters.fiscal_year, today=today)
    unsorted = dashboard.apply(
        base,
        filters,
        deadline_passed=deadline_passed,
        with_status=False,
        stamp=reference.blueprints_stamp,
        reviewer=request.user,
    )
    return {
        "form": form,
        "filters": filters,
        "cluster_options": reference.clusters,
        "strategy_options": reference.strategies,
        "deadline": deadline,
        "deadline_passed": deadline_passed,
        "today": today,
        "unsorted": unsorted,
        "filtered": dashboard.with_status_filter(unsorted, filters.status),
    }


def _query_without(request, *names) -> str:
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


@login_required
@require_GET
def dashboard_view(request):
    require_opdc(request.user)
    state = _dashboard_state(request, request.GET)
    filters = state["filters"]
    counts = dashboard.status_counts(state["unsorted"])
    rows = dashboard.ordered(state["filtered"], filters.sort).prefetch_related(
        "national_strategies"
    )
    # The number of rows is the status counts' (one query fewer than counting again).
    total = counts[filters.status] if filters.status else sum(counts.values())
    page = dashboard.CountedPaginator(rows, dashboard.PAGE_SIZE, count=total).get_page(
        request.GET.get("page")
    )
    overdue_count = (
        sum(counts[code] for code in dashboard.AWAITING_PROVINCE)
        if state["deadline_passed"]
        else None
    )
    page.object_list = list(page.object_list)
    dashboard.add_details(page.object_list, today=state["today"])
    return render(
        request,
        "proposals/review/dashboard.html",
        {
            **state,
            "page": page,
            "counts": [(code, dashboard.status_label(code), counts[code]) for code in counts],
            "total": sum(counts.values()),
            "overdue_count": overdue_count,
            "query": request.GET.urlencode(),
            "query_without_page": _query_without(request, "page"),
            "query_without_sort": _query_without(request, "page", "sort"),
            "query_without_status": _query_without(request, "page", "status"),
            "none_status": dashboard.NONE,
            "awaiting": dashboard.AWAITING_PROVINCE,
            "hidden_filters": [
                (name, value)
                for name, values in request.GET.lists()
                if name != "page"
                for value in values
            ],
        },
    )


# --------------------------------------------------------------------------
# Reviewing one Blueprint
# --------------------------------------------------------------------------


def _snapshot_of(blueprint, edition):
    queryset = blueprint.snapshots.select_related("created_by")
    if edition is None:
        snapshot = queryset.order_by("-edition").first()
        if snapshot is None:
            raise Http404
        return snapshot
    return get_object_or_404(queryset, edition=edition)


def _criteria_of(rubric):
    if rubric is None:
        return []
    return list(
        Criterion.objects.filter(rubric=rubric)
        .prefetch_related(Prefetch("levels", queryset=CriterionLevel.objects.order_by("level")))
        .order_by("position", "pk")
    )


def _review_page(
    request,
    blueprint,
    rights,
    snapshot,
    *,
    decision_form=None,
    note_form=None,
    note_section=None,
    score_form=None,
    status=200,
):
    previous = blueprint.snapshots.filter(edition__lt=snapshot.edition).order_by("-edition").first()
    # Computed for each view: the page meets its goal without a cache (bench/run.py's
    # cold path), so none is kept (ARCHITECTURE.md, "Caches").
    sections = compare(snapshot.data, previous.data if previous else None)
    # This version's notes, and what OPDC said about the previous one (did the province
    # act on it?), in one query.
    by_section, before = {}, {}
    versions = [snapshot] if previous is None else [snapshot, previous]
    # The province's answers to the previous version's notes, as this version carries them.
    answered = {entry["note_id"]: entry for entry in snapshot.data.get("answers_to_review", [])}
    for note in ReviewNote.objects.for_snapshots(versions):
        notes = by_section if note.snapshot_id == snapshot.pk else before
        notes.setdefault(note.section, []).append(note)
        note.province_answer = answered.get(note.pk)
    rubric = review_services.rubric_for(snapshot)
    criteria = _criteria_of(rubric)
    scores = {score.criterion_id: score for score in Score.objects.filter(snapshot=snapshot)}
    result = rubric_result(criteria, scores.values()) if rubric else None
    is_open = review_open(blueprint, snapshot)
    return render(
        request,
        "proposals/review/review.html",
        {
            "blueprint": blueprint,
            "rights": rights,
            "snapshot": snapshot,
            "data": snapshot.data,
            "participation": participation_of(snapshot.data),
            "previous": previous,
            "sections": [
                {
                    "view": section,
                    "notes": by_section.get(section.key, []),
                    "previous_notes": before.get(section.key, []),
                    "form": note_form
                    if note_section == section.key
                    else ReviewNoteForm(initial={"section": section.key}),
                }
                for section in sections
            ],
            "general_notes": by_section.get(GENERAL, []),
            "general_previous_notes": before.get(GENERAL, []),
            "general_form": note_form
            if note_section == GENERAL
            else ReviewNoteForm(initial={"section": GENERAL}),
            "rubric": rubric,
            "score_form": score_form or ScoreForm(criteria=criteria, scores=scores),
            "scores": scores,
            "result": result,
            "review_open": is_open,
            "decision_form": decision_form or DecisionForm(),
            "transitions": selectors.transitions_of(blueprint)[:20],
            "snapshots": list(selectors.snapshots_of(blueprint)),
            "answers": list(answered.values()),
            "reviewer_assignments": list(
                blueprint.reviewer_assignments.select_related("reviewer").order_by(
                    "assigned_at", "pk"
                )
            ),
            "reviewer_candidates": list(assignments.reviewer_candidates()),
        },
        status=status,
    )


@login_required
@require_GET
def review(request, pk, edition=None):
    blueprint, rights = blueprint_for_review(request.user, pk)
    snapshot = _snapshot_of(blueprint, edition)
    return _review_page(request, blueprint, rights, snapshot)


def _review_url(blueprint, snapshot, anchor=""):
    url = reverse("proposals:review:review_edition", args=[blueprint.pk, snapshot.edition])
    return f"{url}#{anchor}" if anchor else url


@login_required
@require_POST
def note_add(request, pk, edition):
    blueprint, rights = blueprint_for_review(request.user, pk)
    snapshot = _snapshot_of(blueprint, edition)
    form = ReviewNoteForm(request.POST)
    section = request.POST.get("section", GENERAL)
    if form.is_valid():
        try:
            review_services.review_note_add(
                user=request.user,
                snapshot=snapshot,
                section=form.cleaned_data["section"],
                text=form.cleaned_data["text"],
            )
        except workflow.Refused as error:
            messages.error(request, error.message)
            return redirect(_review_url(blueprint, snapshot))
        except ValidationError as error:
            http.add_errors(form, error)
        else:
            messages.success(request, _("Review comment added. The province can read it."))
            return redirect(_review_url(blueprint, snapshot, f"review-{section}"))
    return _review_page(request, blueprint, rights, snapshot, note_form=form, note_section=section)


@login_required
@require_POST
def note_delete(request, pk, note_pk):
    blueprint, _rights = blueprint_for_review(request.user, pk)
    note = get_object_or_404(
        ReviewNote.objects.select_related("snapshot"), pk=note_pk, snapshot__blueprint=blueprint
    )
    try:
        review_services.review_note_delete(user=request.user, note=note)
    except workflow.Refused as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Review comment withdrawn."))
    return redirect(_review_url(blueprint, note.snapshot, f"review-{note.section}"))


@login_required
@require_POST
def scores_save(request, pk, edition):
    blueprint, rights = blueprint_for_review(request.user, pk)
    snapshot = _snapshot_of(blueprint, edition)
    criteria = _criteria_of(review_services.rubric_for(snapshot))
    scores = {score.criterion_id: score for score in Score.objects.filter(snapshot=snapshot)}
    form = ScoreForm(request.POST, criteria=criteria, scores=scores)
    if form.is_valid():
        try:
            result = review_services.review_scores_save(
                user=request.user,
                snapshot=snapshot,
                levels=form.levels(),
                comments=form.comments(),
            )
        except workflow.Refused as error:
            messages.error(request, error.message)
            return redirect(_review_url(blueprint, snapshot))
        except ValidationError as error:
            http.add_errors(form, error)
        else:
            if result and result.score is not None:
                messages.success(
                    request, _("Scores saved: %(score)s of 100.") % {"score": result.score}
                )
            else:
                messages.success(request, _("Scores saved."))
            return redirect(_review_url(blueprint, snapshot, "rubric"))
    return _review_page(request, blueprint, rights, snapshot, score_form=form)


@login_required
@require_POST
def decide(request, pk):
    blueprint, rights = blueprint_for_review(request.user, pk)
    snapshot = _snapshot_of(blueprint, None)
    form = DecisionForm(request.POST)
    if form.is_valid():
        action = form.cleaned_data["action"]
        reason = form.cleaned_data["reason"]
        try:
            if action == DecisionForm.RETURN:
                workflow.blueprint_return(user=request.user, blueprint=blueprint, reason=reason)
            else:
                workflow.blueprint_accept(user=request.user, blueprint=blueprint, reason=reason)
        except workflow.Refused as error:
            messages.error(request, error.message)
            return redirect(_review_url(blueprint, snapshot))
        except ValidationError as error:
            http.add_errors(form, error)
        else:
            messages.success(
                request,
                _("Done: the Blueprint is now “%(status)s”.")
                % {"status": blueprint.get_status_display()},
            )
            return redirect(_review_url(blueprint, snapshot, "decision"))
    return _review_page(request, blueprint, rights, snapshot, decision_form=form)


@login_required
@require_GET
def history(request, pk):
    """Decisions, review comments and (once decided) scores, for the province and OPDC."""
    blueprint, rights = blueprint_for_history(request.user, pk)
    snapshots = list(selectors.snapshots_of(blueprint))
    decisions = {}
    for transition in Transition.objects.filter(
        blueprint=blueprint, from_status=BlueprintStatus.SUBMITTED
    ).select_related("actor"):
        decisions[transition.edition] = transition
    notes = {}
    for note in ReviewNote.objects.filter(snapshot__in=snapshots).select_related("author"):
        notes.setdefault(note.snapshot_id, []).append(note)
    scores = {}
    for score in Score.objects.filter(snapshot__in=snapshots).select_related("criterion"):
        scores.setdefault(score.snapshot_id, []).append(score)
    rubric_ids = {score.criterion.rubric_id for group in scores.values() for score in group}
    criteria = {}
    for criterion in Criterion.objects.filter(rubric_id__in=rubric_ids):
        criteria.setdefault(criterion.rubric_id, []).append(criterion)
    section_labels = dict(NOTE_SECTIONS)
    versions = []
    for snapshot in snapshots:
        decision = decisions.get(snapshot.edition)
        own = scores.get(snapshot.pk, [])
        # The province sees the scores once OPDC has decided on the version.
        show_scores = bool(own) and (rights.review or decision is not None)
        result = None
        if show_scores:
            result = rubric_result(criteria.get(own[0].criterion.rubric_id, []), own)
        grouped = {}
        for note in notes.get(snapshot.pk, []):
            grouped.setdefault(note.section, []).append(note)
        versions.append(
            {
                "snapshot": snapshot,
                "decision": decision,
                "notes": [
                    (section_labels.get(key, key), grouped[key])
                    for key in [GENERAL, *SectionKey.values]
                    if key in grouped
                ],
                "scores": sorted(own, key=lambda s: (s.criterion.position, s.criterion_id))
                if show_scores
                else [],
                "result": result,
            }
        )
    return render(
        request,
        "proposals/review/history.html",
        {"blueprint": blueprint, "rights": rights, "versions": versions},
    )


@login_required
@require_GET
def blueprint_json(request, pk):
    """The latest submitted version as JSON — the same data the PDF carries as
    ``blueprint.json`` (snapshot schema, :mod:`proposals.snapshot`). OPDC only."""
    require_opdc(request.user)
    blueprint, _rights = blueprint_for_review(request.user, pk)
    snapshot = _snapshot_of(blueprint, None)
    body = json.dumps(snapshot.data, ensure_ascii=False, indent=2)
    audit_export(request, blueprint, format="json", edition=snapshot.edition)
    return http.json_response(body, f"blueprint-{blueprint.pk}-v{snapshot.edition}.json")


# --------------------------------------------------------------------------
# Batch PDF export
# --------------------------------------------------------------------------


def _selection_title(filters) -> str:
    parts = [_("FY %(year)s") % {"year": filters.fiscal_year}]
    if filters.cluster is not None:
        parts.append(filters.cluster.name)
    if filters.region:
        parts.append(str(dict(dashboard.Region.choices).get(filters.region, filters.region)))
    if filters.status:
        parts.append(dashboard.status_label(filters.status))
    if filters.strategy is not None:
        parts.append(str(filters.strategy))
    if filters.q:
        parts.append(f"“{filters.q}”")
    return " · ".join(parts)


@login_required
@GET_POST
def exports_view(request):
    require_opdc(request.user)
    if request.method == "POST":
        form = ExportForm(request.POST)
        state = _dashboard_state(request, request.POST)
        if not form.is_valid():
            for error in form.non_field_errors() or [_("Choose what to export.")]:
                messages.error(request, error)
            return redirect(
                f"{reverse('proposals:review:dashboard')}?{request.POST.get('query', '')}"
            )
        if form.cleaned_data["scope"] == ExportForm.ALL:
            blueprints = state["filtered"].filter(bp_submitted_at__isnull=False).values("bp_id")
            title = _selection_title(state["filters"])
        else:
            blueprints = form.cleaned_data["blueprint"]
            title = _("%(count)s chosen Blueprint(s)") % {"count": len(blueprints)}
        try:
            job = exports.export_job_create(user=request.user, blueprints=blueprints, title=title)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(
                f"{reverse('proposals:review:dashboard')}?{request.POST.get('query', '')}"
            )
        audit_export(request, job, format="zip", items=job.total, requested=True)
        return redirect(job)
    jobs = ExportJob.objects.visible_to(request.user).order_by("-created_at")[:50]
    return render(request, "proposals/review/exports.html", {"jobs": jobs})


def _job_or_404(request, job_id):
    require_opdc(request.user)
    return get_object_or_404(ExportJob.objects.visible_to(request.user), pk=job_id)


@login_required
@require_GET
def export_detail(request, job_id):
    job = _job_or_404(request, job_id)
    if not job.is_finished and exports.export_job_recover(job):
        job.refresh_from_db()
    template = (
        "proposals/review/_export_progress.html"
        if http.is_htmx(request)
        else "proposals/review/export_detail.html"
    )
    return render(request, template, {"job": job})


@login_required
@require_POST
def export_retry(request, job_id):
    job = _job_or_404(request, job_id)
    exports.export_job_retry(user=request.user, job=job)
    return redirect(job)


@login_required
@require_GET
def export_download(request, job_id):
    job = _job_or_404(request, job_id)
    path = exports.archive_path(job)
    if path is None:
        raise Http404
    stamp = timezone.localtime(job.created_at).strftime("%Y%m%d-%H%M")
    audit_export(request, job, format="zip", items=job.total)
    return FileResponse(
        open(path, "rb"),  # FileResponse closes it
        as_attachment=True,
        filename=f"blueprints-{stamp}-{str(job.pk)[:8]}.zip",
        content_type="application/zip",
    )


# --------------------------------------------------------------------------
# Data exports
# --------------------------------------------------------------------------

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": http.XLSX_CONTENT_TYPE,
}


@login_required
@require_GET
def data_export_view(request, kind, fmt):
    require_opdc(request.user)
    if fmt not in CONTENT_TYPES or kind not in {*data_export.KINDS, "all"}:
        raise Http404
    if kind == "all" and fmt != "xlsx":
        raise Http404
    state = _dashboard_state(request, request.GET)
    blueprints = state["filtered"].filter(bp_submitted_at__isnull=False).values("bp_id")
    snapshots = (
        dashboard.latest_snapshots(user=request.user, blueprints=blueprints)
        if kind != "scores"
        else []
    )
    versions = (
        dashboard.submitted_versions(user=request.user, blueprints=blueprints)
        if kind in ("scores", "all")
        else []
    )
    tables = data_export.build_tables(snapshots, kind, versions)
    body = data_export.to_csv(tables[0]) if fmt == "csv" else data_export.to_xlsx(tables)
    audit_export(request, format=fmt, table=kind, query=request.GET.urlencode()[:300])
    year = state["filters"].fiscal_year
    stamp = datetime.date.today().strftime("%Y%m%d")
    return http.download(body, f"blueprints-{kind}-fy{year}-{stamp}.{fmt}", CONTENT_TYPES[fmt])


# --------------------------------------------------------------------------
# Cluster roll-up
# --------------------------------------------------------------------------


def _year_from(request) -> tuple[int, list[int]]:
    """The fiscal year asked for (else the dashboard's default), and every year to offer."""
    reference = dashboard.reference()
    raw = request.GET.get("fy", "")
    if raw.isdigit() and int(raw) in reference.years:
        return int(raw), reference.years
    return reference.default_year(timezone.localdate()), reference.years


@login_required
@require_GET
def cluster_list(request):
    require_opdc(request.user)
    fiscal_year, years = _year_from(request)
    clusters = []
    for cluster in Organisation.objects.filter(kind=OrganisationKind.CLUSTER).order_by("name"):
        clusters.append((cluster, list(rollup.members_of(cluster, fiscal_year))))
    return render(
        request,
        "proposals/review/cluster_list.html",
        {"clusters": clusters, "fiscal_year": fiscal_year, "years": years},
    )


@login_required
@require_GET
def cluster_detail(request, pk):
    require_opdc(request.user)
    cluster = get_object_or_404(Organisation, pk=pk, kind=OrganisationKind.CLUSTER)
    fiscal_year, years = _year_from(request)
    return render(
        request,
        "proposals/review/cluster_detail.html",
        {
            "rollup": rollup.cluster_rollup(
                user=request.user, cluster=cluster, fiscal_year=fiscal_year
            ),
            "years": years,
            "fiscal_year": fiscal_year,
        },
    )


def may_use_workspace(user) -> bool:
    """For the navigation bar."""
    return getattr(user, "is_authenticated", False) and is_opdc(user)
