"""Which of the site's caches are on: each can be turned off by name.

Every cache of a page is keyed by what was read (a row-version stamp, a fingerprint of
every field of every instance a template receives), so turning one off changes how
fast a page is, never what it shows. Turning them off is how the benchmark measures
what each earns (``bench/run.py``: the cold path without it) and how the property test
(``test_caches_agree.py``) renders the page it compares with.

``DJANGO_CACHES_OFF`` (settings ``CACHES_OFF``) is a comma-separated list of
:data:`NAMES`, or ``all``.
"""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

#: The caches of the site's pages, by the name a setting turns them off with.
NAMES = {
    "page": "the body of the Blueprint page, per reader (PostgreSQL: page stamp)",
    "document": "the loaded Blueprint document (PostgreSQL: document stamp)",
    "sections": "the rendered sections of the Blueprint page (fingerprint of the document)",
    "fragments": "dashboard and workshop rows (digest of the values each shows)",
    "dashboard": "the review dashboard's reference, latest years and search matches",
    "comparison": "the review page's comparison of two submitted versions",
    "cascade": "the cascade check's report (PostgreSQL: plan stamp)",
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
