"""Every save is kept; any two versions compare word by word; an old version can be restored."""

import difflib
from decimal import Decimal

import pytest
from django.urls import reverse

from proposals import diffing, history, services
from proposals.models import ChangeProposal, Revision
from proposals.rows import KINDS
from strategies.models import Goal, Indicator
from tests.proposals import factories as bp_factories

pytestmark = pytest.mark.django_db


def save(user, blueprint, kind_key, obj, **values):
    obj.refresh_from_db()
    return services.row_update(
        user=user, blueprint=blueprint, kind=KINDS[kind_key], obj=obj, values=values,
        version=obj.version,
    )  # fmt: skip


def create(user, blueprint, kind_key, **values):
    return services.row_create(user=user, blueprint=blueprint, kind=KINDS[kind_key], values=values)


def remove(user, blueprint, kind_key, obj):
    """Remove ``obj`` as last saved (its stored version)."""
    obj.refresh_from_db()
    services.row_delete(
        user=user, blueprint=blueprint, kind=KINDS[kind_key], obj=obj, version=obj.version
    )


def restore(user, blueprint, section, number, head=None):
    return services.section_restore(
        user=user, blueprint=blueprint, section=section, number=number,
        head=history.latest_number(blueprint, section) if head is None else head,
    )  # fmt: skip


# ---- The Thai-aware diff -------------------------------------------------------------


def test_thai_words_not_characters():
    old = "ส่งเสริมการผลิตสินค้าเกษตรปลอดภัย"
    new = "ส่งเสริมการแปรรูปสินค้าเกษตรปลอดภัย"
    pieces = diffing.diff(old, new)
    assert [(p.op, p.text) for p in pieces if p.op != "equal"] == [
        ("delete", "การผลิต"),
        ("insert", "การแปรรูป"),
    ]
    assert str(diffing.diff_html(old, new)) == (
        "ส่งเสริม<del>การผลิต</del><ins>การแปรรูป</ins>สินค้าเกษตรปลอดภัย"
    )


def test_paragraphs_are_kept_and_only_changed_ones_compared():
    old = "ย่อหน้าแรกไม่เปลี่ยน\n\nรายได้เฉลี่ยของเกษตรกรต่ำ\n\nย่อหน้าสุดท้าย"
    new = "ย่อหน้าแรกไม่เปลี่ยน\n\nรายได้เฉลี่ยของเกษตรกรสูงขึ้น\n\nย่อหน้าสุดท้าย"
    html = str(diffing.diff_html(old, new))
    assert html.startswith("ย่อหน้าแรกไม่เปลี่ยน\n\n")
    assert "<del>ต่ำ</del><ins>สูงขึ้น</ins>" in html
    assert html.endswith("\n\nย่อหน้าสุดท้าย")


def test_diff_escapes_html():
    html = str(diffing.diff_html("ข้อความ", "ข้อความ<script>alert(1)</script>"))
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_huge_texts_diff_in_bounded_work(monkeypatch):
    """A pasted 100,000-character text: no word-by-word comparison of more than
    ``MAX_WORDS_PER_BLOCK`` words (the time it takes is measured in ``bench/inputs.py``)."""
    compared = []

    class Counting(difflib.SequenceMatcher):
        def __init__(self, isjunk=None, a="", b="", autojunk=True):
            compared.append(len(a) + len(b))
            super().__init__(isjunk, a, b, autojunk)

    monkeypatch.setattr(diffing.difflib, "SequenceMatcher", Counting)
    old = ("การพัฒนาเศรษฐกิจและการแก้ไขปัญหาความยากจน " * 2500)[:100_000]
    new = old[:50_000] + "แทรกข้อความใหม่" + old[50_000:]
    html = str(diffing.diff_html(old, new))
    assert "แทรกข้อความใหม่" in html
    assert compared and max(compared) <= diffing.MAX_WORDS_PER_BLOCK


# ---- Revisions -----------------------------------------------------------------------


