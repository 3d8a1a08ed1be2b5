"""Next year's Blueprint, started from this year's, and what differs between the two.

The strategy office starts the Blueprint of an issue for the next fiscal year as a copy of
the current one: the header's text, the diagnosis and every row the Blueprint owns (change
proposals, readiness, risks, success factors) are written through the ordinary services, so
the new draft has its own history from its first revision. It is *re-dated*: the fiscal
year is the next one (the year in the title too), the rows' dates (activities, milestones)
move a year later, and nothing that belonged to the old year's process is copied — not the
approval, the submission, the section assignments and due dates, the agency inputs, the
workshops or the comments. Goals, indicators and projects are the issue's own (shared by
every year's Blueprint), so there is nothing to copy.
"""

import datetime

from django.db import models, transaction
from django.utils.translation import gettext as _

from proposals import access, services
from proposals.diffing import diff_html
from proposals.models import Blueprint
from proposals.rows import KINDS, field_label, ordered_display_keys, serialize
from strategies.models import Indicator


def copied_kinds() -> list:
    """The kinds of row a Blueprint owns (copied to next year), in the order of the page."""
    return [
        kind
        for kind in KINDS.values()
        if kind.blueprint_field and not kind.is_header and not kind.single
    ]


def _values(kind, obj) -> dict:
    return {name: getattr(obj, name) for name in kind.fields}


def _year_later(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def _redated(kind, values: dict) -> dict:
    """The row's dates a year later (an activity's start and end, a milestone's due date);
    fiscal-year ranges of the 4-year plan (a change's "from … to") stay as they are."""
    return {
        name: _year_later(value)
        if isinstance(kind.model._meta.get_field(name), models.DateField) and value
        else value
        for name, value in values.items()
    }


def _next_title(title: str, year: int) -> str:
    return title.replace(str(year), str(year + 1)) if str(year) in title else title


@transaction.atomic
def blueprint_start_next_year(*, user, previous: Blueprint) -> Blueprint:
    """A new draft Blueprint of ``previous``'s issue for the next fiscal year, copied from it.

    Refused (``ValidationError``) when the next year is outside the action plan or the
    issue already has an open Blueprint for it."""
    rights = access.rights_for(user, previous)
    access.require_edit(rights)
    year = previous.fiscal_year + 1
    blueprint = services.blueprint_create(
        user=user,
        issue=previous.issue,
        fiscal_year=year,
        title=_next_title(previous.title, previous.fiscal_year),
        cluster_reference=previous.cluster_reference,
        cluster_url=previous.cluster_url,
    )
    Blueprint.objects.filter(pk=blueprint.pk).update(previous=previous)
    blueprint.previous = previous
    diagnosis = KINDS["diagnosis"]
    old, new = diagnosis.rows_of(previous).first(), diagnosis.rows_of(blueprint).first()
    if old is not None and new is not None and any(_values(diagnosis, old).values()):
        services.row_update(
            user=user, blueprint=blueprint, kind=diagnosis, obj=new,
            values=_values(diagnosis, old), version=new.version,
        )  # fmt: skip
    years = blueprint.issue.plan.years
    for kind in copied_kinds():
        for obj in kind.rows_of(previous):
            data, _display = serialize(kind, obj)
            parent = (
                getattr(obj, kind.parent) if kind.parent and not kind.parent_in_fields else None
            )
            services.row_create(
                user=user,
                blueprint=blueprint,
                kind=kind,
                values=_redated(kind, _values(kind, obj)),
                extras=services._extras_from_data(kind, data, years),
                parent=parent,
            )
    return Blueprint.objects.get(pk=blueprint.pk)  # fresh: no cached diagnosis of the create


def _display(kind, obj) -> dict:
    return {key: str(value) for key, value in serialize(kind, obj, extras=False)[1].items()}


def _pairs(kind, old_rows, new_rows):
    """Rows of both years paired: the same label first, then what is left in order."""
    old_left = list(old_rows)
    pairs = []
    unmatched = []
    for obj in new_rows:
        label = kind.label_of(obj)
        twin = next((o for o in old_left if kind.label_of(o) == label), None)
        if twin is not None:
            old_left.remove(twin)
            pairs.append((twin, obj))
        else:
            unmatched.append(obj)
    for obj in unmatched:
        twin = old_left.pop(0) if old_left else None
        pairs.append((twin, obj))
    pairs.extend((obj, None) for obj in old_left)
    return pairs


def _rows(kind, blueprint) -> list:
    """The rows of ``kind`` with the related rows their readable text names (one query)."""
    related = []
    for name in kind.fields:
        field = kind.model._meta.get_field(name)
        if field.is_relation:
            # An indicator reads as "1.2 name": its goal's number too.
            related.append(f"{name}__goal" if field.related_model is Indicator else name)
    return list(kind.rows_of(blueprint).select_related(*related))


def compare_with_previous(blueprint: Blueprint) -> list[dict]:
    """What differs from the Blueprint it was started from, by kind of row: each row as
    ``same``, ``changed`` (with word-level differences per field), ``added`` or ``removed``."""
    previous = blueprint.previous
    if previous is None:
        return []
    groups = []
    for kind in [KINDS["diagnosis"], *copied_kinds()]:
        rows = []
        for old, new in _pairs(kind, _rows(kind, previous), _rows(kind, blueprint)):
            before = _display(kind, old) if old is not None else {}
            after = _display(kind, new) if new is not None else {}
            fields = []
            for name in ordered_display_keys(kind, before, after):
                a, b = before.get(name, ""), after.get(name, "")
                if a != b:
                    fields.append({"label": field_label(kind, name), "html": diff_html(a, b)})
            if old is None:
                state = "added"
            elif new is None:
                state = "removed"
            else:
                state = "changed" if fields else "same"
            rows.append(
                {
                    "state": state,
                    "label": kind.label_of(new if new is not None else old),
                    "fields": fields,
                }
            )
        groups.append({"kind": kind, "rows": rows})
    return groups


def next_year_refusal(blueprint: Blueprint) -> str:
    """Why next year's Blueprint cannot be started from ``blueprint`` now, or ``""``."""
    year = blueprint.fiscal_year + 1
    if year not in blueprint.issue.plan.years:
        return _("Fiscal year %(year)s is outside the action plan.") % {"year": year}
    if Blueprint.objects.open().filter(issue=blueprint.issue, fiscal_year=year).exists():
        return _("The issue already has a Blueprint for fiscal year %(year)s.") % {"year": year}
    return ""
