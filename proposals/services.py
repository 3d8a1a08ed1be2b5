"""Every change to a Blueprint goes through here, inside one transaction.

Rules every write follows:

- the person's rights are checked here too (views check first, to answer 404/403);
- the Blueprint row is locked first with a conditional UPDATE that also checks the
  Blueprint is still editable, so a save can never slip in after submission;
- a row is changed with ``UPDATE … WHERE pk = %s AND version = %s``; when no row
  matches, someone else saved first and :class:`EditConflict` is raised — nothing
  is written, and the caller shows both texts;
- every save writes a :class:`~proposals.models.Revision` (who, when, what).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max, ProtectedError, UniqueConstraint
from django.utils import timezone
from django.utils.translation import gettext as _

from proposals import access, contributions, history, limits
from proposals.models import (
    CONTENT_SECTIONS,
    EDITABLE_STATUSES,
    Blueprint,
    BlueprintStatus,
    Diagnosis,
    Revision,
    RevisionAction,
    Section,
    SectionKey,
    SectionStatus,
)
from proposals.rows import KINDS, RowKind, serialize, values_from_data
from strategies import services as cascade_services
from strategies.models import (
    BudgetSource,
    ClusterMembership,
    Goal,
    Project,
    StrategicIssue,
)


class EditConflict(Exception):
    """Someone saved (or removed) the row since this person loaded it; nothing was written.

    ``current`` is the row as saved now, or ``None`` when it was removed.
    """

    def __init__(self, kind: RowKind, current):
        super().__init__("edit conflict")
        self.kind = kind
        self.current = current


class Refused(Exception):
    """A change that the Blueprint's state does not allow; ``message`` says why."""

    def __init__(self, message, *, blockers=None):
        super().__init__(message)
        self.message = message
        self.blockers = blockers or []


class Locked(Refused):
    """The Blueprint is not editable in its current state."""


def locked_message(blueprint) -> str:
    if blueprint.status == BlueprintStatus.APPROVED:
        return approved_message()
    return _(
        "This Blueprint cannot be changed while it is “%(status)s”. "
        "Move it back to draft (or revise it, once returned) to change it."
    ) % {"status": BlueprintStatus(blueprint.status).label}


def approved_message() -> str:
    return _(
        "The governor has approved this Blueprint: the approved text is exactly what will be "
        "submitted to OPDC, so it cannot be changed now. To change it, send it back to "
        "provincial review (this withdraws the approval and is recorded in the Blueprint's "
        "history), make the change, then record the governor's approval again."
    )


# --------------------------------------------------------------------------
# Shared steps
# --------------------------------------------------------------------------


def _lock_editable(blueprint) -> None:
    """Lock the Blueprint row for this transaction and check it is still editable."""
    locked = Blueprint.objects.filter(pk=blueprint.pk, status__in=EDITABLE_STATUSES).update(
        updated_at=timezone.now()
    )
    if not locked:
        blueprint.refresh_from_db(fields=["status"])
        raise Locked(locked_message(blueprint))
    # Derived data (OPDC's dashboard figures) is refreshed by whoever listens, after commit.
    contributions.blueprint_changed.send(sender=Blueprint, blueprint_id=blueprint.pk)


def _section_of(blueprint, key) -> Section | None:
    if key == SectionKey.HEADER:
        return None
    return Section.objects.select_related("assignee").get(blueprint=blueprint, key=key)


def _check_write(user, blueprint, kind: RowKind) -> Section | None:
    """Rights and state for changing rows of ``kind``; returns the row's section."""
    rights = access.rights_for(user, blueprint)
    section = _section_of(blueprint, kind.section)
    if not rights.read_live:
        raise PermissionDenied
    if kind.office_only and not rights.edit:
        raise PermissionDenied
    access.require_section_edit(rights, section)
    _lock_editable(blueprint)
    return section


