"""Fixtures for the covering letter (หนังสือนำส่ง): Chumphon's office and a Blueprint
approved and ready to submit, with or without the letter's details."""

import pytest

from proposals.letters import services as letter_services
from strategies.models import Organisation
from tests.proposals import conftest as proposal_fixtures
from tests.proposals.conftest import advance

# Fixtures shared with tests/proposals.
chain = proposal_fixtures.chain
blueprint = proposal_fixtures.blueprint
complete_blueprint = proposal_fixtures.complete_blueprint
client = proposal_fixtures.client

OFFICE = {
    "office_name": "ศาลากลางจังหวัดชุมพร",
    "office_address": "ถนนไชยราช ตำบลท่าตะเภา อำเภอเมืองชุมพร จังหวัดชุมพร ๘๖๐๐๐",
    "office_unit": "สำนักงานจังหวัดชุมพร กลุ่มงานยุทธศาสตร์และข้อมูลเพื่อการพัฒนาจังหวัด",
    "office_phone": "๐ ๗๗๕๑ ๑๒๓๔",
}
LETTER = {
    "document_number": "ชพ ๐๐๑๗/๑๒๓๔",
    "reference": "หนังสือสำนักงาน ก.พ.ร. ที่ นร ๑๒๐๐/๔๕",
    "enclosures": "สรุปผลการประชุมเชิงปฏิบัติการ",
    "signer_name": "นายวีระ ศรีวัฒนตระกูล",
    "signer_position": "ผู้ว่าราชการจังหวัดชุมพร",
}


@pytest.fixture
def office(world):
    Organisation.objects.filter(pk=world.province.pk).update(**OFFICE)
    world.province.refresh_from_db()
    return world.province


@pytest.fixture
def approved(complete_blueprint, world, office):
    return advance(complete_blueprint, world.editor, "consult", "review", "approve")


@pytest.fixture
def lettered(approved, world):
    letter_services.letter_save(user=world.editor, blueprint=approved, values=LETTER)
    return approved


@pytest.fixture
def submitted_with_letter(lettered, world):
    return advance(lettered, world.editor, "submit")
