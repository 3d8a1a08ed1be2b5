"""The pages the benchmark measures, and the edits of its edit-then-view mix.

The national dataset (:mod:`proposals.demo.national`) seeds the country; what is measured of
it lives here, beside the benchmark (``bench/run.py``) and the query-count pins
(``tests/scale/test_query_counts.py``) that read it: province 1's pages, the same
objects at every size, as each role that uses them.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.urls import reverse

from proposals.demo.national import editor_username, province_code, reviewer_username
from proposals.models import Blueprint, Section, SectionKey
from proposals.participation.models import Workshop
from proposals.rows import KINDS
from strategies.models import Organisation, OrganisationKind, Role


@dataclass(frozen=True)
class Page:
    name: str
    role: str
    url: str


@dataclass(frozen=True)
class Edit:
    """A row ``role`` saves through its edit page (``url``), changing ``fields`` (its
    text fields), then looks at ``then`` — the Blueprint page, as an editor lives it."""

    role: str
    url: str
    fields: tuple[str, ...]
    then: str


ROLES = ("editor", "contributor", "reviewer")


def blueprints() -> tuple:
    blueprints = Blueprint.objects.filter(province__code=province_code(1))
    return blueprints.get(issue__number=1), blueprints.get(issue__number=2)


def main_pages() -> tuple[dict, list[Page]]:
    """The people and the main pages to measure: province 1's, the same at every size.

    ``people`` maps a role (strategy ``editor``, agency ``contributor``, OPDC
    ``reviewer``) to a user; each page is measured as the roles that use it. The
    Blueprint is province 1's first (in consultation), OPDC's its second (submitted).
    """
    User = get_user_model()
    working, submitted = blueprints()
    changes = Section.objects.get(blueprint=working, key=SectionKey.CHANGES)
    people = {
        "editor": User.objects.get(username=editor_username(1)),
        "contributor": User.objects.filter(
            memberships__organisation_id=changes.assignee_id,
            memberships__role=Role.CONTRIBUTOR,
        )
        .order_by("username")
        .first(),
        "reviewer": User.objects.get(username=reviewer_username()),
    }
    plan_id = working.issue.plan_id
    workshop = Workshop.objects.filter(blueprint=working).order_by("pk").first()
    change = working.change_proposals.order_by("position", "pk").first()
    dashboard = reverse("proposals:review:dashboard")
    pages = []
    for role in ROLES:
        pages.append(Page("home", role, reverse("home")))
    for role in ROLES:
        pages.append(
            Page("cascade check", role, reverse("strategies:plan_cascade", args=[plan_id]))
        )
    for role in ROLES:
        bp = submitted if role == "reviewer" else working
        pages.append(Page("Blueprint page", role, reverse("proposals:detail", args=[bp.pk])))
    pages.append(
        Page(
            "section edit",
            "editor",
            reverse("proposals:row_edit", args=[working.pk, "diagnosis", working.diagnosis.pk]),
        )
    )
    pages.append(
        Page(
            "section edit",
            "contributor",
            reverse("proposals:row_edit", args=[working.pk, "change", change.pk]),
        )
    )
    for role in ROLES:
        pages.append(Page("inbox", role, reverse("proposals:participation:inbox")))
    workshop_url = reverse("proposals:participation:workshop", args=[working.pk, workshop.pk])
    comments_url = reverse("proposals:participation:comments", args=[working.pk])
    for role in ("editor", "contributor"):
        pages.append(Page("workshop", role, workshop_url))
    for role in ("editor", "contributor"):
        pages.append(Page("comment threads", role, f"{comments_url}?section=changes"))
    pages.append(Page("review dashboard", "reviewer", dashboard))
    pages.append(Page("search", "reviewer", f"{dashboard}?q=เกษตรกร+ตลาด"))
    pages.append(
        Page("review page", "reviewer", reverse("proposals:review:review", args=[submitted.pk]))
    )
    board = reverse("proposals:monitoring:board", args=[working.province_id]) + "?year=2548"
    for role in ROLES:
        pages.append(Page("results board", role, board))
    national_results = reverse("proposals:monitoring:national") + "?year=2548"
    pages.append(Page("national results", "reviewer", national_results))
    cluster = Organisation.objects.filter(
        kind=OrganisationKind.CLUSTER, cluster_memberships__province=working.province_id
    ).first()
    cluster_results = reverse("proposals:monitoring:cluster", args=[cluster.pk]) + "?year=2548"
    for role in ROLES:
        pages.append(Page("cluster results", role, cluster_results))
    strategy = submitted.issue.national_strategies.order_by("pk").first()
    trace = reverse("proposals:monitoring:trace", args=[strategy.pk]) + "?year=2548"
    pages.append(Page("traceability", "reviewer", trace))
    return people, pages


def _text_fields(kind) -> tuple[str, ...]:
    return tuple(
        name
        for name in kind.fields
        if kind.model._meta.get_field(name).get_internal_type() == "TextField"
    )


def edits() -> list[Edit]:
    """The editor saves the diagnosis, the agency contributor a change of the section
    assigned to it (the same rows as :func:`main_pages`' section edits); each then
    opens the Blueprint page."""
    working, _submitted = blueprints()
    change = working.change_proposals.order_by("position", "pk").first()
    then = reverse("proposals:detail", args=[working.pk])
    return [
        Edit(
            "editor",
            reverse("proposals:row_edit", args=[working.pk, "diagnosis", working.diagnosis.pk]),
            _text_fields(KINDS["diagnosis"]),
            then,
        ),
        Edit(
            "contributor",
            reverse("proposals:row_edit", args=[working.pk, "change", change.pk]),
            _text_fields(KINDS["change"]),
            then,
        ),
    ]