def _stored(blueprint, kind: RowKind, pk):
    """The row ``pk`` as saved now, fresh from the database — never the caller's instance,
    which a bound form may already have filled with posted values — or ``None`` when it
    is gone. A row of another Blueprint (or issue) is refused."""
    current = _fetch(kind, pk)
    if current is None:
        return None
    if kind.blueprint_field:
        belongs = getattr(current, f"{kind.blueprint_field}_id") == blueprint.pk
    else:
        belongs = kind.model.objects.filter(
            pk=pk, **{kind.issue_lookup: blueprint.issue_id}
        ).exists()
    if not belongs:
        raise PermissionDenied
    return current


def _owner_attname(kind: RowKind) -> str:
    return kind.model._meta.get_field(kind.owner_field).attname


def _check_row_owner(user, blueprint, kind: RowKind, stored, values=None) -> None:
    """An agency changes the cascade projects it leads, not another agency's: a project is
    a row of the province's action plan, shared by every Blueprint of the issue.

    Decided on ``stored`` (the row as in the database, see :func:`_stored`); ``values``
    may not give the row an owner the person could not have set."""
    if kind.owner_field is None:
        return
    rights = access.rights_for(user, blueprint)
    if stored is not None:
        access.require_owner(rights, kind, stored)
    if values is None:
        return
    attname = _owner_attname(kind)  # values by field name (forms) or attribute (restore data)
    given = kind.owner_field in values or attname in values
    owner = values[kind.owner_field] if kind.owner_field in values else values.get(attname)
    if (stored is None or given) and not rights.may_set_owner(kind, owner):
        raise ValidationError({kind.owner_field: owner_message(kind)})


def owner_message(kind: RowKind) -> str:
    field = kind.model._meta.get_field(kind.owner_field)
    return _(
        "Only the strategy office chooses another agency as the %(field)s: "
        "an agency changes only what its agency leads."
    ) % {"field": field.verbose_name}


def still_used_message(row_label, protected) -> str:
    """Why a row cannot be removed: rows of Blueprints still hang from it (a guarantee of
    the database — ``on_delete=PROTECT`` — whatever path the removal took)."""
    where = sorted(
        {
            _("“%(title)s” (fiscal year %(year)s)")
            % {"title": obj.blueprint.title, "year": obj.blueprint.fiscal_year}
            for obj in protected
            if hasattr(obj, "blueprint")
        }
    )
    return _(
        "“%(row)s” cannot be removed: rows of these Blueprints still depend on it: "
        "%(where)s. Remove those rows there first. A Blueprint that is approved, "
        "submitted or accepted keeps its rows, and this row stays with them. "
        "Nothing was removed."
    ) % {"row": row_label, "where": ", ".join(where)}


def record_revision(
    *, user, blueprint, kind: RowKind, obj, action, data=None, display=None
) -> Revision:
    """Keep one saved state of ``obj``, numbered after the Blueprint's previous save."""
    Blueprint.objects.filter(pk=blueprint.pk).update(revision_count=F("revision_count") + 1)
    number = Blueprint.objects.values_list("revision_count", flat=True).get(pk=blueprint.pk)
    blueprint.revision_count = number
    if data is None:
        data, display = serialize(kind, obj)
    return Revision.objects.create(
        blueprint=blueprint,
        number=number,
        section=kind.section,
        kind=kind.key,
        object_id=obj.pk,
        object_version=obj.version,
        action=action,
        label=kind.label_of(obj)[:500],
        data=data,
        display=display or {},
        author=user if getattr(user, "is_authenticated", False) else None,
    )


def _record_outside_changes(*, blueprint, kind: RowKind, obj) -> None:
    """Cascade rows can be edited on the action-plan pages too: keep what they did.

    If the row's version is not the one this Blueprint's history last saw, its
    current state (before this save) is kept as a revision by "someone outside".
    """
    if not kind.cascade:
        return
    last = (
        Revision.objects.filter(blueprint=blueprint, kind=kind.key, object_id=obj.pk)
        .order_by("-number")
        .values_list("object_version", flat=True)
        .first()
    )
    if last != obj.version:
        record_revision(
            user=None, blueprint=blueprint, kind=kind, obj=obj, action=RevisionAction.EXTERNAL
        )


