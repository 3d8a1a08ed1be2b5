"""The rubric: the weighted score, the default rubric, and its integrity rules."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from proposals.review import services as review_services
from proposals.review.models import Criterion, CriterionLevel, Rubric, Score
from proposals.review.rubric import DEFAULT_RUBRIC, rubric_result, weighted_score


def test_weighted_score_is_weighted_mean_scaled_to_100():
    # (20·5 + 10·1) / 30 = 3.667 → × 20 = 73.33
    assert weighted_score([(20, 5), (10, 1)]) == Decimal("73.33")
    assert weighted_score([(15, 5), (5, 5)]) == Decimal("100.00")
    assert weighted_score([(15, 1), (5, 1)]) == Decimal("20.00")
    assert weighted_score([(1, 3)]) == Decimal("60.00")
    assert weighted_score([]) is None


class _Criterion:
    def __init__(self, pk):
        self.pk = pk


class _Score:
    def __init__(self, criterion_id, weight, level):
        self.criterion_id, self.weight, self.level = criterion_id, weight, level


def test_result_is_final_only_when_every_criterion_is_scored():
    criteria = [_Criterion(1), _Criterion(2), _Criterion(3)]
    partial = rubric_result(criteria, [_Score(1, 20, 4), _Score(2, 10, 2)])
    assert partial.score is None
    assert partial.provisional == Decimal("66.67")  # (80 + 20) / 30 × 20
    assert (partial.scored, partial.criteria, partial.complete) == (2, 3, False)
    full = rubric_result(criteria, [_Score(1, 20, 4), _Score(2, 10, 2), _Score(3, 10, 5)])
    assert full.score == Decimal("75.00")  # (80 + 20 + 50) / 40 × 20
    assert full.complete
    # A score for a criterion of another rubric does not count.
    assert rubric_result(criteria[:1], [_Score(9, 50, 1), _Score(1, 10, 5)]).score == 100


@pytest.mark.django_db
def test_the_default_rubric_exists_after_migrating():
    rubric = Rubric.objects.active().get()
    assert rubric.name == DEFAULT_RUBRIC["name"]
    criteria = list(rubric.criteria.all())
    assert len(criteria) == 8
    assert sum(c.weight for c in criteria) == 100
    assert {c.section for c in criteria} >= {"diagnosis", "goals", "changes", "action_plan"}
    assert {c.title_en for c in criteria} >= {"Diagnosis of the gap", "Participation"}
    for criterion in criteria:
        assert list(criterion.levels.values_list("level", flat=True)) == [1, 2, 3, 4, 5]


@pytest.mark.django_db
def test_one_active_rubric_and_levels_1_to_5_are_enforced_by_the_database():
    with pytest.raises(IntegrityError, match="proposals_review_one_active_rubric|UNIQUE"):
        with transaction.atomic():
            Rubric.objects.create(name="อีกชุด", is_active=True)
    criterion = Criterion.objects.first()
    with pytest.raises(IntegrityError):
        with transaction.atomic():
            CriterionLevel.objects.create(criterion=criterion, level=6, descriptor="เกิน")
    with pytest.raises(IntegrityError):
        with transaction.atomic():
            Criterion.objects.create(rubric=criterion.rubric, title="ศูนย์", weight=0)


@pytest.mark.django_db
def test_scores_keep_the_weight_they_were_given_with(world, round_):
    snapshot = round_.chumphon.snapshots.get()
    criteria = list(Criterion.objects.filter(rubric__is_active=True).order_by("position"))
    result = review_services.review_scores_save(
        user=world.reviewer,
        snapshot=snapshot,
        levels={c.pk: 4 for c in criteria},
        comments={criteria[0].pk: "วิเคราะห์ช่องว่างชัดเจน"},
    )
    assert result.score == Decimal("80.00")
    assert Score.objects.get(snapshot=snapshot, criterion=criteria[0]).comment
    # OPDC re-weights the rubric later: the review already done keeps its result.
    Criterion.objects.filter(pk=criteria[0].pk).update(weight=90)
    review_services.review_scores_save(
        user=world.reviewer, snapshot=snapshot, levels={criteria[1].pk: 5}, comments={}
    )
    # (400 − 15·4 + 15·5) / 100 × 20: criterion 1 still counts with weight 20, not 90.
    assert review_services.snapshot_result(snapshot).score == Decimal("83.00")
