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

# The Thai word segmenter's dictionary built, and what the process holds set aside from
# the garbage collector, before the first request (blueprint_site/startup.py).
from blueprint_site.startup import prepare_process  # noqa: E402 — needs the apps loaded

prepare_process()
