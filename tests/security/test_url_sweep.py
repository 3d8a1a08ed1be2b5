"""One sweep over every URL in the URLconf × every kind of person × GET and POST, on the demo.

The area matrices (tests/*/test_access_matrix.py, tests/review/test_access.py,
tests/excel/test_access.py) pin the exact answer of each view to each role. This sweep is the
net under them: it runs on the full demo (three Blueprints in different states, inputs,
workshops, comments, reviews, an export job, an upload), it fails when a URL is added without
being listed here, and for every request it checks the rules that must hold everywhere:

- nobody ever gets a server error;
- anonymous people are sent to log in, except on the few public pages;
- a member of another province gets 404 for anything of Chumphon's;
- OPDC gets 404 for anything of a Blueprint that was never submitted, and for any
  row of a strategic issue of the action plan that has no submitted Blueprint;
- the OPDC workspace answers 403/404 to everyone outside OPDC;
- a refused request (302 to log in, 403, 404, 405) changes nothing in the database;
- no answer — page, list, search, CSV, XLSX, JSON or PDF — shows a stranger Chumphon's
  draft or a workshop attendee's personal data, and none shows OPDC the draft or the
  plan rows of an issue not submitted to it;
- the people who may use a page get it (so the rules above cannot pass by refusing everyone).
"""

import datetime
import io
import zipfile
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.module_loading import import_string

from proposals.attachments.models import Attachment
from proposals.models import Blueprint, BlueprintStatus, ChangeProposal, Revision
from proposals.monitoring.models import Evidence, ReportingPeriod, TargetChange
from proposals.participation.models import (
    AgencyInput,
    Comment,
    Notification,
    Participant,
    Workshop,
    WorkshopInvitee,
)
from proposals.pdf.models import DraftPDFJob
from proposals.review.models import ExportJob, ReviewNote
from strategies.demo import cascade as demo
from strategies.excel.models import ImportBatch
from strategies.models import (
    ActionPlan,
    Goal,
    NationalStrategy,
    Organisation,
    OrganisationKind,
    Project,
)

pytestmark = pytest.mark.django_db(transaction=False)

DRAFT_CANARY = "ร่างลับเฉพาะชุมพร-DRAFTCANARY"
ATTENDEE_CANARY = "นางสาวทดสอบ ข้อมูลส่วนบุคคล-PDPACANARY"
# In the goals and projects of Chumphon's issue 2, which has no Blueprint submitted.
PLAN_CANARY = "แผนที่ยังไม่ส่ง ก.พ.ร.-PLANCANARY"

# username in the demo, or None for anonymous
ACTORS = {
    "anonymous": None,
    "contributor": "chumphon.agriculture",
    "viewer": "chumphon.viewer",
    "reviewer": "opdc.reviewer",
    "stranger": "suratthani.strategy",
    "editor": "chumphon.strategy",  # allowed to change things: after the read-only people
    "admin": "admin",
}
REFUSED = {403, 404, 405}
# Where an anonymous person may stay.
PUBLIC = {"login", "logout", "set_language", "help"}
# Tables that a refused request may still touch.
BOOKKEEPING = {"sessions.session", "axes.accessattempt", "axes.accesslog", "axes.accessfailurelog"}


def url_names():
    def walk(resolver, namespace):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                if entry.app_name == "admin":
                    continue  # Django's admin: staff only, tested by Django
                inner = ":".join(filter(None, [namespace, entry.namespace]))
                yield from walk(entry, inner)
            elif isinstance(entry, URLPattern):
                yield ":".join(filter(None, [namespace, entry.name]))

    return set(walk(get_resolver(), ""))


