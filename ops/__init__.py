"""Operating the site: the worker's heartbeat, the health page and the request metrics.

A base layer like ``strategies``: it names nothing of the project above it, so the worker
command (``proposals``) can beat through it. See ``ops/README.md``.
"""
