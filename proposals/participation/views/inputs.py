"""Views of agency inputs: drafted by an agency's contributors, decided by the strategy office."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from proposals import access, history
from proposals import services as blueprint_services
from proposals.forms import build_row_form
from proposals.models import CONTENT_SECTIONS, Section
from proposals.participation import inputs as input_services
from proposals.participation import selectors
from proposals.participation.forms import (
    InputFilter,
    ReasonForm,
    SubmitInputForm,
)
from proposals.participation.models import (
    AgencyInput,
    InputAction,
    InputItem,
    InputStatus,
)
from proposals.participation.views.shared import GET_POST, _load, _post_data
from proposals.rows import KINDS, field_label, ordered_display_keys, serialize
from strategies import http

# --------------------------------------------------------------------------
# Agency inputs
# --------------------------------------------------------------------------


@login_required
@require_GET
def input_list(request, pk):
    """The Blueprint's agency inputs this person may see, searched and filtered."""
    blueprint, rights = _load(request, pk)
    filters = InputFilter(request.GET or None)
    return render(
        request,
        "proposals/participation/input_list.html",
        {
            "blueprint": blueprint,
            "rights": rights,
            "inputs": list(filters.apply(selectors.inputs_of(blueprint, rights))),
            "filters": filters,
        },
    )


def _input_or_404(blueprint, input_pk):
    return get_object_or_404(
        AgencyInput.objects.select_related(
            "section", "agency", "created_by", "submitted_by", "decided_by"
        ),
        pk=input_pk,
        blueprint=blueprint,
    )


def _require_input_read(rights, agency_input) -> None:
    """Drafts are the agency's own; submitted and decided inputs are open to the Blueprint."""
    if agency_input.status == InputStatus.DRAFT and agency_input.agency_id not in rights.agencies:
        raise PermissionDenied


def _require_input_agency(rights, agency_input) -> None:
    if agency_input.agency_id not in rights.agencies:
        raise PermissionDenied


@login_required
@require_POST
def input_start(request, pk, key):
    blueprint, rights = _load(request, pk)
    if key not in CONTENT_SECTIONS:
        raise Http404
    section = get_object_or_404(
        Section.objects.select_related("blueprint", "assignee"), blueprint=blueprint, key=key
    )
    if section.assignee_id is None or section.assignee_id not in rights.agencies:
        raise PermissionDenied
    try:
        agency_input = input_services.input_start(user=request.user, section=section)
    except blueprint_services.Refused as error:
        messages.error(request, error.message)
        return redirect(blueprint)
    return redirect(agency_input)


def _item_rows(blueprint, agency_input, items):
    """Each proposed change beside the row it changes: the row as it is now while the input
    is open (what the office decides on), the row as it was when proposed once decided."""
    is_open = agency_input.status in (InputStatus.DRAFT, InputStatus.SUBMITTED)
    current = selectors.section_rows(blueprint, agency_input.section.key) if is_open else {}
    result = []
    for item in items:
        kind = KINDS.get(item.kind)
        if kind is None:
            continue
        on_a_row = item.action in (InputAction.CHANGE, InputAction.REMOVE)
        # A removal proposes nothing in place of the row: every field is struck out.
        mine = {} if item.action == InputAction.REMOVE else history.readable(kind, item)
        row = current.get((item.kind, item.target_id)) if on_a_row and is_open else None
        theirs = {}
        if row is not None:
            _data, theirs = serialize(kind, row)
            theirs = history.readable(kind, _Saved(_data, theirs))
        elif on_a_row:
            theirs = item.base_display or {}
        fields = []
        for name in ordered_display_keys(kind, mine, theirs):
            old, new = str(theirs.get(name, "")), str(mine.get(name, ""))
            if not old and not new:
                continue
            fields.append(history.FieldDiff(field_label(kind, name), old, new, _diff(old, new)))
        result.append(
            {
                "item": item,
                "kind": kind,
                "row": row,
                "fields": fields,
                "removed": is_open and on_a_row and row is None,
                "changed_since": (
                    row is not None
                    and item.target_version is not None
                    and row.version != item.target_version
                ),
            }
        )
    return result


class _Saved:
    """Looks like a revision to :func:`proposals.history.readable`."""

    def __init__(self, data, display):
        self.data, self.display = data, display


def _diff(old, new):
    from proposals.diffing import diff_html

    return diff_html(old, new)