def test_every_save_is_kept_with_who_and_when(world, blueprint):
    change = create(world.editor, blueprint, "change", category="quality", title="ฉบับแรก")
    save(world.editor, blueprint, "change", change, title="ฉบับที่สอง")
    services.row_delete(
        user=world.editor, blueprint=blueprint, kind=KINDS["change"], obj=change,
        version=change.version + 1,
    )  # fmt: skip
    revisions = Revision.objects.filter(kind="change", object_id=change.pk).order_by("number")
    assert [(r.action, r.data["title"], r.author) for r in revisions] == [
        ("created", "ฉบับแรก", world.editor),
        ("updated", "ฉบับที่สอง", world.editor),
        ("deleted", "ฉบับที่สอง", world.editor),
    ]
    assert all(r.created_at for r in revisions)
    numbers = [r.number for r in revisions]
    assert numbers == sorted(numbers) and len(set(numbers)) == 3


def test_blueprint_starts_with_a_baseline_of_the_cascade(blueprint, chain):
    baseline = Revision.objects.filter(blueprint=blueprint, action="baseline")
    assert {(r.kind, r.object_id) for r in baseline} == {
        ("goal", chain["goal"].pk),
        ("indicator", chain["indicator"].pk),
        ("project", chain["project"].pk),
    }


def test_edits_made_on_the_action_plan_pages_show_in_the_history(world, blueprint, chain):
    indicator = chain["indicator"]
    # Someone edits the indicator in the cascade screens (version bumps, no revision here).
    Indicator.objects.filter(pk=indicator.pk).update(name="ชื่อที่แก้ในแผน", version=2)
    save(world.editor, blueprint, "indicator", indicator, name="ชื่อที่แก้ในข้อเสนอ")
    actions = list(
        Revision.objects.filter(kind="indicator", object_id=indicator.pk)
        .order_by("number")
        .values_list("action", "data__name")
    )
    assert actions[-2:] == [("external", "ชื่อที่แก้ในแผน"), ("updated", "ชื่อที่แก้ในข้อเสนอ")]


def test_compare_two_versions_field_by_field(world, blueprint):
    change = create(
        world.editor, blueprint, "change", category="efficiency",
        title="ลดขั้นตอน", gap="เกษตรกรรอการตรวจรับรองนาน",
    )  # fmt: skip
    first = Revision.objects.filter(kind="change").latest("number").number
    save(world.editor, blueprint, "change", change, gap="เกษตรกรรอการตรวจรับรองนานมาก")
    other = create(world.editor, blueprint, "change", category="capacity", title="อบรมผู้ตรวจ")
    last = Revision.objects.filter(kind="change").latest("number").number
    rows = history.compare(blueprint, "changes", first, last)
    by_id = {row.object_id: row for row in rows}
    assert by_id[change.pk].status == "changed"
    (gap,) = by_id[change.pk].changed_fields
    assert str(gap.html) == "เกษตรกรรอการตรวจรับรองนาน<ins>มาก</ins>"
    assert by_id[other.pk].status == "added"


def test_diff_page(world, blueprint, client_for):
    change = create(
        world.editor, blueprint, "change", category="efficiency", title="ส่งเสริมการตลาดผลไม้"
    )
    save(world.editor, blueprint, "change", change, title="ส่งเสริมการตลาดทุเรียน<b>คุณภาพ</b>")
    numbers = list(
        Revision.objects.filter(blueprint=blueprint, section="changes").values_list(
            "number", flat=True
        )
    )
    url = reverse("proposals:section_diff", args=[blueprint.pk, "changes"])
    client = client_for(world.viewer)
    page = client.get(url, {"a": numbers[0], "b": numbers[-1]})
    assert page.status_code == 200
    body = page.content.decode()
    assert "ส่งเสริมการตลาด<del>ผลไม้</del>" in body
    assert "ส่งเสริมการตลาด<ins>ทุเรียน&lt;b&gt;คุณภาพ&lt;/b&gt;</ins>" in body
    # Nonsense in the query string gets a message, never an error page.
    for query in ({"a": "x", "b": "1"}, {"a": "999", "b": "1"}, {"a": "-1", "b": "0"}):
        response = client.get(url, query)
        assert response.status_code == 200
        assert response.context["error"]
    assert client.get(url).status_code == 200  # latest two by default
    assert (
        client.get(reverse("proposals:section_history", args=[blueprint.pk, "changes"])).status_code
        == 200
    )


