"""Property: whatever is written, and by whichever path, every main page is the page
rendered with caching off.

Hypothesis draws a sequence of edits among every way data reaches the pages — the content
and participation services, an action-plan page's form, the plan's and the Blueprint's
Excel imports, the restore of a section, the admin's change forms and plain SQL
``UPDATE``s — and after each one requests every main page (:func:`bench.pages.main_pages`)
as each role that uses it. Each page that read a Django cache on the way is compared with
the same page rendered with every Django cache replaced by a dummy one; a page that read
none is its own uncached render. The caches were filled before the first edit, so a key
that misses what an edit changed serves the old page and the comparison fails.

What the caches can know of a plain SQL ``UPDATE``: every cache key comes from the
``xmin`` of the rows the page reads (:mod:`strategies.stamps`), which moves with any
committed write, whatever wrote it. Other databases have no ``xmin``, and there no page
is cached (on SQLite the property holds because nothing is served from a cache — the
test checks that too).
"""

import contextlib
import io
import re

import openpyxl
import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client, override_settings
from django.urls import reverse
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from bench.pages import blueprints, main_pages
from proposals import history, services
from proposals.demo import national
from proposals.models import SectionKey
from proposals.participation import comments
from proposals.participation.models import Participant
from proposals.rows import KINDS
from strategies.models import Goal, Organisation, Project
from tests.conftest import HYPOTHESIS_PROFILE, clear_caches
from tests.hostile_save import _shown

pytestmark = pytest.mark.django_db

NO_CACHES = {
    alias: {"BACKEND": "django.core.cache.backends.dummy.DummyCache"} for alias in settings.CACHES
}
# The pages that must have read a cache on PostgreSQL (the test would be vacuous else).
CACHED_ON_POSTGRESQL = {"Blueprint page", "review dashboard", "search"}
_TOKEN = re.compile(r'((?:csrfmiddlewaretoken" value|csrf-token" content|X-CSRFToken": )=?"?)[^"]+')

# Each step requests every main page (30) and renders again without caches those that
# read one. The ci profile's 100 examples of up to four steps would take minutes per
# database; 8 examples of up to four steps (~20 edits through the nine paths) keep it
# under a minute and still draw most paths more than once. The dev profile: 3.
EXAMPLES = 4 if HYPOTHESIS_PROFILE == "ci" else 2
STEPS = 4

text = st.text(alphabet="กขคงจฉชซญฎabcxyz 0123456789", min_size=1, max_size=24).map(
    lambda value: value.strip()
)
text = text.filter(bool)


def shown(response) -> str:
    assert response.status_code == 200, response.status_code
    return _TOKEN.sub(r"\1", response.content.decode())  # each request masks its token anew


class Country:
    """Province 1 of a tiny national dataset: its people, pages and the rows edited."""

    def __init__(self):
        self.people, self.pages = main_pages()
        self.working, _submitted = blueprints()
        # The agencies the pages name: those taking part, and the one a section is
        # assigned to (its rows, its workshop invitations, the dashboard's names).
        taking_part = Participant.objects.filter(blueprint=self.working)
        assigned = self.working.sections.exclude(assignee=None)
        self.agencies = sorted(
            {*taking_part.values_list("organisation_id", flat=True)}
            | {*assigned.values_list("assignee_id", flat=True)}
        )[:4]
        self.admin = get_user_model().objects.create_superuser("cache-admin", "a@example.org")

    def clients(self) -> dict:
        clients = {}
        for role, user in (*self.people.items(), ("admin", self.admin)):
            clients[role] = Client()
            clients[role].force_login(user)
        return clients


@pytest.fixture
def country():
    national.seed(provinces=2, scale=0.05)
    return Country()


# --------------------------------------------------------------------------
# The write paths
# --------------------------------------------------------------------------


# A text each kind's rows show on the Blueprint page (goals: on the cascade check too).
SERVICE_FIELDS = {
    "diagnosis": "gap",
    "change": "title",
    "risk": "description",
    "factor": "text",
    "goal": "title",
}


def by_service(country, clients, data):
    """A row of a section saved through the content service, as the editor."""
    key = data.draw(st.sampled_from(sorted(SERVICE_FIELDS)))
    kind = KINDS[key]
    rows = list(kind.rows_of(country.working).order_by("pk"))
    row = data.draw(st.sampled_from(rows), label=f"{key} row")
    name = SERVICE_FIELDS[key]
    services.row_update(
        user=country.people["editor"], blueprint=country.working, kind=kind, obj=row,
        values={name: data.draw(text, label=name)}, version=row.version,
    )  # fmt: skip


