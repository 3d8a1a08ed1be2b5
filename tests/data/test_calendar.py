"""The demo and the national dataset walked as an official of 2548 would read them.

Fails on any date before what it depends on (a Blueprint begun before the Cabinet's
policy statement of 23 March 2548; a workshop, a section due date or an agency input
before the Blueprint was begun; an approval before the drafting; a submission before the
approval; a snapshot before its submission), on any date of a Blueprint outside its
fiscal year (workshops, approval, submission, activities, milestones, due dates), on
indicator weights that do not add up to 100, on a cluster membership before the clusters
began (1 October 2546), and on a province that did not exist in the dataset's year.
"""

import calendar
import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from proposals.completeness import find_warnings
from proposals.demo import national
from proposals.models import (
    Blueprint,
    ChangeProposal,
    ProjectActivity,
    ProjectMilestone,
    ReadinessItem,
    Risk,
    Section,
    Snapshot,
)
from proposals.participation.models import AgencyInput, Workshop
from proposals.selectors import load_document
from strategies.demo import cascade as cascade_demo
from strategies.models import ClusterMembership, Indicator, Organisation, OrganisationKind

pytestmark = pytest.mark.django_db

POLICY_STATEMENT = datetime.date(2005, 3, 23)
CLUSTERS_BEGAN = datetime.date(2003, 10, 1)
# Provinces created after B.E. 2548, with the year (B.E.) they were created.
LATER_PROVINCES = {"บึงกาฬ": 2554}


THAI_MONTHS = [
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
]  # fmt: skip
MONTH_YEAR = re.compile(r"(?:เดือน)?(" + "|".join(THAI_MONTHS) + r")\s*(25\d\d)")
IN_YEAR = re.compile(r"ในปี\s*(25\d\d)")


def dates_in_text(blueprint) -> list[tuple[str, str]]:
    """``(where, text)`` of the free text of a Blueprint's plans (not its diagnosis, which
    tells the past): what it expects and by when."""
    texts = []
    for change in ChangeProposal.objects.filter(blueprint=blueprint):
        texts += [
            (f"change “{change.title}”", change.title),
            ("expected result", change.expected_result),
        ]
    for item in ReadinessItem.objects.filter(blueprint=blueprint):
        texts.append((f"readiness “{item.requirement}”", item.action))
    for row in ProjectActivity.objects.filter(blueprint=blueprint):
        texts.append(("activity", row.title))
    for row in ProjectMilestone.objects.filter(blueprint=blueprint):
        texts.append(("milestone", row.title))
    for risk in Risk.objects.filter(blueprint=blueprint):
        texts.append(("risk mitigation", risk.mitigation))
    return texts


def fiscal_span(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year - 544, 10, 1), datetime.date(year - 543, 9, 30)


def day(moment) -> datetime.date:
    if isinstance(moment, datetime.datetime):
        return timezone.localtime(moment).date()
    return moment