class Demo:
    """The demo's objects, each URL's arguments and what kind of page it is."""

    def __init__(self):
        demo.load()
        for loader in settings.DEMO_LOADERS:
            import_string(loader)()
        self.draft = Blueprint.objects.get(province__code="chumphon", submitted_at__isnull=True)
        self.submitted = Blueprint.objects.get(
            province__code="chumphon", status=BlueprintStatus.SUBMITTED
        )
        assert self.draft.workshops.exists() and self.draft.comments.exists()
        Blueprint.objects.filter(pk=self.draft.pk).update(title=DRAFT_CANARY)
        self.workshop = Workshop.objects.filter(blueprint=self.draft).first()
        self.invitee = WorkshopInvitee.objects.create(
            workshop=self.workshop,
            name=ATTENDEE_CANARY,
            position="เกษตรกร",
            other_organisation="วิสาหกิจชุมชน",
        )
        self.plan = ActionPlan.objects.get(organisation__code="chumphon")
        self.unsubmitted = self.plan.issues.get(number=2)
        assert not self.unsubmitted.blueprints.filter(submitted_at__isnull=False).exists()
        Goal.objects.filter(issue=self.unsubmitted).update(title=PLAN_CANARY)
        Project.objects.filter(strategy__issue=self.unsubmitted).update(title=PLAN_CANARY)
        editor = demo_user("editor")
        self.export = ExportJob.objects.create(
            created_by=demo_user("reviewer"),
            snapshot_ids=list(self.submitted.snapshots.values_list("pk", flat=True)),
        )
        self.draft_job = DraftPDFJob.objects.create(
            blueprint=self.draft, key="sweep-draft", printed_on=datetime.date(2026, 1, 1)
        )
        self.upload = ImportBatch.objects.create(
            kind="action_plan",
            target_id=self.plan.pk,
            user=editor,
            filename="แผน.xlsx",
            sha256="0" * 64,
            size=1,
            content=b"x",
        )
        self.notification = Notification.objects.filter(recipient=editor).first()
        self.results_upload = ImportBatch.objects.create(
            kind="results",
            target_id=ReportingPeriod.objects.get(
                province=self.plan.organisation, fiscal_year=2548, quarter=1
            ).pk,
            user=editor,
            filename="ผล.xlsx",
            sha256="0" * 64,
            size=1,
            content=b"x",
        )

    def cases(self):
        """(url name, args, kind) — kind says who may use it (see ``expected``)."""
        plan = self.plan
        issue = plan.issues.first()
        goal = issue.goals.first()
        indicator = goal.indicators.first()
        strategy = issue.strategies.first()
        project = strategy.projects.first()
        statement = plan.administration_plan.statement
        draft, submitted = self.draft.pk, self.submitted.pk
        edition = self.submitted.edition
        change = ChangeProposal.objects.filter(blueprint=self.draft).first()
        revision = Revision.objects.filter(blueprint=self.draft, section="changes").first()
        participant = Participant.objects.filter(blueprint=self.draft).first()
        agency_input = AgencyInput.objects.filter(blueprint=self.draft).first()
        item = agency_input.items.first() or AgencyInput.objects.last().items.first()
        point = self.workshop.points.first()
        comment = Comment.objects.filter(blueprint=self.draft).first()
        note = ReviewNote.objects.filter(snapshot__blueprint=self.submitted).first()
        cluster = Organisation.objects.filter(kind=OrganisationKind.CLUSTER).first()
        ws = (draft, self.workshop.pk)

        yield "home", [], "everyone"
        yield "login", [], "public"
        yield "logout", [], "public"
        yield "set_language", [], "public"
        yield "help", [], "public"
        yield "ops:health", [], "ops"
        yield "ops:metrics", [], "ops"
        yield "password_reset", [], "public"
        yield "password_reset_done", [], "public"
        yield "password_reset_confirm", ["MQ", "no-such-token"], "public"
        yield "password_reset_complete", [], "public"
        yield "password_change", [], "everyone-form"
        yield "password_change_done", [], "everyone"
        yield "strategies:policy_list", [], "everyone"
        yield "strategies:policy_detail", [statement.pk], "everyone"
        yield "strategies:heading_detail", [statement.headings.first().pk], "everyone"
        yield "strategies:adminplan_detail", [plan.administration_plan_id], "everyone"
        national = plan.administration_plan.strategies.first()
        yield "strategies:natstrategy_detail", [national.pk], "everyone"
        yield "strategies:plan_list", [], "everyone"
        yield "strategies:plan_create", [], "create"
        yield "strategies:plan_detail", [plan.pk], "plan"
        yield "strategies:plan_cascade", [plan.pk], "plan"
        yield "strategies:plan_edit", [plan.pk], "plan-edit"
        cascade_rows = [
            ("issue", issue, plan),
            ("goal", goal, issue),
            ("indicator", indicator, goal),
            ("strategy", strategy, issue),
            ("project", project, strategy),
        ]
        for kind, element, parent in cascade_rows:
            yield f"strategies:{kind}_detail", [element.pk], "plan"
            yield f"strategies:{kind}_edit", [element.pk], "plan-edit"
            yield f"strategies:{kind}_create", [parent.pk], "plan-edit"
        # The same URLs on issue 2, whose Blueprint OPDC has never been sent.
        other = self.unsubmitted
        other_goal = other.goals.first()
        other_strategy = other.strategies.first()
        unsubmitted_rows = [
            ("issue", other, plan),
            ("goal", other_goal, other),
            ("indicator", other_goal.indicators.first(), other_goal),
            ("strategy", other_strategy, other),
            ("project", other_strategy.projects.first(), other_strategy),
        ]
        for kind, element, parent in unsubmitted_rows:
            yield f"strategies:{kind}_detail", [element.pk], "unsubmitted-plan"
            yield f"strategies:{kind}_edit", [element.pk], "unsubmitted-plan-edit"
            if kind != "issue":  # creating an issue is the plan's, above
                yield f"strategies:{kind}_create", [parent.pk], "unsubmitted-plan-edit"
        yield "proposals:list", [], "everyone"
        yield "proposals:create", [], "create"
        yield "proposals:review:dashboard", [], "opdc"
        yield "proposals:review:review", [submitted], "opdc"
        yield "proposals:review:review_edition", [submitted, edition], "opdc"
        yield "proposals:review:note_add", [submitted, edition], "opdc"
        yield "proposals:review:scores_save", [submitted, edition], "opdc"
        yield "proposals:review:note_delete", [submitted, note.pk], "opdc"
        yield "proposals:review:history", [submitted], "submitted"
        yield "proposals:review:blueprint_json", [submitted], "opdc"
        yield "proposals:review:exports", [], "opdc"
        yield "proposals:review:export_detail", [self.export.pk], "export"
        yield "proposals:review:export_retry", [self.export.pk], "export"
        yield "proposals:review:export_download", [self.export.pk], "export-unfinished"
        yield "proposals:review:data_export", ["indicators", "csv"], "opdc"
        yield "proposals:review:reviewer_add", [submitted], "opdc"
        yield "proposals:review:reviewer_remove", [submitted, demo_user("reviewer").pk], "opdc"
        yield "proposals:review:clusters", [], "opdc"
        yield "proposals:review:cluster", [cluster.pk], "opdc"
        yield "proposals:detail", [draft], "draft"
        yield "proposals:edit", [draft], "draft-edit"
        yield "proposals:snapshot", [submitted, edition], "submitted"
        yield "proposals:snapshot_json", [submitted, edition], "submitted"
        yield "proposals:pdf", [draft], "draft"
        yield "proposals:pdf_job", [draft, self.draft_job.pk], "draft"
        yield "proposals:pdf_job_download", [draft, self.draft_job.pk], "draft"
        yield "proposals:snapshot_pdf", [submitted, edition], "submitted"
        yield "proposals:pdf_verify", [], "everyone"
        yield "proposals:letter", [draft], "draft-edit"
        yield "proposals:letter_office", [draft], "draft-edit"
        yield "proposals:letter_preview", [draft], "draft-unpinned"  # none before details
        yield "proposals:snapshot_letter", [submitted, edition], "submitted"
        yield "proposals:answers", [draft], "draft"
        # OPDC's comment on the submitted Blueprint: no one answers it while OPDC reviews.
        yield "proposals:answer_save", [submitted, note.pk], "closed"
        yield "proposals:attachments", [draft], "draft"
        yield "proposals:attachment_upload", [draft], "draft-edit"
        attached = Attachment.objects.filter(blueprint=self.submitted).first()
        yield "proposals:attachment", [submitted, attached.pk], "submitted"
        # A file a submission listed is never removed.
        yield "proposals:attachment_remove", [submitted, attached.pk], "closed"
        yield "proposals:section_assign", [draft, "changes"], "draft-edit"
        yield "proposals:section_status", [draft, "changes"], "draft-edit"
        yield "proposals:section_history", [draft, "changes"], "draft"
        yield "proposals:section_diff", [draft, "changes"], "draft"
        yield "proposals:section_restore", [draft, "changes", revision.number], "draft-edit"
        yield "proposals:row_create", [draft, "change"], "draft-edit"
        yield "proposals:row_edit", [draft, "change", change.pk], "draft-edit"
        yield "proposals:row_move", [draft, "change", change.pk], "draft-edit"
        yield "proposals:row_delete", [draft, "change", change.pk], "draft-edit"
        yield "proposals:next_year", [draft], "draft-edit"
        yield "proposals:since_last_year", [draft], "draft-unpinned"  # started from none
        participation = "proposals:participation:"
        yield participation + "inbox", [], "everyone"
        yield participation + "notifications", [], "everyone"
        yield participation + "bell", [], "everyone"
        yield participation + "notifications_read_all", [], "everyone-form"
        yield participation + "notification_settings", [], "everyone-form"
        yield participation + "notification_read", [self.notification.pk], "own-notification"
        yield participation + "hub", [draft], "draft"
        yield participation + "participant_add", [draft], "draft-edit"
        yield participation + "participant_edit", [draft, participant.pk], "draft-edit"
        yield participation + "input_start", [draft, "changes"], "draft-edit"
        yield participation + "inputs", [draft], "draft"
        yield participation + "input", [draft, agency_input.pk], "draft"
        yield participation + "input_item_add", [draft, agency_input.pk, "change"], "agency"
        input_row = [draft, agency_input.pk, "change", change.pk]
        yield participation + "input_item_change", input_row, "agency"
        yield participation + "input_item_remove", [draft, agency_input.pk, item.pk], "draft-edit"
        for step in ["input_submit", "input_discard", "input_rework", "input_accept"]:
            yield participation + step, [draft, agency_input.pk], "draft-edit"
        yield participation + "input_return", [draft, agency_input.pk], "draft-edit"
        yield participation + "workshops", [draft], "draft"
        yield participation + "workshop_create", [draft], "draft-edit"
        yield participation + "workshop", ws, "draft"
        yield participation + "workshop_edit", ws, "draft-edit"
        yield participation + "workshop_ics", ws, "draft"
        yield participation + "workshop_invite", ws, "draft-edit"
        yield participation + "workshop_invite_participants", ws, "draft-edit"
        yield participation + "invitee_attendance", [*ws, self.invitee.pk], "draft-edit"
        yield participation + "invitee_erase", [*ws, self.invitee.pk], "draft-edit"
        yield participation + "point_add", ws, "draft-edit"
        yield participation + "point_promote", [*ws, point.pk], "draft-edit"
        yield participation + "comments", [draft], "draft"
        yield participation + "mention_suggestions", [draft], "draft"
        yield participation + "comment_reply", [draft, comment.pk], "draft-edit"
        yield participation + "comment_edit", [draft, comment.pk], "author"
        yield participation + "comment_resolve", [draft, comment.pk], "draft-edit"
        yield participation + "activity", [draft], "draft"
        yield "excel:plan", [plan.pk], "plan"  # readers export; the upload form is for editors
        yield "excel:plan_template", [plan.pk], "plan"
        yield "excel:plan_export", [plan.pk], "plan"
        yield "excel:blueprint", [draft], "draft-edit"
        yield "excel:blueprint_template", [draft], "draft-edit"
        yield "excel:blueprint_export", [draft], "draft"
        yield "excel:preview", [self.upload.pk], "upload"
        # Results: the demo's 2548 quarters have all locked, so OPDC reads them (issue 1).
        monitoring = "proposals:monitoring:"
        province = plan.organisation_id
        period = ReportingPeriod.objects.get(province_id=province, fiscal_year=2548, quarter=1)
        yield monitoring + "national", [], "opdc"
        # Chumphon's cluster: its provinces' people (the "stranger" of Surat Thani too) and
        # OPDC read it, each province as far as submitted (the canaries stay out).
        home_cluster = Organisation.objects.get(
            kind=OrganisationKind.CLUSTER, cluster_memberships__province_id=province
        )
        yield monitoring + "cluster", [home_cluster.pk], "cluster"
        # The national strategies Chumphon's issues align with, the unsubmitted one's too.
        for aligned in NationalStrategy.objects.filter(provincial_issues__plan=plan).distinct():
            yield monitoring + "trace", [aligned.pk], "opdc"
        yield monitoring + "board", [province], "plan"
        yield monitoring + "data_export", [province, "xlsx"], "plan"
        yield monitoring + "period_open", [province], "plan-edit"
        yield monitoring + "baseline_from_results", [province], "plan-edit"
        yield monitoring + "period_edit", [period.pk], "plan-edit"
        yield monitoring + "period_reopen", [period.pk], "plan-edit"
        yield monitoring + "actual", [period.pk, indicator.pk], "plan"
        yield (
            monitoring + "actual",
            [period.pk, other_goal.indicators.first().pk],
            ("unsubmitted-plan"),
        )
        yield monitoring + "evidence_add", [period.pk, indicator.pk], "plan-edit"
        evidence = Evidence.objects.filter(actual__indicator=indicator, kind="file").first()
        yield monitoring + "evidence", [evidence.pk], "plan"
        yield monitoring + "progress", [period.pk, project.pk], "plan"
        yield monitoring + "target_change", [indicator.pk], "plan-edit"
        yield monitoring + "target_change_decide", [TargetChange.objects.first().pk], "plan-edit"
        yield monitoring + "workbook", [period.pk], "plan-edit"
        yield monitoring + "report", [period.pk], "plan"
        yield monitoring + "workbook_upload", [period.pk], "plan-edit"
        yield monitoring + "import_preview", [self.results_upload.pk], "upload"
        # Removals last: they take away objects the URLs above name.
        yield participation + "point_remove", [*ws, point.pk], "draft-edit"
        for kind, element, _parent in reversed(cascade_rows):
            yield f"strategies:{kind}_delete", [element.pk], "plan-edit"
        for kind, element, _parent in reversed(unsubmitted_rows):
            yield f"strategies:{kind}_delete", [element.pk], "unsubmitted-plan-edit"
        yield participation + "invitee_remove", [*ws, self.invitee.pk], "draft-edit"
        yield participation + "participant_remove", [draft, participant.pk], "draft-edit"
        yield "proposals:transition", [draft, "review"], "draft-edit"
        yield "proposals:review:decide", [submitted], "opdc"


