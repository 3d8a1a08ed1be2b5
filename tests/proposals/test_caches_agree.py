"""Property: whatever is written, and by whichever path, every cached main page is the page
rendered with caching off.

Hypothesis draws a sequence of edits among every way data reaches the pages — the content
services, an action-plan page's form, the plan's Excel import, the restore of a section,
an admin change form and a plain SQL ``UPDATE`` — and after each one compares every main
page that has a cache (:func:`bench.pages.main_pages`: the Blueprint page, the review page,
the review dashboard and its search, the workshop page, the cascade check), as each role
that uses it, with the same page rendered with every Django cache replaced by a dummy one.
The caches were filled before the first edit, so a key that misses what an edit changed
serves the old page and the comparison fails.

What the caches can know of a plain SQL ``UPDATE``: on PostgreSQL every key of a page
comes from the ``xmin`` of the rows it reads (:mod:`strategies.stamps`) or a fingerprint
of the loaded rows, and ``xmin`` moves with any committed write, whatever wrote it. On
SQLite nothing is stamped: the Blueprint page loads its document every time and keys its
sections by a fingerprint of every field it loaded, so an SQL write shows at once too. The
one key that cannot see an SQL write on SQLite is the review search's (its matches are kept
under the digests' ``refreshed_at``, which an SQL ``UPDATE`` of a digest's text need not
move): no SQL edit here writes digests, and the README says so.
"""

import io
import re

import openpyxl
import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.db.models import Model
from django.test import Client, override_settings
from django.urls import reverse
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from bench.pages import blueprints, main_pages
from proposals import history, page_cache, selectors, services
from proposals.demo import national
from proposals.models import SectionKey
from proposals.rows import KINDS
from strategies.models import Goal, Project
from tests.conftest import HYPOTHESIS_PROFILE, clear_caches
from tests.hostile_save import _shown

pytestmark = pytest.mark.django_db

NO_CACHES = {
    alias: {"BACKEND": "django.core.cache.backends.dummy.DummyCache"} for alias in settings.CACHES
}
# The main pages that have a cache (the others are rendered afresh every time).
CACHED = {
    "Blueprint page",
    "review page",
    "review dashboard",
    "search",
    "workshop",
    "cascade check",
}
_TOKEN = re.compile(r'((?:csrfmiddlewaretoken" value|csrf-token" content|X-CSRFToken": )=?"?)[^"]+')

# Each step compares nine pages twice (cached, uncached): about a second on SQLite. The
# ci profile's 100 examples of up to four steps would take minutes per database; 10
# examples of up to four steps (~25 edits through the six paths) keep it near a minute
# and still draw every path several times. The dev profile keeps its own few examples.
EXAMPLES = 10 if HYPOTHESIS_PROFILE == "ci" else 4
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
        self.people, pages = main_pages()
        self.pages = [page for page in pages if page.name in CACHED]
        self.working, _submitted = blueprints()
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
    """A goal's title changed in the admin's change form."""
    goal = data.draw(st.sampled_from(list(Goal.objects.filter(issue=country.working.issue))))
    client = clients["admin"]
    url = reverse("admin:strategies_goal_change", args=[goal.pk])
    form = client.get(url).context["adminform"].form
    post = _shown(form, {})
    post["title"] = data.draw(text, label="admin title")
    response = client.post(url, post)
    assert response.status_code == 302, response.content.decode()[:2000]


def by_sql(country, clients, data):
    """A plain SQL ``UPDATE`` of a row the pages show (no service, no signal, no version)."""
    blueprint = country.working
    targets = [(KINDS["diagnosis"].model, "gap", [blueprint.diagnosis.pk])]
    for key in ("change", "risk", "goal"):
        kind = KINDS[key]
        ids = list(kind.rows_of(blueprint).order_by("pk").values_list("pk", flat=True))
        targets.append((kind.model, SERVICE_FIELDS[key], ids))
    model, column, ids = data.draw(st.sampled_from(targets), label="table")
    pk = data.draw(st.sampled_from(ids), label="id")
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {connection.ops.quote_name(column)} = %s WHERE id = %s",  # noqa: S608
            [data.draw(text, label="sql text"), pk],
        )


WRITES = [by_service, by_plan_page, by_excel, by_restore, by_admin, by_sql]


# --------------------------------------------------------------------------
# The property
# --------------------------------------------------------------------------


def assert_pages_as_uncached(country, clients, after: str) -> None:
    for page in country.pages:
        client = clients[page.role]
        cached = shown(client.get(page.url))
        with override_settings(CACHES=NO_CACHES):
            fresh = shown(client.get(page.url))
        assert cached == fresh, f"{page.name} as the {page.role} is stale after {after}"


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


@pytest.mark.parametrize("name", ["review dashboard", "search", "workshop"])
def test_a_second_view_renders_no_row_anew(country, name):
    """The rows' keys come from what was read, and what was read is the same on the next
    request (a new session even): every row is served from the ``fragments`` cache."""
    fragments = caches["fragments"]
    for page in (page for page in country.pages if page.name == name):
        clients = [country.clients()[page.role] for _ in range(2)]
        first = shown(clients[0].get(page.url))
        kept = set(fragments._cache)
        assert kept, "no row was cached"
        assert shown(clients[1].get(page.url)) == first
        assert set(fragments._cache) == kept


def _instances(value, seen=None):
    """Every model instance reachable from ``value`` (as the fingerprint walks it)."""
    seen = {} if seen is None else seen
    if id(value) in seen or isinstance(value, str | int | float | bool | type(None)):
        return
    if callable(value) and not isinstance(value, Model):  # the digest names it only
        return
    seen[id(value)] = value
    if isinstance(value, Model):
        yield value
        children = [*vars(value).values(), *value._state.fields_cache.values()]
        for rows in getattr(value, "_prefetched_objects_cache", {}).values():
            children.extend(rows)
    elif isinstance(value, dict):
        children = list(value.values())
    elif isinstance(value, list | tuple | set | frozenset):
        children = list(value)
    else:
        children = list(vars(value).values()) if hasattr(value, "__dict__") else []
    for child in children:
        yield from _instances(child, seen)


def test_the_fingerprint_moves_with_every_field_of_every_row_the_document_holds(country):
    """Not only the rows someone listed: each instance the document reaches — rows, the
    cascade above them, what the features loaded — changes the fingerprint when any of
    its stored values changes (here, in memory: the fingerprint reads no database)."""
    document = selectors.load_document(country.working)
    before = page_cache.fingerprint(document)
    kinds = set()
    for obj in _instances(document):
        for field in obj._meta.concrete_fields:
            if field.primary_key:
                continue
            kept, related = getattr(obj, field.attname), dict(obj._state.fields_cache)
            setattr(obj, field.attname, "changed" if kept != "changed" else "other")
            obj._state.fields_cache = dict(related)  # a new foreign key drops the row
            moved = page_cache.fingerprint(document)
            setattr(obj, field.attname, kept)
            obj._state.fields_cache = related
            assert moved != before, f"{type(obj).__name__}.{field.attname} is not in the key"
            kinds.add(type(obj).__name__)
    assert page_cache.fingerprint(document) == before
    # The walk reached the whole document, the cascade and the features' rows included.
    assert {"Blueprint", "Diagnosis", "Goal", "Indicator", "Project", "Section"} <= kinds