def _mark_in_progress(blueprint, section_key) -> None:
    if section_key in CONTENT_SECTIONS:
        Section.objects.filter(
            blueprint=blueprint, key=section_key, status=SectionStatus.NOT_STARTED
        ).update(status=SectionStatus.IN_PROGRESS)


def _sqlite_unique_rule(first_line: str) -> str | None:
    """The name of the unique constraint SQLite reports by its columns
    (``UNIQUE constraint failed: table.column, table.column``), read from the models."""
    prefix = "UNIQUE constraint failed: "
    if not first_line.startswith(prefix):
        return None
    columns = first_line.removeprefix(prefix)
    for model in apps.get_models():
        table = model._meta.db_table
        for constraint in model._meta.constraints:
            if isinstance(constraint, UniqueConstraint) and constraint.fields:
                named = (model._meta.get_field(field).column for field in constraint.fields)
                if columns == ", ".join(f"{table}.{column}" for column in named):
                    return constraint.name
    return None


def explain_integrity_error(error: IntegrityError) -> str:
    """The person's sentence for a rule the database refused (PostgreSQL names the
    constraint; SQLite names a unique constraint's columns instead)."""
    text = str(error)
    first_line = text.splitlines()[0] if text else ""
    rule = _sqlite_unique_rule(first_line) or text
    if "strategies_target_year_in_plan" in rule:
        return _("A target can only be set for a fiscal year of the action plan.")
    if "strategies_budget_year_in_plan" in rule:
        return _("A budget can only be set for a fiscal year of the action plan.")
    if "budget_non_negative" in rule:
        return _("A budget cannot be negative.")
    if "number_unique" in rule:
        return _("This number is already used here. Choose another number.")
    if "one_open_blueprint" in rule:
        return _("This strategic issue already has an open Blueprint for that fiscal year.")
    return _("The change could not be saved because it conflicts with other data: %(error)s") % {
        "error": first_line[:200]
    }


def _fetch(kind: RowKind, pk):
    return kind.queryset(prefetch=True).filter(pk=pk).first()


# --------------------------------------------------------------------------
# Extras of cascade rows: yearly targets, budgets, supporting agencies
# --------------------------------------------------------------------------


def _write_extras(kind: RowKind, obj, extras: dict, years: list[int]) -> None:
    if not extras:
        return
    if "targets" in extras and "targets" in kind.extra:
        targets = extras["targets"]
        outside = sorted(year for year in targets if year not in years)
        if outside:
            raise ValidationError(
                _("Fiscal year %(years)s is outside the action plan (%(first)s–%(last)s).")
                % {
                    "years": ", ".join(str(y) for y in outside),
                    "first": years[0],
                    "last": years[-1],
                }
            )
        cascade_services.indicator_set_targets(indicator=obj, targets=targets)
    if "budgets" in extras and "budgets" in kind.extra:
        budgets = extras["budgets"]
        if any(year not in years for year, _source in budgets):
            raise ValidationError(
                _("A budget can only be set for a fiscal year of the action plan.")
            )
        if any(amount is not None and amount < 0 for amount in budgets.values()):
            raise ValidationError(_("A budget cannot be negative."))
        cascade_services.project_set_budgets(project=obj, budgets=budgets)
    if "supporting_agencies" in extras and "supporting_agencies" in kind.extra:
        obj.supporting_agencies.set(extras["supporting_agencies"])


def _guarded(write):
    """Run ``write`` in a savepoint and turn database refusals into a clear message."""
    try:
        with transaction.atomic():
            return write()
    except IntegrityError as error:
        raise ValidationError(explain_integrity_error(error)) from error


