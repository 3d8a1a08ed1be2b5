"""Tests share a process, not state: every cache is empty when a test starts.

The local-memory caches, Django's content-type cache and the module-level memos outlive a
test's database, whose ids the next test reuses (SQLite); ``tests/conftest.py`` empties
them all before each test (:func:`tests.conftest.clear_caches`).
"""

import datetime

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches

from proposals.models import Blueprint
from proposals.review import dashboard
from tests.conftest import clear_caches

pytestmark = pytest.mark.django_db


def test_every_cache_and_memo_is_emptied():
    for alias in settings.CACHES:
        caches[alias].set("left-by-another-test", alias)
    ContentType.objects.get_for_model(Blueprint)
    dashboard.rows(fiscal_year=2548, today=datetime.date(2005, 1, 1))
    assert len(ContentType.objects._cache) and dashboard._rows.cache_info().currsize

    clear_caches()

    for alias in settings.CACHES:
        assert caches[alias].get("left-by-another-test") is None, alias
    assert not ContentType.objects._cache
    assert dashboard._rows.cache_info().currsize == 0


def test_a_test_starts_with_every_cache_empty():
    """Whatever ran before on this worker (in random order, anything may have)."""
    for alias in settings.CACHES:
        assert not caches[alias]._cache, alias  # local memory in tests: its store
    assert not ContentType.objects._cache
    assert dashboard._rows.cache_info().currsize == 0
