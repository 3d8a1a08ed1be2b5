"""Views of Blueprints. Thin: check access, call a service, redirect or render.

Every state change is POST-only and re-checked in the service. HTMX enhances the
page (an edit form opens in place of its row) but everything works without it: a
request without ``HX-Request`` gets a full page, a successful POST a redirect.
"""

import json

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from proposals import access, history, page_cache, selectors, services, workflow
from proposals import edition as approval
from proposals.attachments import services as attachments
from proposals.attachments.views import panel_context
from proposals.completeness import PARTICIPATION, blockers_by_section, find_blockers, find_warnings
from proposals.diffing import diff_html
from proposals.forms import (
    BlueprintCreateForm,
    CompareForm,
    SectionAssignForm,
    TransitionForm,
    build_row_form,
    form_values,
)
from proposals.letters import forms as letters
from proposals.list_filters import BlueprintListFilter
from proposals.models import (
    CONTENT_SECTIONS,
    Blueprint,
    BlueprintStatus,
    Capital,
    Revision,
    Section,
    SectionKey,
    SectionStatus,
)
from proposals.review.compare import compare
from proposals.review.participation import participation_of
from proposals.rows import KINDS, field_label, ordered_display_keys, serialize
from strategies import http
from strategies.access import scope_for
from strategies.fields import is_pk
from strategies.models import BudgetSource

GET_POST = require_http_methods(["GET", "POST"])


def _post_data(request):
    """The submitted data for a bound form on POST (even an empty POST), else ``None``."""
    return request.POST if request.method == "POST" else None


def _load(request, pk, *, live=True):
    """The Blueprint and the person's rights: 404 for strangers, 403 for snapshot-only readers."""
    blueprint, rights = access.blueprint_for(
        request.user, pk, queryset=selectors.blueprint_queryset()
    )
    if live:
        access.require_live(rights)
    return blueprint, rights


def _row_anchor(blueprint, kind_key, pk) -> str:
    return f"{blueprint.get_absolute_url()}#{kind_key}-{pk}"


def _section_anchor(blueprint, key) -> str:
    return f"{blueprint.get_absolute_url()}#section-{key}"


# --------------------------------------------------------------------------
# List, create, detail
# --------------------------------------------------------------------------


@login_required
@require_GET
def blueprint_list(request):
    visible = Blueprint.objects.visible_to(request.user)
    years = sorted(
        set(visible.order_by().values_list("fiscal_year", flat=True).distinct()), reverse=True
    )
    filters = BlueprintListFilter(request.GET or None, years=years)
    blueprints = (
        filters.apply(visible)
        .with_progress()
        .select_related("province", "issue__plan")
        .order_by("province__name", "-fiscal_year", "issue__number")
    )
    scope = scope_for(request.user)
    return render(
        request,
        "proposals/blueprint_list.html",
        {
            "blueprints": blueprints,
            "filters": filters,
            "can_create": bool(scope.edit) or scope.edit_all,
        },
    )