# --------------------------------------------------------------------------
# Creating a Blueprint
# --------------------------------------------------------------------------


def default_title(issue: StrategicIssue) -> str:
    """The usual title. It is the document's own text, so it is Thai whatever the
    creator's interface language (not a translated interface string)."""
    return f"ข้อเสนอการเปลี่ยนแปลง (Blueprint for Change) ประเด็นยุทธศาสตร์ที่ {issue.number} {issue.title}"


def cluster_of(province_id: int, fiscal_year: int):
    """The cluster the province belonged to when the fiscal year began, if any."""
    from strategies import fiscal

    start, _end = fiscal.fiscal_year_bounds(fiscal_year)
    membership = (
        ClusterMembership.objects.filter(province_id=province_id, start_date__lte=start)
        .exclude(end_date__lt=start)
        .select_related("cluster")
        .order_by("-start_date")
        .first()
    )
    return membership.cluster if membership else None


def _check_fiscal_year(issue, fiscal_year, *, exclude_pk=None) -> None:
    years = issue.plan.years
    if fiscal_year not in years:
        raise ValidationError(
            {
                "fiscal_year": _(
                    "Fiscal year %(year)s is outside the action plan (%(first)s–%(last)s)."
                )
                % {"year": fiscal_year, "first": years[0], "last": years[-1]}
            }
        )
    clash = Blueprint.objects.open().filter(issue=issue, fiscal_year=fiscal_year)
    if exclude_pk:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise ValidationError(
            {
                "fiscal_year": _(
                    "This strategic issue already has an open Blueprint for fiscal year %(year)s."
                )
                % {"year": fiscal_year}
            }
        )


@transaction.atomic
def blueprint_create(
    *,
    user,
    issue: StrategicIssue,
    fiscal_year: int,
    title: str = "",
    cluster=None,
    cluster_reference: str = "",
    cluster_url: str = "",
) -> Blueprint:
    """Start a Blueprint for ``issue``: its sections, an empty diagnosis, and a first
    revision of the goals and projects it takes from the action plan."""
    plan = issue.plan
    province_id = plan.organisation.home_province_id
    if province_id is None or not access.can_create_for(user, province_id):
        raise PermissionDenied
    _check_fiscal_year(issue, fiscal_year)
    if cluster is None:
        cluster = cluster_of(province_id, fiscal_year)
    blueprint = _guarded(
        lambda: Blueprint.objects.create(
            issue=issue,
            province_id=province_id,
            fiscal_year=fiscal_year,
            title=(title or "").strip() or default_title(issue),
            cluster=cluster,
            cluster_reference=cluster_reference,
            cluster_url=cluster_url,
            created_by=user,
        )
    )
    Section.objects.bulk_create(Section(blueprint=blueprint, key=key) for key in CONTENT_SECTIONS)
    diagnosis = Diagnosis.objects.create(blueprint=blueprint)
    record_revision(
        user=user, blueprint=blueprint, kind=KINDS["header"], obj=blueprint,
        action=RevisionAction.CREATED,
    )  # fmt: skip
    record_revision(
        user=user, blueprint=blueprint, kind=KINDS["diagnosis"], obj=diagnosis,
        action=RevisionAction.CREATED,
    )  # fmt: skip
    for section in (SectionKey.GOALS, SectionKey.ACTION_PLAN):
        taken = False
        for kind_key, rows in history.live_rows(blueprint, section):
            for obj in rows:
                taken = True
                record_revision(
                    user=user, blueprint=blueprint, kind=KINDS[kind_key], obj=obj,
                    action=RevisionAction.BASELINE,
                )  # fmt: skip
        if taken:
            # Drawn from the action plan, these sections start with content.
            _mark_in_progress(blueprint, section)
    contributions.blueprint_changed.send(sender=Blueprint, blueprint_id=blueprint.pk)
    return blueprint


