"""factory_boy factories for the cascade, organisations and people."""

import datetime
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

from strategies.models import (
    ActionPlan,
    AdministrationPlan,
    BudgetSource,
    ClusterMembership,
    Goal,
    Indicator,
    IndicatorTarget,
    Membership,
    NationalStrategy,
    Organisation,
    OrganisationKind,
    PolicyHeading,
    PolicyStatement,
    Project,
    ProjectBudget,
    Role,
    StrategicIssue,
    Strategy,
)

PASSWORD = "blueprint2548"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "สมชาย"
    last_name = factory.Sequence(lambda n: f"ใจดี{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.go.th")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = OrganisationKind.PROVINCE
    code = factory.Sequence(lambda n: f"org-{n}")
    name = factory.Sequence(lambda n: f"จังหวัดทดสอบ {n}")
    name_en = factory.Sequence(lambda n: f"Test province {n}")


class ProvinceFactory(OrganisationFactory):
    kind = OrganisationKind.PROVINCE
    region = "south"
    governor_name = factory.Sequence(lambda n: f"นายผู้ว่า ทดสอบ{n}")


class LineAgencyFactory(OrganisationFactory):
    kind = OrganisationKind.LINE_AGENCY
    name = factory.Sequence(lambda n: f"สำนักงานเกษตรจังหวัดทดสอบ {n}")
    province = factory.SubFactory(ProvinceFactory)


class OPDCFactory(OrganisationFactory):
    kind = OrganisationKind.OPDC
    name = "สำนักงาน ก.พ.ร."
    code = factory.Sequence(lambda n: f"opdc-{n}")


class ClusterMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClusterMembership

    cluster = factory.SubFactory(OrganisationFactory, kind=OrganisationKind.CLUSTER)
    province = factory.SubFactory(ProvinceFactory)
    start_date = datetime.date(2004, 10, 1)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(ProvinceFactory)
    role = Role.EDITOR


class PolicyStatementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PolicyStatement

    title = "คำแถลงนโยบายของคณะรัฐมนตรี"
    delivered_on = datetime.date(2005, 3, 23)


class PolicyHeadingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PolicyHeading

    statement = factory.SubFactory(PolicyStatementFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"นโยบายที่ {n + 1}")


class AdministrationPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdministrationPlan

    title = "แผนการบริหารราชการแผ่นดิน พ.ศ. 2548–2551"
    statement = factory.SubFactory(PolicyStatementFactory)
    start_year = 2548
    end_year = 2551


class NationalStrategyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NationalStrategy

    plan = factory.SubFactory(AdministrationPlanFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"ยุทธศาสตร์ที่ {n + 1}")


class ActionPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionPlan

    organisation = factory.SubFactory(ProvinceFactory)
    administration_plan = factory.SubFactory(AdministrationPlanFactory)
    title = factory.LazyAttribute(lambda o: f"แผนปฏิบัติราชการ 4 ปี {o.organisation.name}")
    start_year = 2548
    end_year = 2551
    vision = "มุ่งการผลิตและจำหน่ายสินค้าเกษตรครบวงจร"


class StrategicIssueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StrategicIssue

    plan = factory.SubFactory(ActionPlanFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = "การพัฒนาเศรษฐกิจและการแก้ไขปัญหาความยากจน"


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    issue = factory.SubFactory(StrategicIssueFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = "รายได้ของเกษตรกรเพิ่มขึ้น"


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    goal = factory.SubFactory(GoalFactory)
    number = factory.Sequence(lambda n: n + 1)
    name = "ร้อยละที่เพิ่มขึ้นของรายได้เฉลี่ยครัวเรือนเกษตรกร"
    unit = "ร้อยละ"
    baseline = Decimal("2.50")
    baseline_year = 2547


class IndicatorTargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorTarget

    indicator = factory.SubFactory(IndicatorFactory)
    fiscal_year = 2548
    value = Decimal("3.00")


class StrategyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Strategy

    issue = factory.SubFactory(StrategicIssueFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = "ส่งเสริมการผลิตสินค้าเกษตรปลอดภัย"


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    strategy = factory.SubFactory(StrategyFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = "โครงการพัฒนาผลไม้คุณภาพเพื่อการส่งออก"


class ProjectBudgetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectBudget

    project = factory.SubFactory(ProjectFactory)
    fiscal_year = 2548
    source = BudgetSource.REGULAR
    amount = Decimal("1500000.00")
