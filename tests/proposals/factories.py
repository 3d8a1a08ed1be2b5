"""factory_boy factories for Blueprint rows. A Blueprint itself is made with the
``blueprint_create`` service (it also creates the sections and the first revisions)."""

import datetime

import factory

from proposals.models import (
    Capital,
    ChangeCategory,
    ChangeProposal,
    ProjectActivity,
    ProjectMilestone,
    ReadinessItem,
    Risk,
    SuccessFactor,
)


class ChangeProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChangeProposal

    category = ChangeCategory.EFFICIENCY
    title = factory.Sequence(lambda n: f"ลดขั้นตอนการขอรับรองมาตรฐาน GAP ข้อที่ {n + 1}")
    gap = "เกษตรกรต้องรอการตรวจรับรองนานเกิน 90 วัน"
    expected_result = "ระยะเวลาการรับรองลดลงเหลือไม่เกิน 45 วัน"
    position = factory.Sequence(lambda n: n + 1)


class ReadinessItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReadinessItem

    capital = Capital.HUMAN
    requirement = "เจ้าหน้าที่ส่งเสริมมีความรู้ด้านมาตรฐาน GAP"
    current_level = "มีผู้ตรวจประเมิน 4 คน"
    gap = "ขาดผู้ตรวจประเมินอีก 8 คน"
    action = "อบรมผู้ตรวจประเมินภายในปี 2548"
    position = factory.Sequence(lambda n: n + 1)


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectActivity

    title = factory.Sequence(lambda n: f"อบรมเกษตรกรรุ่นที่ {n + 1}")
    start_date = datetime.date(2004, 11, 1)
    end_date = datetime.date(2005, 3, 31)
    position = factory.Sequence(lambda n: n + 1)


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectMilestone

    title = factory.Sequence(lambda n: f"ผ่านการรับรองครบ {n + 1} แปลง")
    due_date = datetime.date(2005, 6, 30)
    position = factory.Sequence(lambda n: n + 1)


class RiskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Risk

    description = "ราคาผลไม้ตกต่ำในช่วงผลผลิตออกมาก"
    mitigation = "ทำสัญญาซื้อขายล่วงหน้ากับผู้ส่งออก"
    position = factory.Sequence(lambda n: n + 1)


class SuccessFactorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SuccessFactor

    text = factory.Sequence(lambda n: f"ความร่วมมือของเกษตรกรและหน่วยงาน ข้อ {n + 1}")
    position = factory.Sequence(lambda n: n + 1)
