"""Every workflow step against every status: allowed where the workflow says, refused
everywhere else — and a refused step changes nothing.

The expected table is written out here from the workflow as documented
(``proposals/README.md``), never read from ``workflow.STEPS``: a step given one source
state too many (say "back to draft" on a Blueprint already submitted to OPDC) must fail
here. Each case starts from a Blueprint brought to the status by the real steps, so its
edition, snapshots, approved edition and history are those the status normally has.

Steps are posted through the page people use, as the system administrator (who holds
both the province's and OPDC's rights, so only the status decides), and as the person
who normally takes the step (the province's editor, or OPDC's reviewer).
"""

import pytest
from django.urls import reverse

from proposals import workflow
from proposals.models import ApprovedEdition, Blueprint, BlueprintStatus, Snapshot, Transition
from proposals.participation.models import Notification
from strategies.models import AuditEvent
from tests.proposals.conftest import advance

pytestmark = pytest.mark.django_db

S = BlueprintStatus

# The steps from a new draft to each status (editor steps by the editor, OPDC's by the reviewer).
PATH = {
    S.DRAFT: [],
    S.CONSULTATION: ["consult"],
    S.PROVINCIAL_REVIEW: ["consult", "review"],
    S.APPROVED: ["consult", "review", "approve"],
    S.SUBMITTED: ["consult", "review", "approve", "submit"],
    S.RETURNED: ["consult", "review", "approve", "submit", "return"],
    S.ACCEPTED: ["consult", "review", "approve", "submit", "accept"],
}
REVIEWER_STEPS = {"return", "accept"}

# step → (the statuses it starts from, the status it leads to)
WORKFLOW = {
    "consult": ({S.DRAFT}, S.CONSULTATION),
    "review": ({S.CONSULTATION}, S.PROVINCIAL_REVIEW),
    "approve": ({S.PROVINCIAL_REVIEW}, S.APPROVED),
    "submit": ({S.APPROVED}, S.SUBMITTED),
    "return": ({S.SUBMITTED}, S.RETURNED),
    "accept": ({S.SUBMITTED}, S.ACCEPTED),
    "revise": ({S.RETURNED}, S.DRAFT),
    "withdraw": ({S.APPROVED}, S.PROVINCIAL_REVIEW),
    "reopen": ({S.CONSULTATION, S.PROVINCIAL_REVIEW, S.APPROVED}, S.DRAFT),
}

LETTER_FIELDS = {
    "letter-document_number": "ชพ ๐๐๑๗/๑๒๓๔",
    "letter-signer_name": "นายวีระ ศรีวัฒนตระกูล",
    "letter-signer_position": "ผู้ว่าราชการจังหวัดชุมพร",
}

CASES = [(step, status) for step in WORKFLOW for status in PATH]


def bring_to(blueprint, world, status):
    for step in PATH[status]:
        advance(blueprint, world.reviewer if step in REVIEWER_STEPS else world.editor, step)
    return blueprint


def state_of(blueprint, mailoutbox):
    """Everything a workflow step writes."""
    fresh = Blueprint.objects.get(pk=blueprint.pk)
    return {
        "status": fresh.status,
        "edition": fresh.edition,
        "submitted_at": fresh.submitted_at,
        "approver": (fresh.approver_name, fresh.approver_position, fresh.approved_on),
        "version": fresh.version,
        "transitions": list(Transition.objects.filter(blueprint=blueprint).values_list("pk")),
        "snapshots": list(Snapshot.objects.filter(blueprint=blueprint).values_list("pk")),
        "approved_editions": list(
            ApprovedEdition.objects.filter(blueprint=blueprint).values_list("pk")
        ),
        "notifications": Notification.objects.count(),
        "audit": AuditEvent.objects.count(),
        "mail": len(mailoutbox),
    }


def post_step(client, blueprint, step):
    url = reverse("proposals:transition", args=[blueprint.pk, step])
    return client.post(url, {"reason": "เหตุผลประกอบการดำเนินการ", **LETTER_FIELDS})


def check_step(response, blueprint, step, status, before, after, actor):
    sources, target = WORKFLOW[step]
    if status in sources:
        assert response.status_code == 302, response.content[:800]
        assert after["status"] == target
        log = Transition.objects.filter(blueprint=blueprint).latest("pk")
        assert (log.action, log.from_status, log.to_status, log.actor) == (
            step,
            status,
            target,
            actor,
        )
        assert len(after["transitions"]) == len(before["transitions"]) + 1
        assert after["edition"] == before["edition"] + (1 if step == "revise" else 0)
    else:
        assert after == before, f"{step} from {status} changed the Blueprint"


@pytest.mark.parametrize(("step", "status"), CASES)
def test_every_step_from_every_status_as_the_administrator(
    step, status, world, complete_blueprint, client_for, mailoutbox
):
    blueprint = bring_to(complete_blueprint, world, status)
    client = client_for(world.admin)
    before = state_of(blueprint, mailoutbox)
    response = post_step(client, blueprint, step)
    after = state_of(blueprint, mailoutbox)
    check_step(response, blueprint, step, status, before, after, world.admin)
    if status not in WORKFLOW[step][0]:
        # Refused with the reason on the page, not a server error.
        assert response.status_code == 302
        page = client.get(response["Location"])
        assert "is not possible while the Blueprint is" in page.content.decode()


@pytest.mark.parametrize(("step", "status"), CASES)
def test_every_step_from_every_status_as_the_person_who_takes_it(
    step, status, world, complete_blueprint, client_for, mailoutbox
):
    blueprint = bring_to(complete_blueprint, world, status)
    actor = world.reviewer if step in REVIEWER_STEPS else world.editor
    before = state_of(blueprint, mailoutbox)
    response = post_step(client_for(actor), blueprint, step)
    after = state_of(blueprint, mailoutbox)
    check_step(response, blueprint, step, status, before, after, actor)
    if status not in WORKFLOW[step][0]:
        # OPDC does not see a Blueprint never submitted (404); otherwise the page says no.
        never_submitted = status in {S.DRAFT, S.CONSULTATION, S.PROVINCIAL_REVIEW, S.APPROVED}
        expected = 404 if actor == world.reviewer and never_submitted else 302
        assert response.status_code == expected


def test_the_table_covers_every_step_and_status():

    assert set(WORKFLOW) == set(workflow.STEPS)
    assert set(PATH) == set(S)
