"""
WSGI config for blueprint_site project.

It exposes the WSGI callable as a module-level variable named ``application``.

For more information on this file, see
https://docs.djangoproject.com/en/5.2/howto/deployment/wsgi/
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "blueprint_site.settings")

application = get_wsgi_application()

# Each web process builds the Thai word segmenter's dictionary before its first request:
# otherwise the first save or dashboard search it serves waits seconds for it (and, the
# work holding the interpreter, so do the requests of its other threads).
from proposals.review import search  # noqa: E402 — needs the apps loaded

search.warm_up()
