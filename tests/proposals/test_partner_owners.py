"""Regional offices of central agencies, local government and the private sector can own
a province's rows (GAP is certified by the Department of Agriculture's regional office,
not by the provincial agriculture office); strangers to the province cannot."""

import pytest

from proposals.forms import ChangeProposalForm
from strategies.forms import IndicatorForm
from strategies.models import Organisation, OrganisationKind
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def partners(world):
    department = factories.OrganisationFactory(
        kind=OrganisationKind.DEPARTMENT, code="doa", name="กรมวิชาการเกษตร"
    )

    def org(code, kind, **fields):
        return Organisation.objects.create(code=code, kind=kind, name=code, **fields)

    return {
        "regional": org(
            "oard7", OrganisationKind.REGIONAL_OFFICE, parent=department, region="south"
        ),
        "north": org("oard1", OrganisationKind.REGIONAL_OFFICE, parent=department, region="north"),
        "pao": org("pao", OrganisationKind.LOCAL_GOVERNMENT, province=world.province),
        "chamber": org("chamber", OrganisationKind.PRIVATE, province=world.province),
        "surat-pao": org(
            "surat-pao", OrganisationKind.LOCAL_GOVERNMENT, province=world.other_province
        ),
    }


def test_partners_of_the_province_own_its_rows(world, partners):
    owners = set(Organisation.objects.owners_for(world.province).values_list("code", flat=True))
    assert {"chumphon", "chumphon-agri", "oard7", "pao", "chamber"} <= owners
    # Another region's office, another province's partners and agencies are not choices.
    assert not owners & {"oard1", "surat-pao", "surat-agri", "surat"}


def test_the_forms_offer_the_regional_office(world, partners, complete_blueprint):
    form = IndicatorForm(plan=world.plan)
    assert partners["regional"] in form.fields["owner"].queryset
    assert partners["north"] not in form.fields["owner"].queryset
    change = ChangeProposalForm(blueprint=complete_blueprint)
    assert partners["regional"] in change.fields["responsible_agency"].queryset
    assert partners["surat-pao"] not in change.fields["responsible_agency"].queryset


def test_the_demo_gives_gap_to_the_department_of_agriculture():
    from proposals.demo.blueprint import load_blueprint_demo
    from strategies.demo import cascade as demo

    demo.load()
    blueprint = load_blueprint_demo()
    gap = blueprint.issue.goals.get(number=2).indicators.get(number=1)
    assert gap.owner.code == "doa-oard7" and gap.owner.parent.name == "กรมวิชาการเกษตร"
    change = blueprint.change_proposals.get(title__contains="GAP")
    assert change.responsible_agency.kind == OrganisationKind.REGIONAL_OFFICE
