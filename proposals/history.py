"""Versions of a section: what it held at any revision, and what changed between two.

Every save writes one :class:`~proposals.models.Revision` per row it touched. A
section's content at revision *n* is, for each row, its latest revision numbered
≤ *n*, leaving out rows whose latest revision is a removal.
"""

from dataclasses import dataclass, field

from django.db.models import Max
from django.utils.safestring import SafeString

from proposals.diffing import diff_html, diff_sides
from proposals.models import Revision, RevisionAction, SectionKey
from proposals.rows import KINDS, SECTION_KINDS, field_label, ordered_display_keys, serialize

__all__ = ["SECTION_KINDS", "compare", "latest_number", "live_state", "section_state"]


def latest_number(blueprint, section: str) -> int:
    """The number of the section's latest revision (0 when it has none)."""
    result = Revision.objects.filter(blueprint=blueprint, section=section).aggregate(
        latest=Max("number")
    )
    return result["latest"] or 0


def _states(blueprint, section: str, numbers: list[int]) -> dict[int, dict]:
    """The section's content at each of ``numbers``, from one query."""
    revisions = Revision.objects.filter(
        blueprint=blueprint, section=section, number__lte=max(numbers)
    ).order_by("number")
    wanted = sorted(set(numbers))
    states: dict[int, dict] = {}
    state: dict = {}
    index = 0
    for revision in revisions:
        while index < len(wanted) and revision.number > wanted[index]:
            states[wanted[index]] = dict(state)
            index += 1
        state[(revision.kind, revision.object_id)] = revision
    while index < len(wanted):
        states[wanted[index]] = dict(state)
        index += 1
    return {
        number: {key: rev for key, rev in content.items() if rev.action != RevisionAction.DELETED}
        for number, content in states.items()
    }


def section_state(blueprint, section: str, number: int) -> dict | None:
    """``{(kind, row id): Revision}`` of the rows the section held at revision ``number``.

    ``None`` when ``number`` is not one of the section's revisions.
    """
    if not Revision.objects.filter(blueprint=blueprint, section=section, number=number).exists():
        return None
    return _states(blueprint, section, [number])[number]


def live_rows(blueprint, section: str) -> list[tuple[str, list]]:
    """The rows of a section as they are now, kind by kind (parents first)."""
    rows = []
    for kind_key in SECTION_KINDS[section]:
        kind = KINDS[kind_key]
        objs = [blueprint] if kind.is_header else list(kind.rows_of(blueprint, prefetch=True))
        rows.append((kind_key, objs))
    return rows


def live_state(blueprint, section: str) -> dict:
    """``{(kind, row id): (row, data, display)}`` of the section as it is now."""
    state = {}
    for kind_key, objs in live_rows(blueprint, section):
        kind = KINDS[kind_key]
        for obj in objs:
            state[(kind_key, obj.pk)] = (obj, *serialize(kind, obj))
    return state


# --------------------------------------------------------------------------
# Comparing two versions
# --------------------------------------------------------------------------


@dataclass
class FieldDiff:
    label: str
    old: str
    new: str
    html: SafeString

    @property
    def changed(self) -> bool:
        return self.old != self.new

    @property
    def sides(self) -> tuple[SafeString, SafeString]:
        return diff_sides(self.old, self.new)


@dataclass
class RowDiff:
    kind: str
    object_id: int
    label: str
    status: str  # "added", "removed", "changed", "unchanged"
    fields: list[FieldDiff] = field(default_factory=list)
    sort_key: tuple = ()

    @property
    def kind_label(self):
        return KINDS[self.kind].verbose_name

    @property
    def changed_fields(self):
        return [f for f in self.fields if f.changed]


def readable(kind, revision) -> dict:
    """The revision's readable text, with coded values (category, capital…) labelled in
    the reader's language rather than the saver's."""
    display = dict(revision.display)
    for name in kind.fields:
        model_field = kind.model._meta.get_field(name)
        if model_field.choices and not model_field.is_relation:
            code = revision.data.get(model_field.attname)
            if code not in (None, ""):
                display[name] = str(dict(model_field.flatchoices).get(code, code))
    return display


def _sort_key(kind_key: str, revision) -> tuple:
    kind_order = SECTION_KINDS[KINDS[kind_key].section].index(kind_key)
    data = revision.data
    return (kind_order, data.get("position") or data.get("number") or 0, revision.object_id)


def compare(blueprint, section: str, old_number: int, new_number: int) -> list[RowDiff]:
    """Row by row, field by field, what changed from revision ``old`` to ``new``."""
    states = _states(blueprint, section, [old_number, new_number])
    old, new = states[old_number], states[new_number]
    rows = []
    for key in old.keys() | new.keys():
        kind_key, object_id = key
        kind = KINDS.get(kind_key)
        if kind is None:
            continue
        before, after = old.get(key), new.get(key)
        old_display = readable(kind, before) if before else {}
        new_display = readable(kind, after) if after else {}
        if before is None:
            status = "added"
        elif after is None:
            status = "removed"
        elif old_display == new_display and before.data == after.data:
            status = "unchanged"
        else:
            status = "changed"
        fields = []
        for name in ordered_display_keys(kind, old_display, new_display):
            a, b = str(old_display.get(name, "")), str(new_display.get(name, ""))
            if not a and not b:
                continue
            fields.append(FieldDiff(field_label(kind, name), a, b, diff_html(a, b)))
        if status == "changed" and kind.ordered and not any(f.changed for f in fields):
            # Only the order moved.
            fields.append(
                FieldDiff(
                    str(KINDS[kind_key].model._meta.get_field("position").verbose_name),
                    str(before.data.get("position", "")),
                    str(after.data.get("position", "")),
                    diff_html(
                        str(before.data.get("position", "")), str(after.data.get("position", ""))
                    ),
                )
            )
        latest = after or before
        rows.append(
            RowDiff(
                kind=kind_key,
                object_id=object_id,
                label=latest.label or str(kind.verbose_name),
                status=status,
                fields=fields,
                sort_key=_sort_key(kind_key, latest),
            )
        )
    rows.sort(key=lambda row: row.sort_key)
    return rows


def section_label(section: str) -> str:
    return SectionKey(section).label
