"""Reading participation: the inbox, a Blueprint's participation, threads, workshops.

Each function reads with a fixed number of queries, whatever the number of rows.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, F, Q
from django.utils import timezone

from proposals.list_filters import each_word, words_of
from proposals.models import Blueprint, Section, SectionKey, SectionStatus
from proposals.participation.models import (
    AgencyInput,
    Comment,
    CommentEdit,
    CommentMention,
    InputStatus,
    Participant,
    Workshop,
    WorkshopInvitee,
    WorkshopPoint,
)
from proposals.participation.workshops import attendance_counts
from proposals.rows import KINDS
from strategies.access import scope_for

DUE_SOON_DAYS = 3
DONE_STATUSES = (SectionStatus.SUBMITTED, SectionStatus.ACCEPTED)


def deadline_state(section, today=None) -> str:
    """``overdue``, ``soon`` (within 3 days), ``later``, ``done`` or ``none``."""
    today = today or timezone.localdate()
    if section.status in DONE_STATUSES:
        return "done"
    if section.due_date is None:
        return "none"
    if section.due_date < today:
        return "overdue"
    if section.due_date <= today + datetime.timedelta(days=DUE_SOON_DAYS):
        return "soon"
    return "later"


def _with_deadlines(sections, today):
    for section in sections:
        section.deadline = deadline_state(section, today)
        section.days_left = (section.due_date - today).days if section.due_date else None
        section.days_late = max(0, -section.days_left) if section.due_date else 0
    return sections


@dataclass
class Inbox:
    assignments: list = field(default_factory=list)  # sections of the person's agencies
    participations: list = field(default_factory=list)  # Participant rows of their agencies
    my_inputs: list = field(default_factory=list)  # inputs of their agencies
    to_decide: list = field(default_factory=list)  # submitted inputs in provinces they edit
    handed_out: list = field(default_factory=list)  # open assignments in provinces they edit
    workshops: list = field(default_factory=list)  # workshops to come they are invited to
    is_editor: bool = False
    is_agency: bool = False

    @property
    def overdue(self) -> int:
        return sum(1 for s in self.assignments + self.handed_out if s.deadline == "overdue")


def _visible(user):
    return Blueprint.objects.visible_to(user)


def inbox(user) -> Inbox:
    """What concerns this person: their sections and deadlines, inputs, workshops."""
    scope = scope_for(user)
    today = timezone.localdate()
    box = Inbox(is_editor=bool(scope.edit) or scope.edit_all, is_agency=bool(scope.contribute))
    visible = _visible(user).open()
    if scope.contribute:
        box.assignments = _with_deadlines(
            list(
                Section.objects.filter(blueprint__in=visible, assignee_id__in=scope.contribute)
                .exclude(status=SectionStatus.ACCEPTED)
                .select_related("blueprint__province", "blueprint__issue", "assignee")
                .order_by("due_date", "blueprint__title", "pk")
            ),
            today,
        )
        box.participations = list(
            Participant.objects.filter(blueprint__in=visible, organisation_id__in=scope.contribute)
            .select_related("blueprint__province", "blueprint__issue", "organisation")
            .annotate(
                open_sections=Count(
                    "blueprint__sections",
                    filter=Q(blueprint__sections__assignee_id__in=scope.contribute)
                    & ~Q(blueprint__sections__status=SectionStatus.ACCEPTED),
                )
            )
            .order_by("blueprint__title")
        )
        box.my_inputs = list(
            AgencyInput.objects.filter(blueprint__in=_visible(user), agency_id__in=scope.contribute)
            .select_related(
                "blueprint__province", "blueprint__issue", "section", "agency", "decided_by"
            )
            .annotate(item_count=Count("items"))
            .order_by("-created_at", "-pk")[:50]
        )
    if box.is_editor:
        edit_filter = Q() if scope.edit_all else Q(blueprint__province_id__in=scope.edit)
        box.to_decide = list(
            AgencyInput.objects.filter(edit_filter, status=InputStatus.SUBMITTED)
            .select_related(
                "blueprint__province", "blueprint__issue", "section", "agency", "submitted_by"
            )
            .annotate(item_count=Count("items"))
            .order_by("submitted_at", "pk")
        )
        box.handed_out = _with_deadlines(
            list(
                Section.objects.filter(edit_filter, blueprint__in=visible, assignee__isnull=False)
                .exclude(status=SectionStatus.ACCEPTED)
                .select_related("blueprint__province", "blueprint__issue", "assignee")
                .order_by("due_date", "blueprint__title", "pk")[:200]
            ),
            today,
        )
    box.workshops = list(
        Workshop.objects.filter(
            blueprint__in=_visible(user),
            starts_at__gte=timezone.now() - datetime.timedelta(hours=12),
        )
        .filter(
            Q(invitees__user=user)
            | Q(invitees__organisation_id__in=scope.contribute)
            | Q(blueprint__province_id__in=scope.edit)
        )
        .select_related("blueprint__province", "blueprint__issue")
        .distinct()
        .order_by("starts_at")[:20]
    )
    return box


# --------------------------------------------------------------------------
# A Blueprint's participation page
# --------------------------------------------------------------------------


def participants_of(blueprint):
    return (
        Participant.objects.filter(blueprint=blueprint)
        .select_related("organisation")
        .order_by("role", "organisation__name")
    )


def inputs_of(blueprint, rights):
    """The Blueprint's inputs this person may see (drafts only by their agency)."""
    inputs = AgencyInput.objects.filter(blueprint=blueprint)
    if not rights.agencies:
        inputs = inputs.exclude(status=InputStatus.DRAFT)
    else:
        inputs = inputs.filter(~Q(status=InputStatus.DRAFT) | Q(agency_id__in=rights.agencies))
    return (
        inputs.select_related("section", "agency", "submitted_by", "decided_by")
        .annotate(item_count=Count("items"))
        .order_by("-created_at", "-pk")
    )