def demo_user(actor):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=ACTORS[actor])


def expected(kind, actor):
    """What ``actor`` must get on a ``kind`` of URL: "ok" (not refused), "login", "404", "no"
    (refused: 403/404/405), or None (not pinned here: the area matrices pin it)."""
    if kind == "public":
        return "ok"
    if kind == "ops":  # health and metrics: staff (and the ops token) only, 404 to the rest
        return "ok" if actor == "admin" else "404"
    if kind.startswith("unsubmitted-"):  # a plan issue OPDC has been sent nothing of
        if actor == "reviewer":
            return "404"
        kind = kind.removeprefix("unsubmitted-")
    if actor == "anonymous":
        return "login"
    if kind == "closed":  # a step no one takes in the Blueprint's state: the area tests pin
        # how each refuses (a form error, a message); here, that a stranger learns nothing
        return "404" if actor == "stranger" else "no" if actor == "reviewer" else None
    if kind == "draft-unpinned":  # a draft's page that may not exist yet (404 for all)
        return "404" if actor in {"stranger", "reviewer"} else None
    if kind in {"everyone", "everyone-form"}:
        return "ok"
    if kind == "cluster":  # every demo person is OPDC or of a province of Chumphon's cluster
        return "ok"
    if kind == "create":  # a plan or Blueprint of one's own province: editors only
        return "ok" if actor in {"editor", "stranger", "admin"} else "no"
    if kind in {"opdc", "export", "export-unfinished"}:
        if actor not in {"reviewer", "admin"}:
            return "no"
        return None if kind == "export-unfinished" else "ok"
    if kind == "upload":  # an upload is its uploader's alone
        return "ok" if actor == "editor" else "no"
    if kind == "own-notification":
        return None if actor == "editor" else "no"
    if actor == "stranger":
        return "404"
    if actor == "reviewer":
        return "ok" if kind in {"plan", "submitted"} else "404" if kind != "plan-edit" else "no"
    if kind in {"plan", "draft", "submitted"}:
        return "ok"
    if actor == "viewer":
        return "no" if kind in {"plan-edit", "agency", "author"} else None
    if kind in {"agency", "author"}:
        return None
    return "ok" if actor in {"editor", "admin"} else None