# --------------------------------------------------------------------------
# The header
# --------------------------------------------------------------------------


@transaction.atomic
def blueprint_update_header(*, user, blueprint: Blueprint, values: dict, version) -> Blueprint:
    """Save the header fields in ``values`` (title, fiscal year, cluster, approver…)."""
    kind = KINDS["header"]
    _check_write(user, blueprint, kind)
    values = {name: value for name, value in values.items() if name in kind.fields}
    limits.check_text(kind, values)
    if "title" in values:
        values["title"] = (values["title"] or "").strip()
        if not values["title"]:
            raise ValidationError({"title": _("A Blueprint needs a title.")})
    if "fiscal_year" in values and values["fiscal_year"] != blueprint.fiscal_year:
        _check_fiscal_year(blueprint.issue, values["fiscal_year"], exclude_pk=blueprint.pk)
    updated = _guarded(
        lambda: Blueprint.objects.filter(pk=blueprint.pk, version=version).update(
            version=F("version") + 1, **values
        )
    )
    if not updated:
        raise EditConflict(kind, Blueprint.objects.filter(pk=blueprint.pk).first())
    blueprint.refresh_from_db()
    record_revision(
        user=user, blueprint=blueprint, kind=kind, obj=blueprint, action=RevisionAction.UPDATED
    )
    return blueprint


# --------------------------------------------------------------------------
# Rows: add, edit, remove, move
# --------------------------------------------------------------------------


def _check_parent(blueprint, kind: RowKind, parent) -> None:
    """The parent must belong to the Blueprint's strategic issue."""
    if not kind.parent_issue_lookup:
        return  # hangs from the strategic issue itself (a goal)
    if parent is None:
        raise ValidationError(_("Choose where this row belongs."))
    if isinstance(parent, Goal):
        ok = parent.issue_id == blueprint.issue_id
    elif isinstance(parent, Project):
        ok = parent.strategy.issue_id == blueprint.issue_id
    else:  # a Strategy
        ok = parent.issue_id == blueprint.issue_id
    if not ok:
        raise PermissionDenied


@transaction.atomic
def row_create(
    *, user, blueprint: Blueprint, kind: RowKind, values: dict, extras=None, parent=None
):
    """Add a row of ``kind`` (at the end of its list) and keep it in the history."""
    if kind.single:
        raise ValueError(f"{kind.key} rows are not added")
    _check_write(user, blueprint, kind)
    _check_row_owner(user, blueprint, kind, None, values)
    values = dict(values)
    values.pop("version", None)
    limits.check_text(kind, values)
    limits.check_room(kind, blueprint)
    if kind.cascade and not kind.parent_issue_lookup:
        values[kind.parent] = blueprint.issue  # a goal hangs from the issue itself
    elif kind.parent:
        if kind.parent_in_fields:
            parent = values.get(kind.parent, parent)
        _check_parent(blueprint, kind, parent)
        values[kind.parent] = parent
    if kind.blueprint_field:
        values[kind.blueprint_field] = blueprint
    if kind.ordered:
        siblings = kind.model.objects.filter(**kind.order_group(blueprint, values))
        values["position"] = (siblings.aggregate(m=Max("position"))["m"] or 0) + 1
    obj = _guarded(lambda: kind.model.objects.create(**values))
    _guarded(lambda: _write_extras(kind, obj, extras or {}, blueprint.issue.plan.years))
    obj = _fetch(kind, obj.pk)
    record_revision(
        user=user, blueprint=blueprint, kind=kind, obj=obj, action=RevisionAction.CREATED
    )
    _mark_in_progress(blueprint, kind.section)
    return obj


