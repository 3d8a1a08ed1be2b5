"""Participation: agencies, their inputs, workshops, comments, notifications (README.md)."""


def plug() -> None:
    """What participation adds to the Blueprint's core (:mod:`proposals.contributions`):
    the participation record with every document, its two blockers, and its part of the
    snapshot. Called once from :meth:`proposals.apps.ProposalsConfig.ready`."""
    from proposals import contributions
    from proposals.participation import evidence, snapshot

    contributions.add_document_part("participation", evidence.participation_record)
    contributions.add_blocker_check(evidence.blockers)
    contributions.add_snapshot_part(snapshot.participation_data)