def by_comment(country, clients, data):
    """A comment posted through the participation service, as the agency contributor
    (the Blueprint page counts a section's open threads; the inbox and threads show it)."""
    section = data.draw(st.sampled_from(["diagnosis", "changes", "risks"]), label="section")
    comments.comment_post(
        user=country.people["contributor"], blueprint=country.working, section=section,
        body=data.draw(text, label="comment"),
    )  # fmt: skip


def by_plan_page(country, clients, data):
    """A project's budget changed on the action-plan pages (shared by the issue's Blueprints)."""
    project = data.draw(
        st.sampled_from(list(Project.objects.filter(strategy__issue=country.working.issue)))
    )
    client = clients["editor"]
    url = reverse("strategies:project_edit", args=[project.pk])
    form = client.get(url)
    post = _shown(form.context["form"], {"version": str(project.version)})
    field = data.draw(st.sampled_from(sorted(n for n in post if n.startswith("budget_"))))
    post[field] = str(data.draw(st.integers(min_value=0, max_value=9_999_999)))
    response = client.post(url, post)
    assert response.status_code == 302, response.content.decode()[:2000]


def by_excel(country, clients, data):
    """The plan's workbook exported, a goal's title changed in it, imported and confirmed."""
    client = clients["editor"]
    plan = country.working.issue.plan
    exported = client.get(reverse("excel:plan_export", args=[plan.pk])).content
    workbook = openpyxl.load_workbook(io.BytesIO(exported))
    sheet = workbook["เป้าประสงค์"]
    row = data.draw(st.integers(min_value=2, max_value=sheet.max_row), label="goal row")
    sheet[f"B{row}"] = data.draw(text, label="goal title")
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("แผน.xlsx", buffer.getvalue())
    response = client.post(reverse("excel:plan", args=[plan.pk]), {"file": upload})
    assert response.status_code == 302, response.content.decode()[:2000]
    preview = client.get(response["Location"]).context["preview"]
    response = client.post(response["Location"], {"fingerprint": preview.fingerprint})
    assert response.status_code == 302, response.content.decode()[:2000]


def by_blueprint_excel(country, clients, data):
    """The Blueprint's workbook exported by the strategy office, a change's title edited in
    it, imported and confirmed (the office's import goes through the content services)."""
    client = clients["editor"]
    blueprint = country.working
    exported = client.get(reverse("excel:blueprint_export", args=[blueprint.pk])).content
    workbook = openpyxl.load_workbook(io.BytesIO(exported))
    sheet = workbook["ประเด็นการเปลี่ยนแปลง"]
    row = data.draw(st.integers(min_value=2, max_value=sheet.max_row), label="change row")
    sheet[f"C{row}"] = data.draw(text, label="change title")
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("ข้อเสนอ.xlsx", buffer.getvalue())
    response = client.post(reverse("excel:blueprint", args=[blueprint.pk]), {"file": upload})
    assert response.status_code == 302, response.content.decode()[:2000]
    preview = client.get(response["Location"]).context["preview"]
    if not preview.fingerprint or preview.counts.get("error"):
        raise AssertionError(f"the office's import was refused: {preview.counts}")
    response = client.post(response["Location"], {"fingerprint": preview.fingerprint})
    assert response.status_code == 302, response.content.decode()[:2000]


def by_restore(country, clients, data):
    """The diagnosis brought back to an earlier revision (the restore button's POST)."""
    blueprint = country.working
    head = history.latest_number(blueprint, SectionKey.DIAGNOSIS)
    numbers = list(
        blueprint.revisions.filter(section=SectionKey.DIAGNOSIS, number__lt=head)
        .order_by("number")
        .values_list("number", flat=True)
    )
    if not numbers:  # nothing to go back to yet: save once through the service first
        by_service(country, clients, data)
        return
    number = data.draw(st.sampled_from(numbers), label="revision")
    url = reverse("proposals:section_restore", args=[blueprint.pk, SectionKey.DIAGNOSIS, number])
    response = clients["editor"].post(url, {"head": head})
    assert response.status_code == 302, response.content.decode()[:2000]