def _write_row(*, kind: RowKind, pk, version, values: dict, extras: dict, years) -> object:
    """The conditional update; raises EditConflict when ``version`` is stale."""
    limits.check_text(kind, values)
    updated = _guarded(
        lambda: kind.model.objects.filter(pk=pk, version=version).update(
            version=F("version") + 1, **values
        )
    )
    if not updated:
        raise EditConflict(kind, _fetch(kind, pk))
    obj = _fetch(kind, pk)
    _guarded(lambda: _write_extras(kind, obj, extras or {}, years))
    return _fetch(kind, pk) if extras else obj


@transaction.atomic
def row_update(
    *, user, blueprint: Blueprint, kind: RowKind, obj, values: dict, version, extras=None
):
    """Save an edited row, unless someone else saved it since ``version`` was loaded.

    Raises :class:`EditConflict` (nothing written) when the row changed or was removed
    meanwhile.
    """
    if kind.is_header:
        return blueprint_update_header(
            user=user, blueprint=blueprint, values=values, version=version
        )
    _check_write(user, blueprint, kind)
    values = {name: value for name, value in values.items() if name in kind.fields}
    if kind.parent_in_fields:
        values.pop(kind.parent, None)  # a project moves between strategies in the cascade pages
    # Rights on the row as stored: ``obj`` may carry posted values already.
    current = _stored(blueprint, kind, obj.pk)
    if current is None:
        raise EditConflict(kind, None)
    _check_row_owner(user, blueprint, kind, current, values)
    if version is None:
        raise EditConflict(kind, current)
    if current.version == version:
        _record_outside_changes(blueprint=blueprint, kind=kind, obj=current)
    obj = _write_row(
        kind=kind,
        pk=obj.pk,
        version=version,
        values=values,
        extras=extras,
        years=blueprint.issue.plan.years,
    )
    record_revision(
        user=user, blueprint=blueprint, kind=kind, obj=obj, action=RevisionAction.UPDATED
    )
    _mark_in_progress(blueprint, kind.section)
    return obj


def _children(blueprint, kind: RowKind, obj) -> list[tuple[RowKind, object]]:
    """Rows removed together with ``obj`` (kept in the history as removed too)."""
    found = []
    for child in kind.children:
        filters = {child.parent: obj}
        if child.blueprint_field:
            filters[child.blueprint_field] = blueprint
        found.extend((child, row) for row in _fetch_many(child, **filters))
    return found


def _fetch_many(kind: RowKind, **filters):
    return list(kind.queryset(prefetch=True).filter(**filters))


@transaction.atomic
def row_delete(*, user, blueprint: Blueprint, kind: RowKind, obj, version) -> None:
    """Remove a row (and what hangs from it), unless it changed since ``version`` was loaded."""
    if kind.single:
        raise ValueError(f"{kind.key} rows are not removed")
    _check_write(user, blueprint, kind)
    current = _stored(blueprint, kind, obj.pk)
    if current is not None:
        _check_row_owner(user, blueprint, kind, current)
    if current is None or current.version != version:
        raise EditConflict(kind, current)
    _record_outside_changes(blueprint=blueprint, kind=kind, obj=current)
    children = _children(blueprint, kind, current)
    removed = [(kind, current, *serialize(kind, current))]
    removed += [
        (child_kind, child, *serialize(child_kind, child)) for child_kind, child in children
    ]
    try:
        with transaction.atomic():
            # This Blueprint's own rows go first, kept in its history below; rows of other
            # Blueprints protect the row (on_delete=PROTECT) and the removal is refused.
            for child_kind, child in children:
                child_kind.model.objects.filter(pk=child.pk).delete()
            deleted, _per_model = kind.model.objects.filter(pk=obj.pk, version=version).delete()
    except ProtectedError as error:
        raise Refused(
            still_used_message(kind.label_of(current), error.protected_objects)
        ) from error
    if not deleted:
        raise EditConflict(kind, _fetch(kind, obj.pk))
    for row_kind, row, data, display in removed:
        record_revision(
            user=user, blueprint=blueprint, kind=row_kind, obj=row,
            action=RevisionAction.DELETED, data=data, display=display,
        )  # fmt: skip
    _mark_in_progress(blueprint, kind.section)