def walk(year_of_data: int = 2548) -> list[str]:
    """Every fault of the data in the database, as sentences (empty: none)."""
    faults = []
    for blueprint in Blueprint.objects.select_related("province"):
        name = f"{blueprint.province.short_name or blueprint.province.name} {blueprint.fiscal_year}"
        start, end = fiscal_span(blueprint.fiscal_year)
        begun = day(blueprint.created_at)

        def within(label, value, after=begun, *, name=name, start=start, end=end):
            if value is None:
                return
            value = day(value)
            if not start <= value <= end:
                faults.append(f"{name}: {label} {value} outside fiscal year")
            if after is not None and value < after:
                faults.append(f"{name}: {label} {value} before {after}")

        if begun < POLICY_STATEMENT and blueprint.fiscal_year == 2548:
            faults.append(f"{name}: begun {begun}, before the policy statement")
        within("begun", begun, after=None)
        within("approved", blueprint.approved_on)
        within(
            "submitted",
            blueprint.submitted_at,
            after=blueprint.approved_on or begun,
        )
        if blueprint.submitted_at and blueprint.approved_on is None:
            faults.append(f"{name}: submitted without an approval date")
        for workshop in Workshop.objects.filter(blueprint=blueprint):
            within(
                f"workshop “{workshop.title}”",
                workshop.starts_at,
                after=max(begun, POLICY_STATEMENT),
            )
        for section in Section.objects.filter(blueprint=blueprint, due_date__isnull=False):
            within(f"section {section.key} due", section.due_date)
        for agency_input in AgencyInput.objects.filter(blueprint=blueprint):
            within("agency input", agency_input.created_at)
        for activity in ProjectActivity.objects.filter(blueprint=blueprint):
            within(f"activity “{activity.title}” starts", activity.start_date, after=None)
            within(
                f"activity “{activity.title}” ends", activity.end_date, after=activity.start_date
            )
        for milestone in ProjectMilestone.objects.filter(blueprint=blueprint):
            within(f"milestone “{milestone.title}”", milestone.due_date, after=None)
        # What the text plans: a year before the Blueprint's, or a month already over
        # when the Blueprint was begun ("ภายในเดือนมีนาคม 2548" in a July 2548 draft).
        for where, text in dates_in_text(blueprint):
            for year in IN_YEAR.findall(text or ""):
                if int(year) < blueprint.fiscal_year:
                    faults.append(f"{name}: {where} plans for {year}: “{text[:80]}”")
            for month, year in MONTH_YEAR.findall(text or ""):
                number = THAI_MONTHS.index(month) + 1
                ce = int(year) - 543
                last_day = datetime.date(ce, number, calendar.monthrange(ce, number)[1])
                if last_day < begun:
                    faults.append(f"{name}: {where} due {month} {year}, before {begun}")
        # Milestone values that contradict their year's target.
        for warning in find_warnings(load_document(blueprint)):
            if "Milestone" in str(warning.message) or "ผลสัมฤทธิ์" in str(warning.message):
                faults.append(f"{name}: {warning.message}")
        # Every edition submitted within the year; the last after the (last) approval.
        snapshots = list(Snapshot.objects.filter(blueprint=blueprint).order_by("edition"))
        for snapshot in snapshots:
            within(f"snapshot {snapshot.edition}", snapshot.created_at)
        if snapshots:
            within("last snapshot", snapshots[-1].created_at, after=blueprint.approved_on or begun)
    issues = {}
    for indicator in Indicator.objects.select_related("goal"):
        issues.setdefault(indicator.goal.issue_id, []).append(indicator.weight)
    for issue_id, weights in issues.items():
        if any(w is not None for w in weights):
            total = sum((w or Decimal(0) for w in weights), Decimal(0))
            if total != 100:
                faults.append(f"issue {issue_id}: weights add up to {total}")
    for province in Organisation.objects.filter(kind=OrganisationKind.PROVINCE):
        created = LATER_PROVINCES.get(province.short_name)
        if created and created > year_of_data:
            faults.append(f"{province.name} did not exist in {year_of_data}")
    for membership in ClusterMembership.objects.select_related("province"):
        if membership.start_date < CLUSTERS_BEGAN:
            faults.append(f"{membership.province}: cluster member before the clusters began")
    return faults


def test_the_demo_keeps_the_calendar():
    from django.core.management import call_command

    call_command("load_demo", force=True)
    assert Blueprint.objects.filter(fiscal_year=2549).exists()
    assert walk() == []


def test_the_national_dataset_keeps_the_calendar():
    national.seed(provinces=len(national.PROVINCES), scale=0.02)
    assert (
        Organisation.objects.filter(
            kind=OrganisationKind.PROVINCE, code__startswith=national.PREFIX
        ).count()
        == 75
    )
    assert walk() == []


def test_the_national_clusters_are_those_of_2548():
    members = [p for *_rest, provinces in national.CLUSTERS for p in provinces]
    assert len(national.CLUSTERS) == 19
    assert sorted(members) == sorted(code for code, *_rest in national.PROVINCES)
    assert len(members) == len(set(members)) == 75
    # Chumphon's cluster is the seed document's: Chumphon, Surat Thani and Ranong.
    assert national.CLUSTERS[national.CLUSTER_OF["chumphon"]][4] == [
        "chumphon",
        "suratthani",
        "ranong",
    ]


def test_the_walk_finds_what_it_is_for():
    """The walk is not blind: a Bueng Kan in 2548, a workshop before the policy
    statement and weights of 90 are each reported."""
    cascade_demo.load()
    Organisation.objects.create(
        kind=OrganisationKind.PROVINCE, code="bk", name="จังหวัดบึงกาฬ", short_name="บึงกาฬ"
    )
    indicator = Indicator.objects.filter(weight__isnull=False).first()
    indicator.weight -= 10
    indicator.save()
    from proposals.demo.blueprint import load_blueprint_demo

    blueprint = load_blueprint_demo()
    from proposals.participation.models import Workshop as W

    W.objects.create(
        blueprint=blueprint,
        title="ก่อนคำแถลงนโยบาย",
        starts_at=timezone.make_aware(datetime.datetime(2005, 1, 20, 9)),
        ends_at=timezone.make_aware(datetime.datetime(2005, 1, 20, 16)),
        venue="ศาลากลาง",
        created_by=blueprint.created_by,
    )
    faults = "\n".join(walk())
    assert "บึงกาฬ did not exist" in faults
    assert "weights add up to" in faults
    assert "ก่อนคำแถลงนโยบาย" in faults
