"""Documents attached to a Blueprint: minutes, photos, the signed approval page."""


def plug() -> None:
    """The files attached go with the snapshot as evidence (sent at submission, not part
    of the approved edition: :mod:`proposals.edition`). Called once from
    :meth:`proposals.apps.ProposalsConfig.ready`."""
    from proposals import contributions
    from proposals.attachments.snapshot import attachments_data

    contributions.add_snapshot_part(attachments_data, evidence=("attachments",))