def _proposable(blueprint, agency_input):
    """What the agency may propose: new rows per kind (with their parents) and changes."""
    rows = selectors.section_rows(blueprint, agency_input.section.key)
    kinds = input_services.kinds_for_section(agency_input.section.key)
    add, change = [], []
    for kind in kinds:
        if kind.single:
            continue
        if kind.asks_parent:
            parents = [obj for (k, _pk), obj in rows.items() if k == kind.parent]
        else:
            parents = [None]
        for parent in parents:
            add.append({"kind": kind, "parent": parent})
    for (kind_key, _pk), obj in rows.items():
        change.append({"kind": KINDS[kind_key], "row": obj, "label": KINDS[kind_key].label_of(obj)})
    return add, change


@login_required
@require_GET
def input_detail(request, pk, input_pk):
    blueprint, rights = _load(request, pk)
    agency_input = _input_or_404(blueprint, input_pk)
    _require_input_read(rights, agency_input)
    items = list(agency_input.items.order_by("pk"))
    is_agency = agency_input.agency_id in rights.agencies
    editable = is_agency and agency_input.status == InputStatus.DRAFT and blueprint.is_editable
    decidable = rights.edit and agency_input.status == InputStatus.SUBMITTED
    add, change = _proposable(blueprint, agency_input) if editable else ([], [])
    return render(
        request,
        "proposals/participation/input_detail.html",
        {
            "blueprint": blueprint,
            "rights": rights,
            "input": agency_input,
            "items": _item_rows(blueprint, agency_input, items),
            "editable": editable,
            "decidable": decidable and blueprint.is_editable,
            "can_return": decidable,
            "can_rework": is_agency
            and agency_input.status == InputStatus.RETURNED
            and blueprint.is_editable,
            "head": history.latest_number(blueprint, agency_input.section.key),
            "add": add,
            "change": change,
            "submit_form": SubmitInputForm(initial={"note": agency_input.note}),
            "return_form": ReasonForm(),
        },
    )


def _item_form_page(request, blueprint, agency_input, kind, form, *, target=None, parent=None):
    return render(
        request,
        "proposals/participation/input_item_form.html",
        {
            "blueprint": blueprint,
            "input": agency_input,
            "kind": kind,
            "form": form,
            "target": target,
            "parent": parent,
            "title": (
                _("Propose a change: %(row)s") % {"row": kind.label_of(target) or kind.verbose_name}
                if target is not None
                else _("Propose a new row: %(kind)s") % {"kind": kind.verbose_name}
            ),
        },
    )


def _input_for_items(request, pk, input_pk, kind_key):
    blueprint, rights = _load(request, pk)
    agency_input = _input_or_404(blueprint, input_pk)
    _require_input_agency(rights, agency_input)
    kind = KINDS.get(kind_key)
    if kind is None or kind.is_header or kind.section != agency_input.section.key:
        raise Http404
    return blueprint, rights, agency_input, kind


def _save_item(
    request, blueprint, agency_input, kind, form, *, target=None, parent=None, base=None
):
    data, display = input_services.item_payload(kind, form, parent=parent)
    try:
        input_services.input_item_add(
            user=request.user, agency_input=agency_input, kind=kind, data=data, display=display,
            target=target, target_version=form.cleaned_data.get("version") if target else None,
            parent=parent, base_display=base,
        )  # fmt: skip
    except blueprint_services.Refused as error:
        messages.error(request, error.message)
    except ValidationError as error:  # past what a Blueprint may hold (proposals.limits)
        http.add_errors(form, error)
        return _item_form_page(
            request, blueprint, agency_input, kind, form, target=target, parent=parent
        )
    else:
        messages.success(request, _("Added to your input."))
    return redirect(agency_input)


@login_required
@GET_POST
def input_item_add(request, pk, input_pk, kind):
    blueprint, rights, agency_input, kind = _input_for_items(request, pk, input_pk, kind)
    if kind.single:
        raise Http404
    parent = None
    if kind.asks_parent:
        raw = request.GET.get("parent") or request.POST.get("parent")
        if not str(raw or "").isdigit():
            raise Http404
        parent = input_services.parent_row(blueprint, kind, raw)
        if parent is None:
            raise Http404
    if agency_input.status != InputStatus.DRAFT:
        messages.error(request, _("This input has been submitted already."))
        return redirect(agency_input)
    form = build_row_form(kind, blueprint, data=_post_data(request), parent=parent, rights=rights)
    if request.method == "POST" and form.is_valid():
        return _save_item(request, blueprint, agency_input, kind, form, parent=parent)
    return _item_form_page(request, blueprint, agency_input, kind, form, parent=parent)


