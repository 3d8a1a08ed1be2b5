"""Fixtures for participation: the Blueprint fixtures of ``tests/proposals``, the "changes"
section assigned to the contributor's agency, a second agency of the province with its own
contributor, and a mail backend that always fails."""

import pytest

from proposals import workflow
from proposals.models import Section
from strategies.models import Role
from tests import factories
from tests.proposals import conftest as proposals_fixtures

# The Blueprint fixtures of tests/proposals, shared here.
client = proposals_fixtures.client
chain = proposals_fixtures.chain
blueprint = proposals_fixtures.blueprint
complete_blueprint = proposals_fixtures.complete_blueprint
submitted_blueprint = proposals_fixtures.submitted_blueprint


def assign(blueprint, world, key="changes", agency=None, due_date=None):
    section = Section.objects.select_related("blueprint").get(blueprint=blueprint, key=key)
    return workflow.section_assign(
        user=world.editor, section=section, assignee=agency or world.agency,
        due_date=due_date, status=section.status, instructions="", version=section.version,
    )  # fmt: skip


@pytest.fixture
def assigned(blueprint, world):
    """The Blueprint with "changes" assigned to the contributor's agency."""
    assign(blueprint, world)
    blueprint.refresh_from_db()
    return blueprint


@pytest.fixture
def commerce(world):
    """A second line agency of Chumphon with its own contributor."""
    agency = factories.LineAgencyFactory(
        code="chumphon-commerce", name="สำนักงานพาณิชย์จังหวัดชุมพร", province=world.province
    )
    user = factories.UserFactory(username="commerce")
    factories.MembershipFactory(user=user, organisation=agency, role=Role.CONTRIBUTOR)
    return agency, user


class FailingBackend:
    """An e-mail backend whose server is always down."""

    def __init__(self, *args, **kwargs):
        pass

    def open(self):
        return True

    def close(self):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")