def test_restore_an_old_version_of_a_section(world, blueprint, client_for):
    kept = create(world.editor, blueprint, "change", category="quality", title="ข้อเสนอที่หนึ่ง")
    point = Revision.objects.filter(blueprint=blueprint, section="changes").latest("number").number
    save(world.editor, blueprint, "change", kept, title="ข้อเสนอที่หนึ่ง (แก้ไข)")
    added = create(world.editor, blueprint, "change", category="capacity", title="ข้อเสนอที่เพิ่มทีหลัง")
    head = history.latest_number(blueprint, "changes")

    client = client_for(world.editor)
    url = reverse("proposals:section_restore", args=[blueprint.pk, "changes", point])
    preview = client.get(url)
    assert preview.status_code == 200
    assert "ข้อเสนอที่เพิ่มทีหลัง" in preview.content.decode()
    response = client.post(url, {"head": head})
    assert response.status_code == 302
    assert list(
        ChangeProposal.objects.filter(blueprint=blueprint).values_list("title", flat=True)
    ) == ["ข้อเสนอที่หนึ่ง"]
    assert not ChangeProposal.objects.filter(pk=added.pk).exists()
    # Restoring is a save of its own: the newer versions are still in the history.
    assert Revision.objects.filter(object_id=kept.pk, action="restored").exists()
    assert Revision.objects.filter(object_id=added.pk, action="deleted").exists()
    # …and the removed row can be brought back by restoring the version that had it.
    services.section_restore(
        user=world.editor, blueprint=blueprint, section="changes", number=head,
        head=history.latest_number(blueprint, "changes"),
    )  # fmt: skip
    assert ChangeProposal.objects.get(pk=added.pk).title == "ข้อเสนอที่เพิ่มทีหลัง"


def test_restore_refused_when_the_section_changed_since(world, blueprint, client_for):
    change = create(world.editor, blueprint, "change", category="quality", title="หนึ่ง")
    point = history.latest_number(blueprint, "changes")
    save(world.editor, blueprint, "change", change, title="สอง")
    seen = history.latest_number(blueprint, "changes")
    save(world.editor, blueprint, "change", change, title="สาม (ของเพื่อนร่วมงาน)")
    url = reverse("proposals:section_restore", args=[blueprint.pk, "changes", point])
    response = client_for(world.editor).post(url, {"head": seen})
    assert response.status_code == 302
    change.refresh_from_db()
    assert change.title == "สาม (ของเพื่อนร่วมงาน)"


def test_restore_the_goals_section_writes_back_to_the_plan(world, blueprint, chain):
    indicator = chain["indicator"]
    point = history.latest_number(blueprint, "goals")
    save(world.editor, blueprint, "indicator", indicator, name="ชื่อใหม่")
    services.row_update(
        user=world.editor, blueprint=blueprint, kind=KINDS["indicator"], obj=indicator,
        values={}, version=Indicator.objects.get(pk=indicator.pk).version,
        extras={"targets": {2548: Decimal("7"), 2549: None, 2550: Decimal("5")}},
    )  # fmt: skip
    goal = services.row_create(
        user=world.editor, blueprint=blueprint, kind=KINDS["goal"],
        values={"number": 2, "title": "เป้าประสงค์ใหม่", "perspective": "efficiency"},
    )  # fmt: skip
    services.section_restore(
        user=world.editor, blueprint=blueprint, section="goals", number=point,
        head=history.latest_number(blueprint, "goals"),
    )  # fmt: skip
    indicator.refresh_from_db()
    assert indicator.name == "ร้อยละที่เพิ่มขึ้นของรายได้เฉลี่ยครัวเรือนเกษตรกร"
    assert {t.fiscal_year: t.value for t in indicator.targets.all()} == dict.fromkeys(
        [2548, 2549, 2550, 2551], Decimal("3.00")
    )
    assert not Goal.objects.filter(pk=goal.pk).exists()


