"""Two editors, one issue: the second save is refused, and neither text is lost."""

import pytest
from django.test import Client
from django.urls import reverse

from strategies.models import Membership, Role
from tests import factories

pytestmark = pytest.mark.django_db


def test_stale_save_is_refused_and_both_texts_are_shown(world, chain):
    colleague = factories.UserFactory(username="colleague")
    Membership.objects.create(user=colleague, organisation=world.province, role=Role.EDITOR)
    first, second = Client(), Client()
    first.force_login(world.editor)
    second.force_login(colleague)
    issue = chain["issue"]
    url = reverse("strategies:issue_edit", args=[issue.pk])

    # Both open the form at the same version.
    version = first.get(url).context["form"]["version"].value()
    assert second.get(url).context["form"]["version"].value() == version

    base = {"number": issue.number, "national_strategies": [world.national_strategy.pk]}
    ok = first.post(url, {**base, "title": "ข้อความของคนแรก", "version": version})
    assert ok.status_code == 302

    late = second.post(url, {**base, "title": "ข้อความของคนที่สอง", "version": version})
    assert late.status_code == 200
    body = late.content.decode()
    assert "มีผู้อื่นบันทึกรายการนี้ระหว่างที่คุณกำลังแก้ไข" in body
    assert "ข้อความของคนแรก" in body  # theirs, side by side
    assert "ข้อความของคนที่สอง" in body  # mine, still in the form
    issue.refresh_from_db()
    assert issue.title == "ข้อความของคนแรก"

    # Having seen both, the second editor merges and saves deliberately.
    merged_version = late.context["form"]["version"].value()
    merged = second.post(url, {**base, "title": "ข้อความที่รวมแล้ว", "version": merged_version})
    assert merged.status_code == 302
    issue.refresh_from_db()
    assert issue.title == "ข้อความที่รวมแล้ว"
    assert issue.version == version + 2