@login_required
@GET_POST
def input_item_change(request, pk, input_pk, kind, row_pk):
    blueprint, rights, agency_input, kind = _input_for_items(request, pk, input_pk, kind)
    target = input_services.target_row(blueprint, kind, row_pk)
    if target is None or (kind.single and target.pk != row_pk):
        raise Http404
    # An agency proposes changes to the rows it could change itself, decided on the
    # row as stored (before the form copies the posted values onto it).
    access.require_owner(rights, kind, target)
    if agency_input.status != InputStatus.DRAFT:
        messages.error(request, _("This input has been submitted already."))
        return redirect(agency_input)
    _data, base = serialize(kind, target)  # before the form changes the instance
    form = build_row_form(kind, blueprint, data=_post_data(request), instance=target, rights=rights)
    if request.method == "POST" and form.is_valid():
        return _save_item(request, blueprint, agency_input, kind, form, target=target, base=base)
    return _item_form_page(request, blueprint, agency_input, kind, form, target=target)


@login_required
@require_POST
def input_item_remove(request, pk, input_pk, item_pk):
    blueprint, rights = _load(request, pk)
    agency_input = _input_or_404(blueprint, input_pk)
    _require_input_agency(rights, agency_input)
    item = get_object_or_404(InputItem, pk=item_pk, input=agency_input)
    try:
        input_services.input_item_remove(user=request.user, item=item)
    except blueprint_services.Refused as error:
        messages.error(request, error.message)
    if http.is_htmx(request):
        return HttpResponse("")
    return redirect(agency_input)


@login_required
@require_POST
def input_submit(request, pk, input_pk):
    blueprint, rights = _load(request, pk)
    agency_input = _input_or_404(blueprint, input_pk)
    _require_input_agency(rights, agency_input)
    form = SubmitInputForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        input_services.input_submit(user=request.user, agency_input=agency_input, note=note)
    except blueprint_services.Refused as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Submitted to the strategy office."))
    return redirect(agency_input)


@login_required
@require_POST
def input_discard(request, pk, input_pk):
    blueprint, rights = _load(request, pk)
    agency_input = _input_or_404(blueprint, input_pk)
    _require_input_agency(rights, agency_input)
    try:
        input_services.input_discard(user=request.user, agency_input=agency_input)
    except blueprint_services.Refused as error:
        messages.error(request, error.message)
        return redirect(agency_input)
    messages.success(request, _("The draft was discarded."))
    return redirect(f"{blueprint.get_absolute_url()}#section-{agency_input.section.key}")


@login_required
@require_POST
def input_rework(request, pk, input_pk):
    blueprint, rights = _load(request, pk)
    agency_input = _input_or_404(blueprint, input_pk)
    _require_input_agency(rights, agency_input)
    try:
        draft = input_services.input_rework(user=request.user, agency_input=agency_input)
    except blueprint_services.Refused as error:
        messages.error(request, error.message)
        return redirect(agency_input)
    return redirect(draft)


@login_required
@require_POST
def input_accept(request, pk, input_pk):
    blueprint, rights = _load(request, pk)
    agency_input = _input_or_404(blueprint, input_pk)
    access.require_edit(rights)
    head = request.POST.get("head", "")
    choices = {
        item_pk: request.POST.get(f"choice-{item_pk}", "")
        for item_pk in agency_input.items.values_list("pk", flat=True)
    }
    try:
        input_services.input_accept(
            user=request.user,
            agency_input=agency_input,
            head=int(head) if head.isdigit() else -1,
            choices=choices,
        )
    except blueprint_services.Refused as error:
        messages.error(request, error.message)
        return redirect(agency_input)
    messages.success(request, _("The input was merged into the Blueprint."))
    return redirect(f"{blueprint.get_absolute_url()}#section-{agency_input.section.key}")


@login_required
@GET_POST
def input_return(request, pk, input_pk):
    blueprint, rights = _load(request, pk)
    agency_input = _input_or_404(blueprint, input_pk)
    access.require_edit(rights)
    form = ReasonForm(_post_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            input_services.input_return(
                user=request.user, agency_input=agency_input, reason=form.cleaned_data["reason"]
            )
        except blueprint_services.Refused as error:
            messages.error(request, error.message)
            return redirect(agency_input)
        except ValidationError as error:
            http.add_errors(form, error)
        else:
            messages.success(request, _("The input was returned to the agency."))
            return redirect(agency_input)
    return render(
        request,
        "proposals/participation/form.html",
        {"blueprint": blueprint, "form": form, "title": _("Return the input"),
         "cancel_url": agency_input.get_absolute_url(), "submit_label": _("Return")},
    )  # fmt: skip