def test_moving_rows_is_kept_and_does_not_block_editors(world, blueprint, client_for):
    first = create(world.editor, blueprint, "factor", text="ปัจจัยที่หนึ่ง")
    second = create(world.editor, blueprint, "factor", text="ปัจจัยที่สอง")
    url = reverse("proposals:row_move", args=[blueprint.pk, "factor", second.pk])
    assert client_for(world.editor).post(url, {"direction": "up"}).status_code == 302
    order = list(blueprint.success_factors.values_list("pk", flat=True))
    assert order == [second.pk, first.pk]
    # Someone who opened the first factor before the move can still save it.
    save(world.editor, blueprint, "factor", first, text="ปัจจัยที่หนึ่ง (แก้ไข)")
    assert Revision.objects.filter(action="moved").count() == 2
    # Moving beyond the ends does nothing, and a bad direction is a message.
    assert client_for(world.editor).post(url, {"direction": "up"}).status_code == 302
    assert client_for(world.editor).post(url, {"direction": "sideways"}).status_code == 302


def test_readiness_rows_move_within_their_capital(world, blueprint):
    a = bp_factories.ReadinessItemFactory(blueprint=blueprint, capital="human", position=1)
    b = bp_factories.ReadinessItemFactory(blueprint=blueprint, capital="information", position=2)
    services.row_move(
        user=world.editor, blueprint=blueprint, kind=KINDS["readiness"], obj=b, direction="up"
    )
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.position, b.position) == (1, 2)  # alone in its capital: nothing to swap with


def test_a_row_whose_parent_is_gone_is_not_brought_back_and_says_so(world, blueprint, chain):
    """A project removed here, and then its strategy removed on the plan pages: restoring
    the section as it was before cannot put the project back under nothing."""
    project, strategy = chain["project"], chain["strategy"]
    before = history.latest_number(blueprint, "action_plan")
    remove(world.editor, blueprint, "project", project)
    strategy.delete()
    latest = history.latest_number(blueprint, "action_plan")
    with pytest.raises(services.Refused) as refused:
        restore(world.editor, blueprint, "action_plan", before, head=latest)
    assert str(refused.value) == (
        "This version cannot be restored as it is: "
        f"“{project.title}” belonged to something that no longer exists."
    )
    assert history.latest_number(blueprint, "action_plan") == latest  # nothing restored


def test_restore_says_why_it_did_nothing(world, blueprint):
    change = create(world.editor, blueprint, "change", category="quality", title="หนึ่ง")
    point = history.latest_number(blueprint, "changes")
    save(world.editor, blueprint, "change", change, title="สอง")
    with pytest.raises(services.Refused) as refused:
        restore(world.editor, blueprint, "changes", point, head=point)
    latest = history.latest_number(blueprint, "changes")
    assert str(refused.value) == (
        "This section was changed after you opened the comparison (latest revision is now "
        f"#{latest}). Look at the latest changes, then restore."
    )
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as missing:
        restore(world.editor, blueprint, "changes", 9999)
    assert missing.value.messages == ["There is no revision #9999 in this section."]
    change.refresh_from_db()
    assert change.title == "สอง"


