"""An idea of a workshop becomes a row only within what a Blueprint may hold
(proposals.limits): past the bound, a Thai message instead of a server error."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from proposals.models import ChangeProposal
from proposals.participation import workshops
from proposals.participation.models import PointKind
from proposals.rows import KINDS

pytestmark = pytest.mark.django_db


def test_an_idea_past_the_bound_is_not_promoted_and_says_why(world, blueprint, client_for):
    workshop = workshops.workshop_create(
        user=world.editor, blueprint=blueprint,
        values={
            "title": "ประชุมระดมสมอง", "venue": "ศาลากลาง", "agenda": "",
            "starts_at": timezone.make_aware(datetime.datetime(2005, 1, 12, 9, 30)),
        },
    )  # fmt: skip
    idea = workshops.point_add(
        user=world.editor, workshop=workshop, kind=PointKind.IDEA, section="changes",
        text="ตลาดกลางผลไม้\n" + "รายละเอียด " * 400, raised_by="หอการค้า",
    )  # fmt: skip
    client = client_for(world.editor)
    client.cookies["django_language"] = "th"
    response = client.post(
        reverse("proposals:participation:point_promote", args=[blueprint.pk, workshop.pk, idea.pk]),
        {"to": "change", "category": "quality"},
        follow=True,
    )
    assert response.status_code == 200
    assert "ยาวเกินไป" in response.content.decode()  # the gap: 4,400 characters
    idea.refresh_from_db()
    assert idea.promoted_to == "" and not ChangeProposal.objects.exists()

    ChangeProposal.objects.bulk_create(
        ChangeProposal(blueprint=blueprint, category="quality", title=f"ข้อเสนอ {n}", position=n)
        for n in range(1, KINDS["change"].max_rows + 1)
    )
    short = workshops.point_add(
        user=world.editor, workshop=workshop, kind=PointKind.IDEA, section="changes",
        text="ศูนย์บริการเบ็ดเสร็จ", raised_by="หอการค้า",
    )  # fmt: skip
    response = client.post(
        reverse(
            "proposals:participation:point_promote", args=[blueprint.pk, workshop.pk, short.pk]
        ),
        {"to": "change", "category": "quality"},
        follow=True,
    )
    assert "ได้ไม่เกิน 100 รายการ" in response.content.decode()
    short.refresh_from_db()
    assert short.promoted_to == ""
