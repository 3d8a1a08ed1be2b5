"""Which of the site's caches are on: each can be turned off by name.

A cache is kept only where a page misses its goal (p95 < 100 ms at 76 provinces) on the
cold path without it, and its key comes from what was read — here PostgreSQL's ``xmin``
stamps (:mod:`strategies.stamps`) — so turning one off changes how fast a page is, never
what it shows. Turning them off is how the benchmark measures what each earns
(``bench/run.py``) and how a server is run without them.

``DJANGO_CACHES_OFF`` (settings ``CACHES_OFF``) is a comma-separated list of
:data:`NAMES`, or ``all``.
"""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

#: The caches of the site's pages, by the name a setting turns them off with.
NAMES = {
    "page": "the body of the Blueprint page, per reader (PostgreSQL: page stamp)",
    "issue_tree": "the Blueprint page's cascade rows, per strategic issue, for the renders "
    "after a save (PostgreSQL: the cascade's part of the page stamp)",
    "document": "the Blueprint's loaded document, per Blueprint, loaded by a save's "
    "dashboard refresh for the page opened next (PostgreSQL: the document's part of the "
    "page stamp)",
    "dashboard": "the review dashboard's reference, latest years and search matches "
    "(PostgreSQL: stamps of their tables)",
}


def on(name: str) -> bool:
    """Whether the cache ``name`` (one of :data:`NAMES`) is used."""
    off = settings.CACHES_OFF
    return name not in off and "all" not in off


def check_names() -> None:
    """Refuse to start when ``DJANGO_CACHES_OFF`` names a cache there is not."""
    unknown = set(settings.CACHES_OFF) - set(NAMES) - {"all"}
    if unknown:
        raise ImproperlyConfigured(
            f"DJANGO_CACHES_OFF names no cache: {', '.join(sorted(unknown))} "
            f"(the caches: {', '.join(NAMES)}, or all)"
        )