def test_a_removed_project_comes_back_with_its_budgets_and_the_removals_are_kept(
    world, blueprint, chain
):
    from strategies.models import Membership, Role
    from tests import factories

    restorer = factories.UserFactory(username="editor2")
    Membership.objects.create(user=restorer, organisation=world.province, role=Role.EDITOR)
    project = chain["project"]
    helper = factories.LineAgencyFactory(province=world.province, name="สำนักงานพาณิชย์")
    project.refresh_from_db()
    services.row_update(
        user=world.editor, blueprint=blueprint, kind=KINDS["project"], obj=project, values={},
        version=project.version, extras={"supporting_agencies": [helper.pk]},
    )  # fmt: skip
    budgets = sorted(project.budgets.values_list("fiscal_year", "source", "amount"))
    point = history.latest_number(blueprint, "action_plan")
    remove(world.editor, blueprint, "project", project)
    assert restore(restorer, blueprint, "action_plan", point) == 1
    back = project.__class__.objects.get(pk=project.pk)
    assert sorted(back.budgets.values_list("fiscal_year", "source", "amount")) == budgets
    assert list(back.supporting_agencies.all()) == [helper]
    restored = Revision.objects.filter(object_id=project.pk, kind="project").latest("number")
    assert (restored.action, restored.author) == ("restored", restorer)

    # Rows added since the version restored go, each kept in the history as it was.
    point = history.latest_number(blueprint, "action_plan")
    added = [
        services.row_create(
            user=world.editor,
            blueprint=blueprint,
            kind=KINDS["activity"],
            values={"title": f"กิจกรรมใหม่ {n}"},
            parent=back,
        )  # fmt: skip
        for n in (1, 2)
    ]
    assert restore(restorer, blueprint, "action_plan", point) == 2
    for row in added:
        gone = Revision.objects.get(object_id=row.pk, kind="activity", action="deleted")
        assert gone.author == restorer
        assert gone.data["title"] == row.title and gone.display
        assert not type(row).objects.filter(pk=row.pk).exists()


def test_restore_does_not_remove_a_project_other_blueprints_still_use(world, blueprint, chain):
    point = history.latest_number(blueprint, "action_plan")
    project = services.row_create(
        user=world.editor, blueprint=blueprint, kind=KINDS["project"],
        values={"number": 2, "title": "โครงการที่เพิ่มทีหลัง", "strategy": chain["strategy"]},
    )  # fmt: skip
    later = services.blueprint_create(user=world.editor, issue=chain["issue"], fiscal_year=2549)
    bp_factories.MilestoneFactory(blueprint=later, project=project)
    with pytest.raises(services.Refused) as refused:
        restore(world.editor, blueprint, "action_plan", point)
    assert str(refused.value).startswith(
        f"“{KINDS['project'].label_of(project)}” cannot be removed: rows of these Blueprints "
        f"still depend on it: “{later.title}” (fiscal year 2549)."
    )
    assert type(project).objects.filter(pk=project.pk).exists()


def test_removing_a_row_removes_that_row_only_and_keeps_it_in_the_history(world, blueprint):
    from proposals.models import Section

    kind = KINDS["risk"]
    Section.objects.filter(blueprint=blueprint, key="risks").update(status="not_started")
    risk, kept = (bp_factories.RiskFactory(blueprint=blueprint) for _ in range(2))
    later = services.blueprint_create(user=world.editor, issue=blueprint.issue, fiscal_year=2549)
    elsewhere = bp_factories.RiskFactory(blueprint=later)
    assert risk.version == kept.version == elsewhere.version  # the same version number

    services.row_delete(
        user=world.editor, blueprint=blueprint, kind=kind, obj=risk, version=risk.version
    )
    assert list(type(risk).objects.values_list("pk", flat=True).order_by("pk")) == [
        kept.pk, elsewhere.pk,
    ]  # fmt: skip
    gone = Revision.objects.get(object_id=risk.pk, kind="risk", action="deleted")
    assert gone.author == world.editor
    assert gone.data["description"] == risk.description and gone.display
    assert Section.objects.get(blueprint=blueprint, key="risks").status == "in_progress"

    # Someone else's newer save, or their removal, is a conflict; nothing is removed.
    save(world.editor, blueprint, "risk", kept, description="แก้โดยเพื่อนร่วมงาน")
    with pytest.raises(services.EditConflict) as stale:
        services.row_delete(
            user=world.editor, blueprint=blueprint, kind=kind, obj=kept, version=kept.version
        )
    assert stale.value.kind is kind
    assert stale.value.current.description == "แก้โดยเพื่อนร่วมงาน"
    with pytest.raises(services.EditConflict) as removed:
        services.row_delete(
            user=world.editor, blueprint=blueprint, kind=kind, obj=risk, version=risk.version
        )
    assert removed.value.current is None
    assert type(kept).objects.filter(pk=kept.pk).exists()
    with pytest.raises(ValueError, match="diagnosis rows are not removed"):
        services.row_delete(
            user=world.editor, blueprint=blueprint, kind=KINDS["diagnosis"],
            obj=blueprint.diagnosis, version=1,
        )  # fmt: skip