def workshops_of(blueprint, narrow=None) -> list:
    """The workshop log, newest first, each with ``counts`` (attendance by organisation);
    ``narrow(queryset)`` filters it (the log's search)."""
    queryset = Workshop.objects.filter(blueprint=blueprint)
    if narrow is not None:
        queryset = narrow(queryset)
    workshops = list(
        queryset.annotate(
            idea_count=Count("points", filter=Q(points__kind="idea"), distinct=True),
            comment_count=Count("points", filter=Q(points__kind="comment"), distinct=True),
        ).order_by("-starts_at", "-pk")
    )
    counts = attendance_counts([w.pk for w in workshops])
    for workshop in workshops:
        workshop.counts = counts[workshop.pk]
    return workshops


def sections_of(blueprint) -> list:
    today = timezone.localdate()
    return _with_deadlines(
        list(
            Section.objects.filter(blueprint=blueprint)
            .select_related("assignee")
            .in_document_order()
        ),
        today,
    )


def workshop_detail(workshop):
    """Invitees (with organisation and person) and points (with what they became)."""
    invitees = list(
        WorkshopInvitee.objects.filter(workshop=workshop).select_related("organisation", "user")
    )
    points = list(
        WorkshopPoint.objects.filter(workshop=workshop).select_related(
            "change_proposal", "risk", "promoted_by"
        )
    )
    return invitees, points


# --------------------------------------------------------------------------
# Comment threads
# --------------------------------------------------------------------------


THREADS_PER_PAGE = 10

# Open threads first, newest first; then the resolved ones, the latest resolved first.
# (Explicit about NULLs: PostgreSQL sorts them last by default, SQLite first.)
THREAD_ORDER = (F("resolved_at").desc(nulls_first=True), F("created_at").desc(), F("pk").desc())


def matching_roots(blueprint, search: str):
    """The Blueprint's threads with a comment (the first or a reply) holding every word of
    ``search`` in its text, its author's name or the row it is on (issue 20)."""
    roots = Comment.objects.filter(blueprint=blueprint, parent__isnull=True)
    if not words_of(search):
        return roots
    matching = Comment.objects.filter(blueprint=blueprint).filter(
        each_word(search, "body", "author__first_name", "author__last_name", "row_label")
    )
    return roots.filter(Q(pk__in=matching.values("pk")) | Q(pk__in=matching.values("parent_id")))


