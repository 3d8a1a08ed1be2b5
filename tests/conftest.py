"""Shared fixtures: a small world of two provinces, their agencies, OPDC and one person per role.

``world`` gives every actor used by the permission matrices:
anonymous (``None``), ``editor``, ``contributor``, ``viewer`` (all Chumphon-side),
``reviewer`` (OPDC), ``stranger`` (an editor of another province), ``admin``.
"""

from dataclasses import dataclass

import pytest

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


ACTORS = ["anonymous", "editor", "contributor", "viewer", "reviewer", "stranger", "admin"]


@pytest.fixture(autouse=True)
def empty_caches():
    """Every test starts with empty caches. The local-memory caches outlive a test's
    database, and the next test's rows get the same ids: a page or fragment cached by one
    test was served to another (a review page showing another test's Blueprint)."""
    from django.core.cache import caches

    for cache in caches.all(initialized_only=True):
        cache.clear()
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