def test_a_new_row_is_saved_with_its_extras_at_its_first_version(world, blueprint, chain):
    from proposals.models import Section
    from strategies.models import Project

    Section.objects.filter(blueprint=blueprint).update(status="not_started")
    indicator = services.row_create(
        user=world.editor, blueprint=blueprint, kind=KINDS["indicator"],
        values={"number": 2, "name": "ตัวชี้วัดใหม่", "unit": "ร้อยละ", "version": 7},
        extras={"targets": {2548: Decimal("4"), 2551: Decimal("9.5")}}, parent=chain["goal"],
    )  # fmt: skip
    assert indicator.version == 1  # a posted version is not the new row's
    assert {t.fiscal_year: t.value for t in indicator.targets.all()} == {
        2548: Decimal("4"), 2551: Decimal("9.5"),
    }  # fmt: skip
    project = services.row_create(
        user=world.editor, blueprint=blueprint, kind=KINDS["project"],
        values={"number": 2, "title": "โครงการใหม่", "strategy": chain["strategy"]},
        extras={"budgets": {(2549, "local"): Decimal("120000")},
                "supporting_agencies": [world.agency.pk]},
    )  # fmt: skip
    project = Project.objects.get(pk=project.pk)
    assert list(project.budgets.values_list("fiscal_year", "source", "amount")) == [
        (2549, "local", Decimal("120000.00"))
    ]
    assert list(project.supporting_agencies.all()) == [world.agency]
    statuses = dict(Section.objects.filter(blueprint=blueprint).values_list("key", "status"))
    assert statuses["goals"] == statuses["action_plan"] == "in_progress"
    assert statuses["risks"] == "not_started"
    with pytest.raises(ValueError, match="diagnosis rows are not added"):
        services.row_create(
            user=world.editor, blueprint=blueprint, kind=KINDS["diagnosis"], values={}
        )


def test_a_stale_save_is_a_conflict_that_shows_the_newer_row(world, blueprint):
    change = create(world.editor, blueprint, "change", category="quality", title="หนึ่ง")
    seen = change.version
    save(world.editor, blueprint, "change", change, title="สอง (ของเพื่อนร่วมงาน)")
    with pytest.raises(services.EditConflict) as conflict:
        services.row_update(
            user=world.editor, blueprint=blueprint, kind=KINDS["change"], obj=change,
            values={"title": "สาม"}, version=seen,
        )  # fmt: skip
    assert conflict.value.kind is KINDS["change"]
    assert conflict.value.current.title == "สอง (ของเพื่อนร่วมงาน)"
    change.refresh_from_db()
    assert change.title == "สอง (ของเพื่อนร่วมงาน)"