def fingerprint():
    """The number of rows of every table, in one query (the sweep takes it ~1 600 times)."""
    tables = sorted(
        model._meta.db_table
        for model in apps.get_models()
        if model._meta.managed and model._meta.label_lower not in BOOKKEEPING
    )
    sql = " UNION ALL ".join(f"SELECT '{table}', COUNT(*) FROM \"{table}\"" for table in tables)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(cursor.fetchall())


def readable_text(response):
    """Everything a person could read in the answer, PDFs and spreadsheets included."""
    content_type = response.get("Content-Type", "")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if content_type.startswith("application/pdf"):
        from pypdf import PdfReader

        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
    if body[:2] == b"PK":  # XLSX and ZIP exports
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return "\n".join(
                archive.read(name).decode("utf-8", "replace") for name in archive.namelist()
            )
    return body.decode("utf-8", "replace")


def test_every_url_every_actor(client, settings):
    settings.AXES_ENABLED = False
    client.raise_request_exception = False  # a 500 is a finding to list, not the end
    world = Demo()
    cases = [case for case in world.cases() if case[0] != "logout"]
    # (logging out would end the sweep's session; tests/security covers it)
    assert {name for name, *_ in cases} | {"logout"} == url_names(), "add new URLs here"
    failures = []
    checked = 0
    for actor in ACTORS:
        client.logout()
        if ACTORS[actor]:
            client.force_login(demo_user(actor))
        with transaction.atomic():  # each actor starts from the same demo
            for name, args, kind in cases:
                for method in ("get", "post"):
                    failures += check(client, actor, method, reverse(name, args=args), name, kind)
                    checked += 1
            transaction.set_rollback(True)
    assert checked == 2 * len(cases) * len(ACTORS)
    assert not failures, f"{len(failures)} of {checked} requests:\n" + "\n".join(failures)


