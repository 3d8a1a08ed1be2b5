"""Shared fixtures: a small world of two provinces, their agencies, OPDC and one person per role.

``world`` gives every actor used by the permission matrices:
anonymous (``None``), ``editor``, ``contributor``, ``viewer`` (all Chumphon-side),
``reviewer`` (OPDC), ``stranger`` (an editor of another province), ``admin``.
"""

import os
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from strategies.models import OrganisationKind, Role
from tests import factories


@dataclass
class World:
    province: object
    other_province: object
    agency: object
    other_agency: object
    opdc: object
    admin_plan: object
    national_strategy: object
    plan: object
    other_plan: object
    editor: object
    contributor: object
    viewer: object
    reviewer: object
    stranger: object
    admin: object

    def actor(self, name):
        return None if name == "anonymous" else getattr(self, name)


# Hypothesis budgets (tests/hostile.py, tests/hostile_save.py). "dev": the same few examples
# every run, for a quick local loop. "ci" (CI=true, as .ci/run runs): new examples every run,
# a hundred per form; a failure prints the seed and a blob that reproduce it. Choose one
# with HYPOTHESIS_PROFILE=dev|ci.
_QUIET = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
hypothesis_settings.register_profile(
    "dev", max_examples=10, derandomize=True, database=None, deadline=None,
    suppress_health_check=_QUIET,
)  # fmt: skip
hypothesis_settings.register_profile(
    "ci", max_examples=100, derandomize=False, print_blob=True, database=None, deadline=None,
    suppress_health_check=_QUIET,
)  # fmt: skip
HYPOTHESIS_PROFILE = os.environ.get("HYPOTHESIS_PROFILE") or (
    "ci" if os.environ.get("CI") else "dev"
)
hypothesis_settings.load_profile(HYPOTHESIS_PROFILE)


def pytest_terminal_summary(terminalreporter, config):
    """The order's seed, even with ``-q`` (which hides the header that names it): a failure
    that depends on the order reproduces with ``-p randomly --randomly-seed=N``."""
    seed = getattr(config.option, "randomly_seed", None)
    if seed is not None and config.pluginmanager.hasplugin("randomly"):
        terminalreporter.write_line(f"random order: -p randomly --randomly-seed={seed}")
    terminalreporter.write_line(f"hypothesis profile: {HYPOTHESIS_PROFILE}")


ACTORS = ["anonymous", "editor", "contributor", "viewer", "reviewer", "stranger", "admin"]


def clear_caches():
    """Empty every cache that can outlive a test's database: each of ``settings.CACHES``
    (local memory in tests, kept by the process), Django's content-type cache, and the
    module-level memos built from the database. A test's rows are rolled back and the next
    test's get the same ids (SQLite), so anything kept under an id was served to the next
    test (a review page showing another test's Blueprint)."""
    from django.conf import settings
    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import caches

    from proposals.review import dashboard

    for alias in settings.CACHES:
        caches[alias].clear()
    ContentType.objects.clear_cache()
    dashboard._rows.cache_clear()  # per year and day: a query, kept with the database's names


@pytest.fixture(autouse=True)
def empty_caches():
    """Every test starts with empty caches (:func:`clear_caches`) and in one language,
    English — the language the tests' assertions are written in (pages are requested in
    English too; a test about Thai says so with ``translation.override("th")``). A request
    leaves its language active on the thread (LocaleMiddleware does not put it back), so
    without this a service's message came out in whatever language the test before had
    asked for (found in random order)."""
    from django.utils import translation

    clear_caches()
    translation.activate("en")
    yield


@pytest.fixture
def world(db):
    province = factories.ProvinceFactory(
        code="chumphon", name="ชุมพร", name_en="Chumphon", governor_name="นายวีระ ศรีวัฒนตระกูล"
    )
    other = factories.ProvinceFactory(code="surat", name="สุราษฎร์ธานี", name_en="Surat Thani")
    agency = factories.LineAgencyFactory(
        code="chumphon-agri", name="สำนักงานเกษตรจังหวัดชุมพร", province=province
    )
    other_agency = factories.LineAgencyFactory(
        code="surat-agri", name="สำนักงานเกษตรจังหวัดสุราษฎร์ธานี", province=other
    )
    opdc = factories.OPDCFactory(code="opdc")
    admin_plan = factories.AdministrationPlanFactory()
    national_strategy = factories.NationalStrategyFactory(plan=admin_plan)
    plan = factories.ActionPlanFactory(organisation=province, administration_plan=admin_plan)
    other_plan = factories.ActionPlanFactory(organisation=other, administration_plan=admin_plan)

    def person(username, org, role):
        user = factories.UserFactory(username=username)
        factories.MembershipFactory(user=user, organisation=org, role=role)
        return user

    admin = factories.UserFactory(username="admin", is_superuser=True, is_staff=True)
    return World(
        province=province,
        other_province=other,
        agency=agency,
        other_agency=other_agency,
        opdc=opdc,
        admin_plan=admin_plan,
        national_strategy=national_strategy,
        plan=plan,
        other_plan=other_plan,
        editor=person("editor", province, Role.EDITOR),
        contributor=person("contributor", agency, Role.CONTRIBUTOR),
        viewer=person("viewer", province, Role.VIEWER),
        reviewer=person("reviewer", opdc, Role.REVIEWER),
        stranger=person("stranger", other, Role.EDITOR),
        admin=admin,
    )


@dataclass
class SecondAgency:
    agency: object
    contributor: object


@pytest.fixture
def second(world):
    """A second line agency of Chumphon and its contributor: "their agency" is not "any
    agency of the province" (kept out of ``world`` so that other tests' lists stay as they
    are)."""
    agency = factories.LineAgencyFactory(
        code="chumphon-tourism", name="สำนักงานการท่องเที่ยวและกีฬาจังหวัดชุมพร", province=world.province
    )
    user = factories.UserFactory(username="contributor2")
    factories.MembershipFactory(user=user, organisation=agency, role=Role.CONTRIBUTOR)
    return SecondAgency(agency=agency, contributor=user)


@pytest.fixture
def client_for(client):
    """``client_for(user)`` — the test client signed in as ``user`` (or anonymous for None)."""

    def login(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return login


__all__ = ["ACTORS", "OrganisationKind"]
