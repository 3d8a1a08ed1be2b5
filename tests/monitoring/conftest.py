"""Fixtures for monitoring: the Blueprint fixtures of ``tests/proposals``."""

import pytest
from django.utils import translation

from tests.proposals import conftest as proposals_fixtures

client = proposals_fixtures.client
chain = proposals_fixtures.chain
blueprint = proposals_fixtures.blueprint
complete_blueprint = proposals_fixtures.complete_blueprint
submitted_blueprint = proposals_fixtures.submitted_blueprint


@pytest.fixture(autouse=True)
def in_english():
    """Messages are matched in English, whether or not the Thai catalogue is compiled."""
    with translation.override("en"):
        yield