@transaction.atomic
def row_move(*, user, blueprint: Blueprint, kind: RowKind, obj, direction: str) -> bool:
    """Move a row one place up or down among its siblings. Returns whether it moved.

    Moving does not change the rows' content versions: someone editing the text of a
    row that was moved meanwhile can still save.
    """
    if not kind.ordered or direction not in {"up", "down"}:
        raise ValueError("only ordered rows move up or down")
    _check_write(user, blueprint, kind)
    current = kind.model.objects.filter(pk=obj.pk).first()
    if current is None:
        return False
    siblings = list(
        kind.model.objects.filter(**kind.order_group(blueprint, current)).order_by("position", "pk")
    )
    index = next(i for i, row in enumerate(siblings) if row.pk == current.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(siblings):
        return False
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, row in enumerate(siblings, start=1):
        if row.position != position:
            kind.model.objects.filter(pk=row.pk).update(position=position)
            row.position = position
            record_revision(
                user=user, blueprint=blueprint, kind=kind, obj=_fetch(kind, row.pk),
                action=RevisionAction.MOVED,
            )  # fmt: skip
    return True


# --------------------------------------------------------------------------
# Restoring an old version of a section
# --------------------------------------------------------------------------


@dataclass
class RestoreResult:
    changed: int = 0
    problems: list[str] = field(default_factory=list)


def _extras_from_data(kind: RowKind, data: dict, years) -> dict:
    extras = {}
    if "targets" in kind.extra:
        saved = data.get("targets", {})
        extras["targets"] = {
            year: Decimal(saved[str(year)]) if str(year) in saved else None for year in years
        }
    if "budgets" in kind.extra:
        saved = data.get("budgets", {})
        extras["budgets"] = {
            (year, source): Decimal(saved[f"{year}:{source}"])
            if f"{year}:{source}" in saved
            else None
            for year in years
            for source in BudgetSource.values
        }
    if "supporting_agencies" in kind.extra:
        extras["supporting_agencies"] = data.get("supporting_agencies", [])
    return extras


@transaction.atomic
def section_restore(*, user, blueprint: Blueprint, section: str, number: int, head: int) -> int:
    """Bring a section back to what it was at revision ``number``, as a new save.

    ``head`` is the section's latest revision the person saw when choosing: if the
    section changed since, nothing is restored (:class:`Refused`) so that nobody's
    newer work is undone unseen. Rows are changed, re-added or removed as needed;
    returns how many rows changed.
    """
    kinds = history.SECTION_KINDS[section]
    _check_write(user, blueprint, KINDS[kinds[0]])
    latest = history.latest_number(blueprint, section)
    if latest != head:
        raise Refused(
            _(
                "This section was changed after you opened the comparison "
                "(latest revision is now #%(latest)s). Look at the latest changes, then restore."
            )
            % {"latest": latest}
        )
    target = history.section_state(blueprint, section, number)
    if target is None:
        raise ValidationError(
            _("There is no revision #%(number)s in this section.") % {"number": number}
        )
    live = history.live_state(blueprint, section)
    _check_restore_rights(user, blueprint, kinds, target, live)
    years = blueprint.issue.plan.years
    changed = 0
    try:
        with transaction.atomic():
            for kind_key in kinds:
                kind = KINDS[kind_key]
                for key, revision in target.items():
                    if key[0] != kind_key:
                        continue
                    data = revision.data
                    values = values_from_data(kind, data)
                    extras = _extras_from_data(kind, data, years)
                    if key in live:
                        obj, live_data, _display = live[key]
                        if live_data == data:
                            continue
                        obj = _write_row(
                            kind=kind, pk=obj.pk, version=obj.version, values=values,
                            extras=extras, years=years,
                        )  # fmt: skip
                    else:
                        obj = _recreate(kind, blueprint, revision.object_id, data, values)
                        _write_extras(kind, obj, extras, years)
                        obj = _fetch(kind, obj.pk)
                    record_revision(
                        user=user, blueprint=blueprint, kind=kind, obj=obj,
                        action=RevisionAction.RESTORED,
                    )  # fmt: skip
                    changed += 1
            for kind_key in reversed(kinds):
                kind = KINDS[kind_key]
                for key, (obj, data, display) in live.items():
                    if key[0] != kind_key or key in target:
                        continue
                    if not kind.model.objects.filter(pk=obj.pk).exists():
                        continue  # removed with its parent just now
                    try:
                        with transaction.atomic():
                            kind.model.objects.filter(pk=obj.pk).delete()
                    except ProtectedError as error:
                        raise Refused(
                            still_used_message(kind.label_of(obj), error.protected_objects)
                        ) from error
                    record_revision(
                        user=user, blueprint=blueprint, kind=kind, obj=obj,
                        action=RevisionAction.DELETED, data=data, display=display,
                    )  # fmt: skip
                    changed += 1
            for kind_key in kinds:
                limits.check_rows(KINDS[kind_key], blueprint)
    except IntegrityError as error:
        raise Refused(
            _("This version cannot be restored as it is: %(reason)s")
            % {"reason": explain_integrity_error(error)}
        ) from error
    except ValidationError as error:
        raise Refused(
            _("This version cannot be restored as it is: %(reason)s")
            % {"reason": " ".join(error.messages)}
        ) from error
    except EditConflict as error:
        raise Refused(
            _("Someone saved this section while it was being restored. Look again, then restore.")
        ) from error
    _mark_in_progress(blueprint, section)
    return changed


def _check_restore_rights(user, blueprint, kinds, target, live) -> None:
    """Restoring changes rows as direct edits do, with the same rights row by row: an
    agency may not change, remove or bring back a row it could not change by hand.
    Refused as a whole (nothing restored) when any row is not the person's to change."""
    rights = access.rights_for(user, blueprint)
    refused = []
    for kind_key in kinds:
        kind = KINDS[kind_key]
        if kind.owner_field is None:
            continue
        attname = _owner_attname(kind)
        for key, revision in target.items():
            if key[0] != kind_key:
                continue
            if key in live:
                obj, live_data, _display = live[key]
                if live_data == revision.data:
                    continue
                allowed = rights.owns(kind, obj) and rights.may_set_owner(
                    kind, revision.data.get(attname)
                )
            else:
                allowed = rights.may_set_owner(kind, revision.data.get(attname))
            if not allowed:
                refused.append(revision.label or str(revision.object_id))
        for key, (obj, _data, _display) in live.items():
            if key[0] == kind_key and key not in target and not rights.owns(kind, obj):
                refused.append(kind.label_of(obj))
    if refused:
        raise Refused(
            _(
                "This version cannot be restored by your agency: it would change rows that "
                "another agency leads (%(rows)s). Ask the strategy office to restore it."
            )
            % {"rows": ", ".join(f"“{label}”" for label in refused)}
        )


def _recreate(kind: RowKind, blueprint, pk, data, values):
    """Put back a removed row under its old id, so its history continues."""
    limits.check_text(kind, values)
    if kind.blueprint_field:
        values[kind.blueprint_field] = blueprint
    if kind.parent:
        parent_id = data.get(kind.parent)
        parent_model = kind.model._meta.get_field(kind.parent).related_model
        if parent_id is None or not parent_model.objects.filter(pk=parent_id).exists():
            raise ValidationError(
                _("“%(row)s” belonged to something that no longer exists.")
                % {"row": data.get("title") or data.get("name") or pk}
            )
        values[f"{kind.parent}_id"] = parent_id
    obj = kind.model(pk=pk, **values)
    obj.save(force_insert=True)
    return obj