def check(client, actor, method, url, name, kind):
    """Send one request; the broken rules, as sentences."""
    post = method == "post"
    before = fingerprint() if post else None
    response = getattr(client, method)(url)
    status = response.status_code
    where = f"{actor} {method.upper()} {url} ({name})"
    location = urlsplit(response.get("Location", "")).path
    goes_to_login = status == 302 and location == reverse("login")
    refused = status in REFUSED or goes_to_login
    want = expected(kind, actor)
    failures = []
    # The health page says 503 when a check fails (here: no worker runs): its answer, not a crash.
    if status >= 500 and not (name == "ops:health" and status == 503):
        failures.append(f"{where} → {status}")
    elif want == "login" and not goes_to_login:
        failures.append(f"{where} → {status}, expected a redirect to log in")
    elif want == "404" and status not in {404, 405}:
        failures.append(f"{where} → {status}, expected 404")
    elif want == "no" and not refused:
        failures.append(f"{where} → {status}, expected 403/404")
    elif want == "ok" and not post and refused and status != 405:
        failures.append(f"{where} → {status}, expected the page")
    if post and refused:
        after = fingerprint()
        if after != before:
            changed = sorted(k for k in after if after[k] != before.get(k))
            failures.append(f"{where} → {status} but changed {changed}")
    if status == 200 and actor in {"stranger", "reviewer"}:
        text = readable_text(response)
        if DRAFT_CANARY in text or ATTENDEE_CANARY in text:
            failures.append(f"{where} shows Chumphon's draft or an attendee")
        if PLAN_CANARY in text:
            failures.append(f"{where} shows the plan rows of an issue not submitted to OPDC")
    return failures