def thread_ids(
    blueprint, *, section: str | None = None, row=None, show_resolved=True, search: str = ""
) -> list:
    """The ids of the threads (first comments), in the order the page shows them: one
    query of ids, so the page can be cut and a thread's page found whatever the number.
    ``search`` keeps the threads with a comment matching it (see :func:`matching_roots`)."""
    roots = matching_roots(blueprint, search)
    if section:
        roots = roots.filter(section=section)
    if row is not None:
        kind, pk = row
        roots = roots.filter(row_kind=kind, row_id=pk)
    if not show_resolved:
        roots = roots.filter(resolved_at__isnull=True)
    return list(roots.order_by(*THREAD_ORDER).values_list("pk", flat=True))


def threads(blueprint, ids) -> list:
    """The threads ``ids`` (of ``blueprint``) in that order, ready to show, in three
    queries whatever their size: every comment with its author, then the mentions and the
    earlier texts of them all.

    Each root gets ``reply_list`` (its replies, oldest first); each comment gets
    ``mention_list`` and ``edit_list``.
    """
    if not ids:
        return []
    comments = list(
        Comment.objects.filter(blueprint=blueprint)
        .filter(Q(pk__in=ids, parent__isnull=True) | Q(parent_id__in=ids))
        .select_related("author", "resolved_by")
        .order_by("created_at", "pk")
    )
    by_pk = {comment.pk: comment for comment in comments}
    for comment in comments:
        comment.reply_list, comment.mention_list, comment.edit_list = [], [], []
    for comment in comments:
        if comment.parent_id is not None:
            by_pk[comment.parent_id].reply_list.append(comment)
    mentions = CommentMention.objects.filter(comment_id__in=by_pk).select_related(
        "user", "organisation"
    )
    for mention in mentions.order_by("pk"):
        by_pk[mention.comment_id].mention_list.append(mention)
    for edit in CommentEdit.objects.filter(comment_id__in=by_pk):
        by_pk[edit.comment_id].edit_list.append(edit)
    return [by_pk[pk] for pk in ids if pk in by_pk and by_pk[pk].parent_id is None]


def comment_counts(blueprint, search: str = "") -> dict[str, dict]:
    """Per section: open and resolved threads (one query), those matching ``search``."""
    counts = {key: {"open": 0, "resolved": 0} for key in SectionKey.values}
    rows = (
        matching_roots(blueprint, search)
        .values("section")
        .annotate(
            open=Count("pk", filter=Q(resolved_at__isnull=True)),
            resolved=Count("pk", filter=Q(resolved_at__isnull=False)),
        )
        .order_by()
    )
    for row in rows:
        counts[row["section"]] = {"open": row["open"], "resolved": row["resolved"]}
    return counts


def section_rows(blueprint, section: str) -> dict:
    """``{(kind, pk): row}`` of the section as it is now (a few queries per section)."""
    from proposals.history import live_rows

    if section not in SectionKey.values:
        return {}
    return {
        (kind_key, obj.pk): obj
        for kind_key, objs in live_rows(blueprint, section)
        if not KINDS[kind_key].is_header
        for obj in objs
    }


def row_choices(rows: dict) -> list[tuple[str, int, str]]:
    """``(kind, pk, label)`` for the "about" choice of the comment form."""
    return [
        (kind_key, pk, f"{KINDS[kind_key].verbose_name}: {KINDS[kind_key].label_of(obj)[:90]}")
        for (kind_key, pk), obj in rows.items()
        if not KINDS[kind_key].single
    ]


def annotate_versions(thread_list, rows: dict) -> None:
    """Tell each comment on a row whether the row changed since, or was removed.

    Sets ``row_state`` ("same", "changed", "removed" or "") and ``row_now`` (the row).
    """
    for root in thread_list:
        for comment in [root, *root.reply_list]:
            comment.row_state, comment.row_now = "", None
            if not comment.row_kind:
                continue
            row = rows.get((comment.row_kind, comment.row_id))
            if row is None:
                comment.row_state = "removed"
            elif comment.row_version is not None and row.version != comment.row_version:
                comment.row_state, comment.row_now = "changed", row
            else:
                comment.row_state, comment.row_now = "same", row
