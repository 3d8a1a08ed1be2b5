"""What a web process does once, after Django is set up and before its first request.

1. It builds the Thai word segmenter's dictionary (a trie of ~60,000 words,
   :func:`proposals.review.search.warm_up`): otherwise the first save or dashboard search
   it serves waits seconds for it, and so do the requests of its other threads.
2. It moves everything alive to the collector's permanent generation (``gc.freeze``).
   That dictionary alone is ~235,000 objects, and with Django's own a process holds
   ~520,000 long-lived objects that nothing will free: each full collection walked them
   all, 180–240 ms that fell on whichever request was running (a quiet run of
   ``bench/run.py`` showed them as the worst tenth of the national results page).
   Frozen, they are never walked; a full collection of what requests leave takes ~40 ms.

Called by ``blueprint_site/wsgi.py`` (each gunicorn worker, or the master with
``--preload``, where freezing before the fork also keeps the pages shared) and by the
benchmark, which measures pages as a web process serves them.
"""

import gc


def prepare_process() -> None:
    from proposals.review import search

    search.warm_up()
    gc.collect()
    gc.freeze()