def by_admin(country, clients, data):
    """A goal's title, or the name of an organisation the pages show (the province, an
    agency taking part), changed in the admin's change form."""
    client = clients["admin"]
    if data.draw(st.booleans(), label="organisation"):
        named = [country.working.province_id, *country.agencies]
        obj = Organisation.objects.get(pk=data.draw(st.sampled_from(named), label="organisation"))
        url, field = reverse("admin:strategies_organisation_change", args=[obj.pk]), "name"
    else:
        obj = data.draw(st.sampled_from(list(Goal.objects.filter(issue=country.working.issue))))
        url, field = reverse("admin:strategies_goal_change", args=[obj.pk]), "title"
    response = client.get(url)
    post = _shown(response.context["adminform"].form, {})
    for formset in response.context["inline_admin_formsets"]:
        post.update(_management(formset.formset))
    post[field] = data.draw(text, label="admin text")
    response = client.post(url, post)
    assert response.status_code == 302, response.content.decode()[:2000]


def _management(formset) -> dict:
    """An inline formset's management form and rows, as the admin page posts them."""
    values = _shown(formset.management_form, {})
    for form in formset.forms:
        values.update(_shown(form, {}))
    return values


def by_sql(country, clients, data):
    """A plain SQL ``UPDATE`` of a row the pages show (no service, no signal, no version)."""
    blueprint = country.working
    targets = [(KINDS["diagnosis"].model, "gap", [blueprint.diagnosis.pk])]
    for key in ("change", "risk", "goal"):
        kind = KINDS[key]
        ids = list(kind.rows_of(blueprint).order_by("pk").values_list("pk", flat=True))
        targets.append((kind.model, SERVICE_FIELDS[key], ids))
    targets.append((Organisation, "name", [blueprint.province_id, *country.agencies]))
    model, column, ids = data.draw(st.sampled_from(targets), label="table")
    pk = data.draw(st.sampled_from(ids), label="id")
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {connection.ops.quote_name(column)} = %s WHERE id = %s",  # noqa: S608
            [data.draw(text, label="sql text"), pk],
        )


WRITES = [
    by_service,
    by_comment,
    by_plan_page,
    by_excel,
    by_blueprint_excel,
    by_restore,
    by_admin,
    by_sql,
]


# --------------------------------------------------------------------------
# The property
# --------------------------------------------------------------------------


@contextlib.contextmanager
def cache_reads():
    """Count the reads of every Django cache inside the block (``reads[0]``)."""
    reads = [0]
    classes = {type(caches[alias]) for alias in settings.CACHES}
    originals = {cls: (cls.get, cls.get_many) for cls in classes}

    def counted(method):
        def read(self, *args, **kwargs):
            reads[0] += 1
            return method(self, *args, **kwargs)

        return read

    for cls, (get, get_many) in originals.items():
        cls.get, cls.get_many = counted(get), counted(get_many)
    try:
        yield reads
    finally:
        for cls, (get, get_many) in originals.items():
            cls.get, cls.get_many = get, get_many


def assert_pages_as_uncached(country, clients, after: str) -> None:
    read = set()
    for page in country.pages:
        client = clients[page.role]
        with cache_reads() as reads:
            cached = shown(client.get(page.url))
        if not reads[0]:  # nothing came from a cache: this is the uncached page
            continue
        read.add(page.name)
        with override_settings(CACHES=NO_CACHES):
            fresh = shown(client.get(page.url))
        assert cached == fresh, f"{page.name} as the {page.role} is stale after {after}"
    if connection.vendor == "postgresql":
        assert CACHED_ON_POSTGRESQL <= read, f"no cache read by {CACHED_ON_POSTGRESQL - read}"
    else:  # no xmin, no cache: every page rendered afresh
        assert not read, f"read a cache without a stamp: {read}"


@hypothesis_settings(max_examples=EXAMPLES)
@given(data=st.data())
def test_every_cached_page_is_the_page_rendered_without_caches(country, data):
    clear_caches()
    example = transaction.savepoint()  # each example starts from the same country
    try:
        clients = country.clients()
        # Writers and readers apart: a writer's next page shows "Saved.", a reader's not.
        readers = country.clients()
        for page in country.pages:  # every cache filled before anything changes
            readers[page.role].get(page.url)
        steps = data.draw(st.lists(st.sampled_from(WRITES), min_size=1, max_size=STEPS))
        for write in steps:
            with transaction.atomic():  # its own transaction, as a request's would be
                write(country, clients, data)
            assert_pages_as_uncached(country, readers, write.__name__)
    finally:
        transaction.savepoint_rollback(example)