@login_required
@GET_POST
def blueprint_create(request):
    scope = scope_for(request.user)
    if not (scope.edit or scope.edit_all):
        raise PermissionDenied
    initial = {}
    issue_id = request.GET.get("issue", "")
    if is_pk(issue_id):
        initial["issue"] = int(issue_id)
    form = BlueprintCreateForm(_post_data(request), user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            blueprint = services.blueprint_create(
                user=request.user,
                issue=form.cleaned_data["issue"],
                fiscal_year=form.cleaned_data["fiscal_year"],
                title=form.cleaned_data["title"],
            )
        except ValidationError as error:
            http.add_errors(form, error)
        else:
            messages.success(request, _("The Blueprint was created."))
            return redirect(blueprint)
    return render(
        request,
        "proposals/blueprint_create.html",
        {"form": form, "title": _("New Blueprint for Change")},
    )


@login_required
@require_GET
def blueprint_detail(request, pk):
    # The Blueprint alone first: enough to check access and, most often, to find the
    # page's body in the cache (the cascade above it is read only to render it).
    # With its province and issue, which name it in the page's title.
    blueprint, rights = access.blueprint_for(
        request.user, pk, queryset=Blueprint.objects.select_related("province", "issue")
    )
    if not rights.read_live:
        # OPDC sees what was submitted, never the working copy.
        blueprint = selectors.blueprint_queryset().get(pk=blueprint.pk)
        latest = blueprint.snapshots.order_by("-edition").first()
        if latest is None:
            raise Http404
        context = _detail_context(blueprint, rights)
        context.update(
            {
                "snapshot": latest,
                "data": latest.data,
                "participation": participation_of(latest.data),
                "verified": approval.verify(latest.data),
            }
        )
        return render(request, "proposals/snapshot_detail.html", context)
    stamp = page_cache.page_stamp(blueprint)
    key = page_cache.page_key(request, blueprint, rights, stamp)
    body = cache.get(key) if key else None
    if body is None:
        blueprint = selectors.blueprint_queryset().get(pk=blueprint.pk)
        body = _render_detail_body(
            request, blueprint, rights, document=page_cache.document(blueprint, stamp)
        )
        if key:
            cache.set(key, body, page_cache.TIMEOUT)
    drift_html = ""
    if blueprint.status == BlueprintStatus.APPROVED:
        # Outside the cached body: the shared cascade rows can change under it.
        drift_html = render_to_string(
            "proposals/_drift.html",
            {"blueprint": blueprint, **_drift_context(blueprint)},
            request=request,
        )
    return render(
        request,
        "proposals/blueprint_detail.html",
        {
            "blueprint": blueprint,
            "body": page_cache.with_token(request, body),
            "drift_html": drift_html,
        },
    )


def _detail_context(blueprint, rights) -> dict:
    return {
        "blueprint": blueprint,
        "rights": rights,
        "steps": workflow.steps_for(rights, blueprint),
        "transitions": selectors.transitions_of(blueprint)[:20],
        "snapshots": list(selectors.snapshots_of(blueprint)),
    }


def _render_detail_body(request, blueprint, rights, *, document) -> page_cache.Rendered:
    """The body of the Blueprint page, with a CSRF placeholder for the reader's token;
    ``document``: the Blueprint loaded (:func:`page_cache.document`)."""
    placeholder = page_cache.new_placeholder()
    context = _detail_context(blueprint, rights)
    panel = panel_context(request.user, rights, blueprint)
    blockers = find_blockers(document)
    grouped = blockers_by_section(blockers)
    sections = []
    for key in CONTENT_SECTIONS:
        section = document.sections.get(key)
        sections.append(
            {
                "key": key,
                "label": SectionKey(key).label,
                "section": section,
                "blockers": grouped.get(key, []),
                "rows": document.row_count(key),
                "can_edit": blueprint.is_editable and rights.can_work_on(section),
            }
        )
    can_edit = {item["key"]: item["can_edit"] for item in sections}
    can_edit["header"] = blueprint.is_editable and rights.edit
    can_edit[PARTICIPATION] = blueprint.is_editable and rights.edit
    context.update(
        {
            "document": document,
            "blockers": blockers,
            "warnings": find_warnings(
                document,
                signed_approval=attachments.signed_approval_in(
                    row["item"] for row in panel["attachments"]
                ),
            ),
            "header_blockers": grouped.get(SectionKey.HEADER, []),
            "sections": sections,
            "can_edit": can_edit,
            "capitals": Capital,
            "readiness": document.readiness_by_capital(),
            "recent_revisions": selectors.recent_revisions(blueprint),
            "status_choices": SectionStatus,
            "budget_sources": BudgetSource.choices,
            "csrf_token": placeholder,
            **panel,
        }
    )
    html = render_to_string("proposals/_blueprint_body.html", context, request=request)
    return page_cache.Rendered(html, placeholder)


# --------------------------------------------------------------------------
# Rows: add, edit, remove, move
# --------------------------------------------------------------------------


def _kind_or_404(kind_key):
    kind = KINDS.get(kind_key)
    if kind is None:
        raise Http404
    return kind


def _row_or_404(blueprint, kind, row_pk):
    """A row of this Blueprint (cascade rows: of its strategic issue), or 404."""
    if kind.is_header:
        if row_pk is not None and int(row_pk) != blueprint.pk:
            raise Http404
        return blueprint
    return get_object_or_404(kind.rows_of(blueprint), pk=row_pk)


def _presets(kind, query) -> dict:
    """What a link to the add form presets (``?capital=…`` of a readiness item,
    ``?strategy=…`` of a project), when it is a value the field takes."""
    initial = {}
    for name in kind.presets:
        raw = query.get(name, "")
        model_field = kind.model._meta.get_field(name)
        if model_field.is_relation:
            if is_pk(raw):
                initial[name] = int(raw)
        elif raw in {str(value) for value, _label in model_field.choices or ()}:
            initial[name] = raw
    return initial


def _parent_or_404(blueprint, kind, raw):
    """The row a new row hangs from (``?parent=``), checked to be of this Blueprint."""
    if not kind.asks_parent:
        return None
    if not is_pk(raw):
        raise Http404
    parent = kind.parent_of(blueprint, raw)
    if parent is None:
        raise Http404
    return parent


def _section_for(blueprint, kind):
    if kind.section == SectionKey.HEADER:
        return None
    return get_object_or_404(
        Section.objects.select_related("assignee"), blueprint=blueprint, key=kind.section
    )


def _require_row_edit(rights, blueprint, kind, *, propose=True):
    """The row's section, if the person may open its forms: the strategy office to save,
    the section's agency to propose (a change, a new row or a removal; ``propose=False``:
    moving rows, which only the office does)."""
    section = _section_for(blueprint, kind)
    access.require_live(rights)
    if kind.office_only or not propose:
        access.require_edit(rights)
    if not rights.can_work_on(section):
        raise PermissionDenied
    return section


def _propose_removal(request, blueprint, kind, row, version):
    """An agency's "remove" goes into its draft input like its row forms: the office sees
    the row and decides."""
    from proposals.participation import inputs

    agency_input = inputs.input_start(user=request.user, section=_section_for(blueprint, kind))
    inputs.input_item_propose_removal(
        user=request.user, agency_input=agency_input, kind=kind, target=row,
        target_version=version,
    )  # fmt: skip
    return agency_input


def _propose(request, blueprint, kind, form, *, target=None, parent=None, base=None):
    """An agency's row form goes into its draft input, never live (one contribution
    model: the strategy office accepts or returns it)."""
    from proposals.participation import inputs

    section = _section_for(blueprint, kind)
    try:
        agency_input = inputs.input_start(user=request.user, section=section)
        data, display = inputs.item_payload(kind, form, parent=parent)
        inputs.input_item_add(
            user=request.user, agency_input=agency_input, kind=kind, data=data, display=display,
            target=target, target_version=form.cleaned_data.get("version") if target else None,
            parent=parent, base_display=base,
        )  # fmt: skip
    except services.Locked:
        return _locked_redirect(request, blueprint)
    except services.Refused as error:
        form.add_error(None, error.message)
        return None
    except ValidationError as error:
        http.add_errors(form, error)
        return None
    messages.success(
        request,
        _(
            "Added to your agency's draft input. Nothing changes in the Blueprint until you "
            "submit the input and the strategy office accepts it."
        ),
    )
    if http.is_htmx(request):  # an inline form: the whole page goes to the input
        response = HttpResponse("")
        response["HX-Redirect"] = agency_input.get_absolute_url()
        return response
    return redirect(agency_input)


def _locked_redirect(request, blueprint):
    messages.warning(request, services.locked_message(blueprint))
    return redirect(blueprint)


def _row_page(request, template_context, *, status=200):
    template = "proposals/_row_form.html" if http.is_htmx(request) else "proposals/row_form.html"
    return render(request, template, template_context, status=status)


@login_required
@GET_POST
def row_create(request, pk, kind):
    blueprint, rights = _load(request, pk)
    kind = _kind_or_404(kind)
    if kind.single:
        raise Http404
    _require_row_edit(rights, blueprint, kind)
    parent = _parent_or_404(
        blueprint, kind, request.GET.get("parent") or request.POST.get("parent")
    )
    if not blueprint.is_editable:
        return _locked_redirect(request, blueprint)
    initial = _presets(kind, request.GET)
    form = build_row_form(
        kind, blueprint, data=_post_data(request), parent=parent, initial=initial, rights=rights
    )
    if request.method == "POST" and form.is_valid() and not rights.edit:
        proposed = _propose(request, blueprint, kind, form, parent=parent)
        if proposed is not None:
            return proposed
    elif request.method == "POST" and form.is_valid():
        values, extras = form_values(kind, form)
        try:
            row = services.row_create(
                user=request.user, blueprint=blueprint, kind=kind, values=values,
                extras=extras, parent=parent,
            )  # fmt: skip
        except services.Locked:
            return _locked_redirect(request, blueprint)
        except ValidationError as error:
            http.add_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(_row_anchor(blueprint, kind.key, row.pk))
    return _row_page(
        request,
        {
            "blueprint": blueprint,
            "kind": kind,
            "form": form,
            "parent": parent,
            "title": _("Add: %(kind)s") % {"kind": kind.verbose_name},
            "cancel_url": _section_anchor(blueprint, kind.section),
            "proposes": not rights.edit,
        },
    )


@login_required
@GET_POST
def row_edit(request, pk, kind, row_pk=None):
    blueprint, rights = _load(request, pk)
    kind = _kind_or_404(kind)
    _require_row_edit(rights, blueprint, kind)
    try:
        row = _row_or_404(blueprint, kind, row_pk)
    except Http404:
        if request.method != "POST" or kind.single:
            raise
        return _removed_while_editing(request, blueprint, rights, kind, row_pk)
    # Decided on the row as stored, before the form copies posted values onto it.
    access.require_owner(rights, kind, row)
    if not blueprint.is_editable:
        return _locked_redirect(request, blueprint)
    base = None if rights.edit else serialize(kind, row)[1]  # before the form fills the row
    form = build_row_form(kind, blueprint, data=_post_data(request), instance=row, rights=rights)
    conflict = None
    if request.method == "POST" and form.is_valid() and not rights.edit:
        proposed = _propose(request, blueprint, kind, form, target=row, base=base)
        if proposed is not None:
            return proposed
    elif request.method == "POST" and form.is_valid():
        values, extras = form_values(kind, form)
        try:
            saved = services.row_update(
                user=request.user, blueprint=blueprint, kind=kind, obj=row, values=values,
                version=form.cleaned_data.get("version"), extras=extras,
            )  # fmt: skip
        except services.Locked:
            return _locked_redirect(request, blueprint)
        except services.EditConflict as error:
            conflict = _conflict(kind, form, error.current)
        except ValidationError as error:
            http.add_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            anchor = (
                blueprint.get_absolute_url()
                if kind.is_header
                else _row_anchor(blueprint, kind.key, saved.pk)
            )
            return redirect(anchor)
    return _row_page(
        request,
        {
            "blueprint": blueprint,
            "kind": kind,
            "form": form,
            "row": row,
            "conflict": conflict,
            "title": _("Edit: %(kind)s") % {"kind": kind.verbose_name},
            "cancel_url": (
                blueprint.get_absolute_url()
                if kind.is_header
                else _row_anchor(blueprint, kind.key, row.pk)
            ),
            "create_url": _recreate_url(blueprint, kind, row) if conflict else None,
            "proposes": not rights.edit,
        },
    )


def _removed_while_editing(request, blueprint, rights, kind, row_pk):
    """The row was removed by someone else before this save arrived: keep the typed text.

    The form comes back filled in, with a button to add it again as a new row.
    """
    last = (
        Revision.objects.filter(blueprint=blueprint, kind=kind.key, object_id=row_pk)
        .order_by("-number")
        .first()
    )
    if last is None:
        raise Http404
    parent = None
    if kind.asks_parent:
        parent = kind.parent_model.objects.filter(pk=last.data.get(kind.parent)).first()
        if parent is None:
            raise Http404  # what it hung from is gone too
    form = build_row_form(kind, blueprint, data=request.POST, parent=parent, rights=rights)
    form.is_valid()
    conflict = _conflict(kind, form, None)
    create_url = reverse("proposals:row_create", args=[blueprint.pk, kind.key])
    if parent is not None:
        create_url += f"?parent={parent.pk}"
    return _row_page(
        request,
        {
            "blueprint": blueprint,
            "kind": kind,
            "form": form,
            "parent": parent,
            "conflict": conflict,
            "create_url": create_url,
            "title": _("Edit: %(kind)s") % {"kind": kind.verbose_name},
            "cancel_url": _section_anchor(blueprint, kind.section),
        },
    )


def _recreate_url(blueprint, kind, row):
    if kind.single:
        return None
    url = reverse("proposals:row_create", args=[blueprint.pk, kind.key])
    if kind.asks_parent:
        url += f"?parent={getattr(row, f'{kind.parent}_id')}"
    return url


def _mine_display(kind, form) -> dict:
    """What the person typed, as readable text per field (for the side-by-side view)."""
    _data, display = serialize(kind, form.instance, extras=False)
    display.update(form.extras_display())
    return display


def _copyable(field) -> bool:
    """Whether "use their text" can paste the other version into this field as it is."""
    return (
        field is not None
        and isinstance(field.widget, forms.Textarea | forms.TextInput)
        and not isinstance(field.widget, forms.NumberInput)
        and not isinstance(field, forms.DateField)
    )


def _conflict(kind, form, current):
    """Someone saved first: keep what this person typed, show theirs beside it.

    The form is re-armed with the current version, so saving again after merging
    is a deliberate choice, never a silent overwrite.
    """
    if current is None:
        form.add_error(
            None,
            _(
                "Someone else removed this row while you were editing. Your text is kept "
                "below: add it again as a new row if it is still needed."
            ),
        )
        return {"removed": True, "rows": []}
    mine = _mine_display(kind, form)
    _data, theirs = serialize(kind, current)
    rows = []
    for name in ordered_display_keys(kind, mine, theirs):
        a, b = str(theirs.get(name, "")), str(mine.get(name, ""))
        if a == b:
            continue
        field = form.fields.get(name)
        rows.append(
            {
                "name": name,
                "label": field_label(kind, name),
                "mine": b,
                "theirs": a,
                "diff": diff_html(a, b),
                "copyable": _copyable(field),
            }
        )
    form.data = form.data.copy()
    form.data["version"] = current.version
    form.add_error(
        None,
        _(
            "Someone else saved this while you were editing. Your text is kept below; "
            "compare it with the saved version, merge, and save again."
        ),
    )
    return {"removed": False, "rows": rows, "current": current}


@login_required
@GET_POST
def row_delete(request, pk, kind, row_pk):
    blueprint, rights = _load(request, pk)
    kind = _kind_or_404(kind)
    if kind.single:
        raise Http404
    _require_row_edit(rights, blueprint, kind)
    row = _row_or_404(blueprint, kind, row_pk)
    access.require_owner(rights, kind, row)
    if not blueprint.is_editable:
        return _locked_redirect(request, blueprint)
    propose = not rights.edit  # an agency proposes the removal (one contribution model)
    changed = False
    refused = None
    status = 200
    version = request.POST.get("version", "")
    if (
        request.method == "POST"
        and propose
        and not (is_pk(version) and int(version) == row.version)
    ):
        changed = True  # as for the office: the row changed since the page was read, ask again
    elif request.method == "POST" and propose:
        try:
            agency_input = _propose_removal(request, blueprint, kind, row, row.version)
        except services.Locked:
            return _locked_redirect(request, blueprint)
        except services.Refused as error:
            refused, status = error.message, 409
        else:
            messages.success(
                request,
                _(
                    "The removal was added to your agency's draft input. The row stays in the "
                    "Blueprint until you submit the input and the strategy office accepts it."
                ),
            )
            return redirect(agency_input.get_absolute_url())
    elif request.method == "POST":
        version = request.POST.get("version", "")
        try:
            services.row_delete(
                user=request.user,
                blueprint=blueprint,
                kind=kind,
                obj=row,
                version=int(version) if is_pk(version) else None,
            )
        except services.Locked:
            return _locked_redirect(request, blueprint)
        except services.EditConflict as error:
            if error.current is None:
                messages.info(request, _("Someone else had already removed it."))
                return redirect(_section_anchor(blueprint, kind.section))
            row, changed = error.current, True
        except services.Refused as error:
            # Rows of Blueprints still hang from it: nothing was removed, say why.
            refused, status = error.message, 409
        else:
            messages.success(request, _("Removed. It stays in the section's history."))
            return redirect(_section_anchor(blueprint, kind.section))
    _data, display = serialize(kind, row)
    fields = [
        (field_label(kind, name), display[name])
        for name in ordered_display_keys(kind, display)
        if display.get(name)
    ]
    return render(
        request,
        "proposals/row_confirm_delete.html",
        {
            "blueprint": blueprint,
            "kind": kind,
            "row": row,
            "fields": fields,
            "changed": changed,
            "refused": refused,
            "cascade_warning": kind.cascade and not propose,
            "propose": propose,
            "cancel_url": _row_anchor(blueprint, kind.key, row.pk),
        },
        status=status,
    )


@login_required
@require_POST
def row_move(request, pk, kind, row_pk):
    blueprint, rights = _load(request, pk)
    kind = _kind_or_404(kind)
    if not kind.ordered:
        raise Http404
    _require_row_edit(rights, blueprint, kind, propose=False)
    row = _row_or_404(blueprint, kind, row_pk)
    direction = request.POST.get("direction")
    if direction not in {"up", "down"}:
        messages.error(request, _("Choose to move the row up or down."))
        return redirect(_row_anchor(blueprint, kind.key, row.pk))
    try:
        services.row_move(
            user=request.user, blueprint=blueprint, kind=kind, obj=row, direction=direction
        )
    except services.Locked:
        return _locked_redirect(request, blueprint)
    return redirect(_row_anchor(blueprint, kind.key, row.pk))


# --------------------------------------------------------------------------
# Next year's Blueprint
# --------------------------------------------------------------------------


@login_required
@GET_POST
def next_year_start(request, pk):
    """Start next fiscal year's Blueprint of the issue as a copy of this one (the office)."""
    from proposals import next_year

    blueprint, rights = _load(request, pk)
    access.require_live(rights)
    access.require_edit(rights)
    refusal = next_year.next_year_refusal(blueprint)
    if request.method == "POST" and not refusal:
        try:
            new = next_year.blueprint_start_next_year(user=request.user, previous=blueprint)
        except ValidationError as error:
            refusal = " ".join(error.messages)
        else:
            messages.success(
                request,
                _("Fiscal year %(year)s's Blueprint was started from this one.")
                % {"year": new.fiscal_year},
            )
            return redirect(reverse("proposals:since_last_year", args=[new.pk]))
    return render(
        request,
        "proposals/next_year.html",
        {
            "blueprint": blueprint,
            "year": blueprint.fiscal_year + 1,
            "refusal": refusal,
            "kinds": next_year.copied_kinds(),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_GET
def since_last_year(request, pk):
    """What differs from the previous year's Blueprint this one was started from."""
    from proposals import next_year

    blueprint, rights = _load(request, pk)
    access.require_live(rights)
    if blueprint.previous_id is None:
        raise Http404
    previous, previous_rights = access.blueprint_for(request.user, blueprint.previous_id)
    access.require_live(previous_rights)
    return render(
        request,
        "proposals/since_last_year.html",
        {
            "blueprint": blueprint,
            "previous": previous,
            "groups": next_year.compare_with_previous(blueprint),
        },
    )


# --------------------------------------------------------------------------
# Sections: assignment, status, history, comparison, restore
# --------------------------------------------------------------------------


def _content_section_or_404(blueprint, key):
    if key not in CONTENT_SECTIONS:
        raise Http404
    return get_object_or_404(
        Section.objects.select_related("assignee", "blueprint"), blueprint=blueprint, key=key
    )


@login_required
@GET_POST
def section_assign(request, pk, key):
    blueprint, rights = _load(request, pk)
    section = _content_section_or_404(blueprint, key)
    access.require_edit(rights)
    if not blueprint.is_editable:
        return _locked_redirect(request, blueprint)
    form = SectionAssignForm(_post_data(request), instance=section)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            workflow.section_assign(
                user=request.user, section=section, assignee=data["assignee"],
                due_date=data["due_date"], status=data["status"],
                instructions=data["instructions"], version=data.get("version"),
            )  # fmt: skip
        except services.Locked:
            return _locked_redirect(request, blueprint)
        except services.EditConflict as error:
            current = error.current
            conflict = {"current": current}
            form.data = form.data.copy()
            form.data["version"] = current.version
            form.add_error(
                None,
                _(
                    "Someone else changed this assignment while you were editing. "
                    "It now reads as shown; check it and save again."
                ),
            )
        except ValidationError as error:
            http.add_errors(form, error)
        else:
            messages.success(request, _("Assignment saved."))
            return redirect(_section_anchor(blueprint, key))
    return render(
        request,
        "proposals/section_assign.html",
        {"blueprint": blueprint, "section": section, "form": form, "conflict": conflict},
    )


@login_required
@require_POST
def section_status(request, pk, key):
    blueprint, rights = _load(request, pk)
    section = _content_section_or_404(blueprint, key)
    access.require_edit(rights)  # agencies hand in by submitting their input
    status = request.POST.get("status")
    if status not in SectionStatus.values:
        messages.error(request, _("Unknown status."))
        return redirect(_section_anchor(blueprint, key))
    try:
        workflow.section_set_status(user=request.user, section=section, status=status)
    except services.Locked:
        return _locked_redirect(request, blueprint)
    messages.success(
        request,
        _("“%(section)s” is now “%(status)s”.")
        % {"section": section.get_key_display(), "status": SectionStatus(status).label},
    )
    return redirect(_section_anchor(blueprint, key))


def _history_section_or_404(key):
    if key not in SectionKey.values:
        raise Http404
    return key


@login_required
@require_GET
def section_history(request, pk, key):
    blueprint, rights = _load(request, pk)
    key = _history_section_or_404(key)
    revisions = list(selectors.section_revisions(blueprint, key)[:500])
    return render(
        request,
        "proposals/section_history.html",
        {
            "blueprint": blueprint,
            "key": key,
            "section_label": SectionKey(key).label,
            "revisions": revisions,
            "can_restore": blueprint.is_editable and _may_edit_section(rights, blueprint, key),
        },
    )


def _may_edit_section(rights, blueprint, key) -> bool:
    if key == SectionKey.HEADER:
        return rights.edit
    section = Section.objects.filter(blueprint=blueprint, key=key).first()
    return rights.can_edit_section(section)


@login_required
@require_GET
def section_diff(request, pk, key):
    blueprint, rights = _load(request, pk)
    key = _history_section_or_404(key)
    numbers = list(
        Revision.objects.filter(blueprint=blueprint, section=key)
        .order_by("-number")
        .values_list("number", flat=True)
    )
    form = CompareForm(request.GET or None)
    rows, error, a, b = [], None, None, None
    if len(numbers) >= 1:
        if request.GET and form.is_valid():
            a, b = sorted((form.cleaned_data["a"], form.cleaned_data["b"]))
        elif request.GET:
            error = _("Choose two versions to compare.")
        else:
            b = numbers[0]
            a = numbers[1] if len(numbers) > 1 else numbers[0]
        if a is not None and (a not in numbers or b not in numbers):
            error = _("Choose two versions of this section from the list.")
            a = b = None
        if a is not None:
            rows = history.compare(blueprint, key, a, b)
    revisions = {
        r.number: r
        for r in Revision.objects.filter(
            blueprint=blueprint, section=key, number__in=[a or 0, b or 0]
        ).select_related("author")
    }
    show_all = request.GET.get("all") == "1"
    return render(
        request,
        "proposals/section_diff.html",
        {
            "blueprint": blueprint,
            "key": key,
            "section_label": SectionKey(key).label,
            "numbers": numbers,
            "a": a,
            "b": b,
            "rev_a": revisions.get(a),
            "rev_b": revisions.get(b),
            "rows": rows if show_all else [row for row in rows if row.status != "unchanged"],
            "unchanged": sum(1 for row in rows if row.status == "unchanged"),
            "show_all": show_all,
            "error": error,
            "head": numbers[0] if numbers else 0,
            "can_restore": blueprint.is_editable and _may_edit_section(rights, blueprint, key),
        },
    )


@login_required
@GET_POST
def section_restore(request, pk, key, number):
    blueprint, rights = _load(request, pk)
    key = _history_section_or_404(key)
    if not _may_edit_section(rights, blueprint, key):
        raise PermissionDenied
    if not Revision.objects.filter(blueprint=blueprint, section=key, number=number).exists():
        raise Http404
    if not blueprint.is_editable:
        return _locked_redirect(request, blueprint)
    head = history.latest_number(blueprint, key)
    if request.method == "POST":
        seen = request.POST.get("head", "")
        try:
            changed = services.section_restore(
                user=request.user,
                blueprint=blueprint,
                section=key,
                number=number,
                head=int(seen) if is_pk(seen) else -1,
            )
        except services.Locked:
            return _locked_redirect(request, blueprint)
        except services.Refused as error:
            messages.error(request, error.message)
            return redirect(
                reverse("proposals:section_diff", args=[blueprint.pk, key])
                + f"?a={number}&b={head}"
            )
        else:
            if changed:
                messages.success(
                    request,
                    _("Restored revision #%(number)s: %(count)s row(s) changed.")
                    % {"number": number, "count": changed},
                )
            else:
                messages.info(
                    request, _("Nothing to restore: the section already reads like that.")
                )
            return redirect(_section_anchor(blueprint, key))
    rows = (
        [row for row in history.compare(blueprint, key, head, number) if row.status != "unchanged"]
        if head >= number
        else []
    )
    return render(
        request,
        "proposals/section_restore.html",
        {
            "blueprint": blueprint,
            "key": key,
            "section_label": SectionKey(key).label,
            "number": number,
            "head": head,
            "rows": rows,
        },
    )


# --------------------------------------------------------------------------
# Workflow and snapshots
# --------------------------------------------------------------------------


@login_required
@GET_POST
def blueprint_transition(request, pk, action):
    step = workflow.STEPS.get(action)
    if step is None:
        raise Http404
    blueprint, rights = _load(request, pk, live=False)
    if step.by == workflow.EDITOR:
        access.require_live(rights)
        access.require_edit(rights)
    else:
        access.require_review(rights)
    form = TransitionForm(_post_data(request), step=step, blueprint=blueprint)
    # Submitting sends the covering letter (หนังสือนำส่ง) with it: proposals/letters/.
    # (Only when the step is possible: if not, the service says why.)
    letter_form = (
        letters.submit_form(_post_data(request), blueprint)
        if action == "submit" and blueprint.status in step.sources
        else None
    )
    blockers = []
    if request.method == "GET" and step.needs_complete and blueprint.status in step.sources:
        # Say what still blocks the step before anyone fills in the form.
        blockers = find_blockers(selectors.load_document(blueprint))
    letter_ok = letter_form is None or letter_form.is_valid()
    if request.method == "POST" and form.is_valid() and letter_ok:
        data = form.cleaned_data
        try:
            with transaction.atomic():  # the letter's details stand only if the step does
                letters.submit_save(request.user, blueprint, letter_form)
                workflow.blueprint_transition(
                    user=request.user, blueprint=blueprint, action=action,
                    reason=data.get("reason", ""), approved_on=data.get("approved_on"),
                )  # fmt: skip
        except services.Refused as error:
            if not error.blockers:
                messages.error(request, error.message)
                return redirect(blueprint)
            form.add_error(None, error.message)
            blockers = error.blockers
        except ValidationError as error:
            http.add_errors(form, error)
        else:
            messages.success(
                request,
                _("Done: the Blueprint is now “%(status)s”.")
                % {"status": blueprint.get_status_display()},
            )
            return redirect(blueprint)
    context = {
        "blueprint": blueprint,
        "step": step,
        "form": form,
        "blockers": blockers,
        "possible": blueprint.status in step.sources,
        "letter_form": letter_form,
    }
    if action == "approve":
        context["province"] = blueprint.province
    elif action == "submit":
        context.update(_drift_context(blueprint))
    return render(request, "proposals/transition_form.html", context)


def _drift_context(blueprint) -> dict:
    """What the office must see about an approved Blueprint: the approved edition and,
    when the live plan has changed since (shared cascade rows), what differs."""
    found = approval.drift(blueprint)
    if found is None:
        return {}
    sections = []
    if found.drifted:
        sections = [
            section for section in compare(found.live, found.approved_content) if section.changes
        ]
    return {
        "approved_edition": found.approved,
        "approved_edition_day": timezone.localtime(found.approved.created_at).date(),
        "drift": found,
        "drift_sections": sections,
        "drift_other_parts": [str(PART_LABELS.get(key, key)) for key in found.other_parts],
    }


# The parts of a Blueprint that the row-by-row comparison does not show, by name.
PART_LABELS = {
    "issue": gettext_lazy("the strategic issue"),
    "sections": gettext_lazy("the sections' assignments"),
    "participants": gettext_lazy("the participating agencies"),
    "workshops": gettext_lazy("the workshops"),
}


def _snapshot_or_404(blueprint, edition):
    return get_object_or_404(blueprint.snapshots.select_related("created_by"), edition=edition)


@login_required
@require_GET
def snapshot_detail(request, pk, edition):
    blueprint, rights = _load(request, pk, live=False)
    snapshot = _snapshot_or_404(blueprint, edition)
    return render(
        request,
        "proposals/snapshot_detail.html",
        {
            "blueprint": blueprint,
            "rights": rights,
            "snapshot": snapshot,
            "data": snapshot.data,
            "participation": participation_of(snapshot.data),
            "verified": approval.verify(snapshot.data),
            "steps": workflow.steps_for(rights, blueprint),
            "transitions": selectors.transitions_of(blueprint)[:20],
            "snapshots": list(selectors.snapshots_of(blueprint)),
        },
    )


@login_required
@require_GET
def snapshot_json(request, pk, edition):
    blueprint, _rights = _load(request, pk, live=False)
    snapshot = _snapshot_or_404(blueprint, edition)
    body = json.dumps(snapshot.data, ensure_ascii=False, indent=2)
    return http.json_response(body, f"blueprint-{blueprint.pk}-v{snapshot.edition}.json")
