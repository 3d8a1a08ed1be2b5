"""The Blueprint as a PDF: an official Thai document, archived, verifiable, machine-readable.

See ``proposals/README.md`` (section "The PDF") for the modules and what to call.
"""
