"""OPDC's review workspace (README.md)."""


def plug() -> None:
    """What the review round adds to the Blueprint's core (:mod:`proposals.contributions`):
    OPDC's unanswered comments with every document and as blockers, the answers in the
    snapshot, and the dashboard digests kept fresh after every write of a Blueprint or of
    the cascade. Called once from :meth:`proposals.apps.ProposalsConfig.ready`."""
    from proposals import contributions
    from proposals.review import answers, digest
    from strategies.signals import cascade_changed

    contributions.add_document_part("unanswered_notes", answers.unanswered)
    contributions.add_blocker_check(answers.document_blockers)
    contributions.add_snapshot_part(answers.submitted_answers)
    contributions.blueprint_changed.connect(
        digest.refresh_for_blueprint, dispatch_uid="proposals_digest_blueprint"
    )
    cascade_changed.connect(digest.refresh_for_issues, dispatch_uid="proposals_digest_cascade")
