"""Results: actual values against the yearly targets, quarter by quarter (README.md)."""


def plug() -> None:
    """What monitoring adds to the Blueprint's core (:mod:`proposals.contributions`): the
    year results shown under the targets, the checklist's advice on years without a result,
    and the results sent with a submission. Called once from
    :meth:`proposals.apps.ProposalsConfig.ready`."""
    from proposals import contributions
    from proposals.monitoring import results

    contributions.add_document_part("results", results.document_results)
    contributions.add_warning_check(results.warnings)
    contributions.add_snapshot_part(results.results_data, evidence=("results",))