def test_only_a_change_made_outside_this_blueprint_is_kept_as_outside(world, blueprint, chain):
    indicator = chain["indicator"]
    later = services.blueprint_create(user=world.editor, issue=chain["issue"], fiscal_year=2549)

    def actions(of):
        return list(
            Revision.objects.filter(blueprint=of, kind="indicator", object_id=indicator.pk)
            .order_by("number")
            .values_list("action", flat=True)
        )

    save(world.editor, blueprint, "indicator", indicator, name="แก้ครั้งที่หนึ่ง")
    save(world.editor, blueprint, "indicator", indicator, name="แก้ครั้งที่สอง")
    assert "external" not in actions(blueprint)  # its own saves, one after the other
    # For the other Blueprint of the issue, those saves were made outside it.
    save(world.editor, later, "indicator", indicator, name="แก้ในฉบับปีถัดไป")
    assert actions(later)[-2:] == ["external", "updated"]
    outside = Revision.objects.filter(blueprint=later, action="external").get()
    assert outside.data["name"] == "แก้ครั้งที่สอง" and outside.author is None


def test_the_revision_of_a_save_holds_the_targets_it_saved(world, blueprint, chain):
    indicator = chain["indicator"]
    services.row_update(
        user=world.editor, blueprint=blueprint, kind=KINDS["indicator"], obj=indicator,
        values={}, version=indicator.version, extras={"targets": {2548: Decimal("7.5")}},
    )  # fmt: skip
    kept = Revision.objects.filter(kind="indicator", object_id=indicator.pk).latest("number")
    assert Decimal(kept.data["targets"]["2548"]) == Decimal("7.5")


def test_each_save_is_numbered_in_its_blueprint_and_records_the_row_as_it_is(world, blueprint):
    from django.contrib.auth.models import AnonymousUser

    later = services.blueprint_create(user=world.editor, issue=blueprint.issue, fiscal_year=2549)
    start = Revision.objects.filter(blueprint=blueprint).order_by("number").last().number
    change = create(world.editor, blueprint, "change", category="quality", title="ก" * 500)
    saved = save(world.editor, blueprint, "change", change, gap="ช่องว่าง")
    other = create(world.editor, later, "change", category="capacity", title="ของปีถัดไป")
    kept = list(Revision.objects.filter(blueprint=blueprint).order_by("number"))[-2:]
    assert [revision.number for revision in kept] == [start + 1, start + 2]
    revision = kept[-1]
    assert (revision.section, revision.kind, revision.object_id, revision.action) == (
        "changes", "change", change.pk, "updated",
    )  # fmt: skip
    assert revision.object_version == saved.version == 2
    assert revision.label == KINDS["change"].label_of(saved) != ""
    assert revision.data["gap"] == "ช่องว่าง" and revision.display
    assert revision.author == world.editor
    blueprint.refresh_from_db()
    assert blueprint.revision_count == start + 2
    # The other Blueprint numbers its own saves.
    later.refresh_from_db()
    assert Revision.objects.get(object_id=other.pk, kind="change").number == later.revision_count
    nobody = services.record_revision(
        user=AnonymousUser(), blueprint=blueprint, kind=KINDS["change"], obj=saved,
        action="external",
    )  # fmt: skip
    assert nobody.author is None and nobody.number == start + 3


def test_a_submitted_blueprint_stays_locked_while_another_is_a_draft(world, submitted_blueprint):
    draft = services.blueprint_create(
        user=world.editor, issue=submitted_blueprint.issue, fiscal_year=2549
    )
    draft_saved_at = type(draft).objects.get(pk=draft.pk).updated_at
    with pytest.raises(services.Locked) as locked:
        create(world.editor, submitted_blueprint, "risk", description="ความเสี่ยงใหม่")
    assert str(locked.value) == (
        "This Blueprint cannot be changed while it is “Submitted to OPDC”. "
        "Move it back to draft (or revise it, once returned) to change it."
    )
    assert not submitted_blueprint.risks.filter(description="ความเสี่ยงใหม่").exists()
    assert type(draft).objects.get(pk=draft.pk).updated_at == draft_saved_at  # untouched
